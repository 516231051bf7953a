"""Reading a Sudoku at corners the person placed, and the outline a no-grid error offers for it."""
import json
from pathlib import Path

import numpy as np
import pytest

from solver.puzzles.base import PuzzleError
from solver.vision import NoGridFound, read_photo
from solver.vision.synthetic_grids import gridless_sudoku
from training.cli import main

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"
EXPECTED = json.loads((PHOTOS / "expected.json").read_text())
DEV = Path(__file__).resolve().parents[2] / "data" / "dev_photos"
LINE = "530070000600195000098000060800060003400803001700020006060000280000419005000080079"


def test_gridless_digits_are_read_at_given_corners() -> None:
    img, corners = gridless_sudoku(LINE)
    with pytest.raises(NoGridFound) as e:
        read_photo(img)
    assert e.value.best_corners is None and "best_corners" not in e.value.to_json()
    r = read_photo(img, corners=corners)
    assert r.grid_text() == LINE and r.details["method"] == "corners"   # no lines: a plain perspective mesh
    assert np.abs(r.corners - corners).max() < 1.0
    # Corners a sixth of a cell off (a hand-placed handle) still put each digit in its cell.
    r = read_photo(img, corners=corners + np.array([[8, 6], [-7, 8], [-5, -8], [7, -6]]))
    assert r.grid_text() == LINE


def test_dev_photo_read_at_its_labelled_corners() -> None:
    label = json.loads((DEV / "labels.jsonl").read_text().splitlines()[0])
    r = read_photo(DEV / label["image"], "sudoku", corners=label["corners_xy"])
    assert r.details["method"] == "corners+lines"                      # the lines tracked from there
    assert r.grid_text() == label["digits"]


def test_no_grid_offers_the_nearest_outline() -> None:
    with pytest.raises(NoGridFound) as e:
        read_photo(PHOTOS / "no_grid_crossword.jpg")
    q = e.value.best_corners
    assert q is not None and q.shape == (4, 2)
    assert e.value.to_json()["best_corners"] == [[round(float(x), 1), round(float(y), 1)] for x, y in q]


@pytest.mark.parametrize("corners, match", [([[1, 2], [3, 4], [5, 6]], "4 points"),
                                            ([[0, 0], [9000, 0], [9000, 9000], [0, 9000]], "outside"),
                                            ([[0, 0], [300, 300], [0, 300], [300, 0]], None),
                                            ([[0, 0], [5, 0], [5, 5], [0, 5]], "do not outline")])
def test_bad_corners_are_a_clear_error(corners, match) -> None:
    if match is None:      # corners in any order are taken as TL TR BR BL of their outline
        assert read_photo(PHOTOS / "sudoku_upright.jpg", corners=corners).kind == "sudoku"
        return
    with pytest.raises(PuzzleError, match=match):
        read_photo(PHOTOS / "sudoku_upright.jpg", corners=corners)
    with pytest.raises(PuzzleError, match="Sudoku"):
        read_photo(PHOTOS / "maze_photo.jpg", "maze", corners=[[0, 0], [300, 0], [300, 300], [0, 300]])


def test_cli_corners_and_best_corners(capsys, tmp_path: Path) -> None:
    code = main(["read-photo", str(PHOTOS / "no_grid_crossword.jpg"), "--format", "json"])
    err = json.loads(capsys.readouterr().out)
    assert code == 3 and err["error"].startswith("no grid found") and len(err["best_corners"]) == 4
    img, corners = gridless_sudoku(LINE)
    import cv2
    path = tmp_path / "gridless.png"
    cv2.imwrite(str(path), img)
    code = main(["read-photo", str(path), "--format", "json"])
    assert code == 3 and "best_corners" not in json.loads(capsys.readouterr().out)
    flat = ",".join(f"{v:g}" for v in corners.ravel())
    code = main(["read-photo", str(path), "--corners", flat, "--format", "json"])
    r = json.loads(capsys.readouterr().out)
    assert code == 0 and r["grid"] == LINE and r["method"] == "corners"
    with pytest.raises(SystemExit):
        main(["read-photo", str(path), "--corners", "1,2,3"])
    code = main(["read-photo", str(path), str(path), "--corners", flat])
    assert code == 2 and "one photo at a time" in capsys.readouterr().err
    code = main(["read-photo", str(PHOTOS / "no_grid_crossword.jpg")])
    assert code == 3 and "--corners" in capsys.readouterr().err
