"""`trm-app FILE --screenshot PNG [--solve]`: headless pictures, and a one-line message on a bad file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from solver.puzzles import maze, sudoku
from trm_app.main import main
from trm_app.theme import BoardColors

ROOT = Path(__file__).resolve().parents[2]


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(int)


def _near(rgb: np.ndarray, colour, tol: int = 24) -> np.ndarray:
    return (np.abs(rgb - np.array([colour.red(), colour.green(), colour.blue()])) <= tol).all(-1)


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """x0, x1, y0, y1 of a board: its outermost long lines (rows and columns mostly `mask`)."""
    cols, rows = mask.sum(0), mask.sum(1)
    xs, ys = np.flatnonzero(cols > 0.6 * cols.max()), np.flatnonzero(rows > 0.6 * rows.max())
    return xs.min(), xs.max(), ys.min(), ys.max()


def _per_cell(mask: np.ndarray, box, shape, inner: float = 0.2) -> np.ndarray:
    """How many `mask` pixels each cell of the board holds, away from its edges by `inner` of a cell."""
    x0, x1, y0, y1 = box
    h, w = (y1 - y0) / shape[0], (x1 - x0) / shape[1]
    return np.array([[mask[int(y0 + (r + inner) * h):int(y0 + (r + 1 - inner) * h),
                           int(x0 + (c + inner) * w):int(x0 + (c + 1 - inner) * w)].sum()
                      for c in range(shape[1])] for r in range(shape[0])])


def _sudoku_board(path: Path, colours: BoardColors) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell of the board in a screenshot: given ink, answer ink, and the search's difference boxes."""
    rgb = _pixels(path)
    box = _box(~_near(rgb, colours.background, tol=100))
    return (_per_cell(_near(rgb, colours.given), box, (9, 9)) > 30,
            _per_cell(_near(rgb, colours.entered), box, (9, 9)) > 30,
            _per_cell(_near(rgb, colours.diff), box, (9, 9), inner=0.0) > 30)


def test_screenshot_with_solve(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "shot.png"
    rc = main([str(data_dir / "sudoku_one.txt"), "--model", "search", "--screenshot", str(out), "--solve",
               "--size", "1200x800"])
    assert rc == 0, capsys.readouterr().err
    with Image.open(out) as im:
        assert im.size[0] >= 1200 and im.size[1] >= 800
    # The board found by its lines shows the puzzle's givens in given ink and the answer, in answer ink,
    # in exactly the other cells; the exact search changed nothing of a network's: no difference boxes.
    givens = sudoku.parse((data_dir / "sudoku_one.txt").read_text())[0].givens
    given, answer, boxed = _sudoku_board(out, BoardColors.from_palette(qapp.palette()))
    assert np.array_equal(given, givens > 0) and np.array_equal(answer, givens == 0) and not boxed.any()


def test_screenshot_of_a_maze_with_kind(qapp, samples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "maze.png"
    file = samples_dir / "maze" / "small.txt"
    assert main([str(file), "--kind", "maze", "--screenshot", str(out)]) == 0
    # Every cell of the file's first maze, in its colour, on the board bounded by the outer walls.
    c = BoardColors.from_palette(qapp.palette())
    rgb, grid = _pixels(out), maze.parse(file.read_text())[0].grid
    box = _box(_near(rgb, c.wall))
    shown = np.full(grid.shape, -1)
    for value, colour in ((maze.WALL, c.wall), (maze.OPEN, c.open), (maze.START, c.start), (maze.GOAL, c.goal)):
        cells = _per_cell(_near(rgb, colour, tol=8), box, grid.shape, inner=0.1)
        shown[cells > 0.5 * cells.max()] = value
    assert np.array_equal(shown, grid), shown


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
    # The untrained network's answer, repaired by the search: the solved board, with the cells the search
    # changed boxed (there are some: an untrained network is wrong somewhere).
    givens = sudoku.parse((data_dir / "sudoku_one.txt").read_text())[0].givens
    given, answer, boxed = _sudoku_board(out, BoardColors.from_palette(qapp.palette()))
    assert np.array_equal(given, givens > 0) and np.array_equal(answer, givens == 0) and boxed.any()


def test_unknown_model_is_refused(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    assert main([str(data_dir / "sudoku_one.txt"), "--model", "nonesuch", "--screenshot",
                 str(tmp_path / "x.png")]) == 2
    assert "nonesuch" in capsys.readouterr().err and not (tmp_path / "x.png").exists()


def test_solve_needs_screenshot() -> None:
    import pytest

    with pytest.raises(SystemExit) as e:
        main(["--solve"])
    assert e.value.code == 2
