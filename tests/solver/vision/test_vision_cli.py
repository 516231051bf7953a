"""`trm read-photo` and `trm solve photo.jpg`."""
import json
from pathlib import Path

from training.cli import main

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"
EXPECTED = json.loads((PHOTOS / "expected.json").read_text())


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_read_photo_json_contract(capsys):
    code, out, _ = run(capsys, "read-photo", str(PHOTOS / "sudoku_upside_down.jpg"), "--format", "json")
    r = json.loads(out)
    assert code == 0 and r["kind"] == "sudoku" and r["grid"] == EXPECTED["sudoku_upside_down.jpg"]["grid"]
    assert len(r["grid"]) == 81 and len(r["confidence"]) == 81 and all(0 <= c <= 1 for c in r["confidence"])
    assert len(r["corners"]) == 4 and all(len(p) == 2 for p in r["corners"]) and r["seconds"] > 0


def test_read_photo_maze_rows_and_text_format(capsys):
    code, out, _ = run(capsys, "read-photo", str(PHOTOS / "maze_photo.jpg"), "--kind", "maze", "--format", "json")
    r = json.loads(out)
    assert code == 0 and r["grid"] == EXPECTED["maze_photo.jpg"]["grid"]
    code, out, _ = run(capsys, "read-photo", str(PHOTOS / "sudoku_tilted.jpg"))
    assert code == 0 and "------+-------+------" in out and "lowest confidence" in out


def test_no_grid_exit_status_3(capsys):
    code, out, err = run(capsys, "read-photo", str(PHOTOS / "no_grid_text.jpg"), "--format", "json")
    assert code == 3 and json.loads(out)["error"].startswith("no grid found: ")
    code, out, err = run(capsys, "read-photo", str(PHOTOS / "no_grid_crossword.jpg"))
    assert code == 3 and out == "" and "no grid found" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "solve", str(PHOTOS / "no_grid_text.jpg"))
    assert code == 3 and "no grid found" in err


def test_unreadable_image_names_the_file(tmp_path, capsys):
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG but not really")
    code, _, err = run(capsys, "read-photo", str(bad))
    assert code == 2 and "scan.png" in err and "not an image" in err


def test_solve_reads_the_photo(capsys):
    code, out, _ = run(capsys, "solve", str(PHOTOS / "sudoku_sideways.jpg"), "--format", "json")
    r = json.loads(out)
    assert code == 0 and r["verified"]
    assert r["puzzle"].replace(".", "0")[:81] == EXPECTED["sudoku_sideways.jpg"]["grid"]
