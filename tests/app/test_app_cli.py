"""`trm-app FILE --screenshot PNG [--solve]`: headless pictures, and a one-line message on a bad file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from trm_app.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_screenshot_with_solve(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "shot.png"
    rc = main([str(data_dir / "sudoku_one.txt"), "--model", "search", "--screenshot", str(out), "--solve",
               "--size", "1200x800"])
    assert rc == 0, capsys.readouterr().err
    with Image.open(out) as im:
        assert im.size[0] >= 1200 and im.size[1] >= 800
        # a solved board: far more dark (digit) pixels than an empty one would have
        assert len(set(im.convert("L").tobytes())) > 20


def test_screenshot_of_a_maze_with_kind(qapp, samples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "maze.png"
    assert main([str(samples_dir / "maze" / "small.txt"), "--kind", "maze", "--screenshot", str(out)]) == 0
    assert out.exists()


def test_screenshot_of_a_photo_shows_the_import_dialog_once_read(qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "photo.png"
    rc = main([str(ROOT / "resources" / "photos" / "sudoku_half_solved.jpg"), "--screenshot", str(out)])
    assert rc == 0, capsys.readouterr().err
    with Image.open(out) as im:
        assert im.size != (1440, 900)        # the dialog, not the main window
        rgb = np.asarray(im.convert("RGB")).astype(int)
    # The grid found is outlined in green on the photo, which only happens once the read is done.
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    assert np.count_nonzero((g > 150) & (r < 80) & (b < 120)) > 500


def test_bad_file_exits_non_zero_with_one_line(data_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "trm_app", str(data_dir / "sudoku_bad.txt"), "--screenshot",
                           str(tmp_path / "x.png")], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("trm-app:")]
    assert len(lines) == 1 and "sudoku_bad.txt:2:" in lines[0]
    assert "Traceback" not in proc.stderr and not (tmp_path / "x.png").exists()


def test_screenshot_with_a_model_file(qapp, data_dir: Path, tmp_path: Path, tiny_sudoku_model: Path) -> None:
    out = tmp_path / "tiny.png"
    assert main([str(data_dir / "sudoku_one.txt"), "--model", str(tiny_sudoku_model), "--screenshot", str(out),
                 "--solve"]) == 0
    assert out.exists()


def test_unknown_model_is_refused(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    assert main([str(data_dir / "sudoku_one.txt"), "--model", "nonesuch", "--screenshot",
                 str(tmp_path / "x.png")]) == 2
    assert "nonesuch" in capsys.readouterr().err and not (tmp_path / "x.png").exists()


def test_solve_needs_screenshot() -> None:
    import pytest

    with pytest.raises(SystemExit) as e:
        main(["--solve"])
    assert e.value.code == 2
