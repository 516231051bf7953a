"""The wheel carries the bundled models, samples and icons as package data, and no test photos. Built
without build isolation from a copy of the sources (about a second; the checkout is left untouched)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_holds_the_resources(tmp_path):
    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "photos")
    for name in ("solver", "training", "trm_app", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    (src / "resources" / "photos").mkdir()
    (src / "resources" / "photos" / "fixture.jpg").write_bytes(b"not for the wheel")
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                          "-q", "-w", str(tmp_path / "wheel"), str(src)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"resources/__init__.py", "resources/models/digits.safetensors", "resources/models/digits.json",
            "resources/icons/app.svg", "solver/resources.py", "trm_app/main.py", "training/cli.py"} <= names
    app = {f.relative_to(src).as_posix() for f in (src / "trm_app").rglob("*.py")}
    assert app <= names, sorted(app - names)  # the kinds' sub-packages (trm_app/maze/, ...) and the wizard too
    for kind in ("sudoku", "maze", "arc"):
        assert any(n.startswith(f"resources/samples/{kind}/") for n in names), kind
    assert not any(n.startswith("resources/photos") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "trm-app = trm_app.main:main" in entry_points and "trm = training.cli:main" in entry_points
