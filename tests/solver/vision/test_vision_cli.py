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
    hint, error = err.strip().splitlines()          # the nearest outline, to read at with --corners
    assert code == 3 and out == "" and "no grid found" in error and "--corners" in hint
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


def test_read_photo_streams_one_json_line_a_photo_for_files_and_folders(tmp_path, capsys):
    import shutil

    for name in ("sudoku_upright.jpg", "sudoku_sideways.jpg", "no_grid_text.jpg"):
        shutil.copy(PHOTOS / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a photo: left out of the folder")
    code, out, _ = run(capsys, "read-photo", str(tmp_path), "--kind", "sudoku")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 3 and [r["index"] for r in rows] == [0, 1, 2]
    assert [Path(r["source"]).name for r in rows] == ["no_grid_text.jpg", "sudoku_sideways.jpg", "sudoku_upright.jpg"]
    assert rows[0]["status"] == 3 and rows[0]["error"].startswith("no grid found: ")
    for r in rows[1:]:
        assert r["grid"] == EXPECTED[Path(r["source"]).name]["grid"] and r["unsure_cells"] >= 0
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG but not really")
    code, out, _ = run(capsys, "read-photo", str(tmp_path / "sudoku_upright.jpg"), str(bad))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and "grid" in rows[0] and rows[1]["status"] == 2 and "not an image" in rows[1]["error"]
    code, out, _ = run(capsys, "read-photo", str(tmp_path / "sudoku_upright.jpg"), "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 1


def test_read_photo_of_a_folder_without_images_says_so(tmp_path, capsys):
    code, out, err = run(capsys, "read-photo", str(tmp_path))
    assert code == 2 and out == "" and "no image files" in err and str(tmp_path) in err
