"""solver.resources: one place that finds the bundled models, samples and icons, in a checkout, an
installed wheel, a frozen bundle, or where TRM_RESOURCES says."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from solver import resources

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_finds_the_folder_beside_the_packages(monkeypatch):
    monkeypatch.delenv(resources.ENV, raising=False)
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.resource_path("models", "digits.safetensors").is_file()
    assert resources.resource_path("icons", "app.svg").is_file()
    for kind in ("sudoku", "maze", "arc"):
        assert any(resources.resource_path("samples", kind).iterdir())


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(resources.ENV, str(tmp_path))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/elsewhere", raising=False)
    assert resources.resource_path("models") == tmp_path / "models"


def test_a_frozen_program_looks_in_its_bundle(monkeypatch, tmp_path):
    monkeypatch.delenv(resources.ENV, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("samples", "maze") == tmp_path / "resources" / "samples" / "maze"


def test_a_meipass_without_frozen_is_ignored(monkeypatch, tmp_path):
    monkeypatch.delenv(resources.ENV, raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == ROOT / "resources"


def test_the_engine_and_the_app_ask_the_helper():
    from solver import checkpoint
    from solver.vision import digits
    from trm_app import paths

    assert checkpoint.BUNDLED_DIR == resources.resource_path("models")
    assert digits.MODEL_PATH == resources.resource_path("models", "digits.safetensors")
    assert paths.SAMPLES_DIR == resources.resource_path("samples")
    assert paths.ICONS_DIR == resources.resource_path("icons")


def test_no_other_module_builds_a_resources_path():
    """solver/ and trm_app/ find resources only through solver.resources (training's recipes and
    fixture writers are developer tools that write into the checkout, and may)."""
    offenders = []
    for f in list((ROOT / "solver").rglob("*.py")) + list((ROOT / "trm_app").rglob("*.py")):
        if f == ROOT / "solver" / "resources.py":
            continue
        for n, line in enumerate(f.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"""["']resources["']""", code):
                offenders.append(f"{f.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders


def test_a_resources_package_in_the_current_directory_cannot_stand_in(tmp_path):
    decoy = tmp_path / "resources"
    (decoy / "models").mkdir(parents=True)
    (decoy / "__init__.py").write_text("")
    code = "import solver.resources as r; print(r.resources_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == ROOT / "resources"
