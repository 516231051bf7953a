"""python -m solver.logic_bench: the report's figures per level and per file."""
import json
from pathlib import Path

from solver.logic_bench import main

ROOT = Path(__file__).resolve().parents[2]


def test_report_per_level_and_file(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["--count", "2", "--levels", "easy", "--file", str(ROOT / "resources/samples/sudoku/hard.txt"),
                 "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    easy = report["easy"]
    assert easy["n"] == 2 and easy["without_fallback"] == 2 and easy["hints_timed"] > 0
    hard = report[str(ROOT / "resources/samples/sudoku/hard.txt")]
    assert hard["n"] == 10 and hard["steps_checked"] > 500 and hard["hint_ms_max"] is not None
    assert json.loads(capsys.readouterr().out) == report


def test_mixed_levels_rows_as_they_go_and_the_dev_photos(tmp_path, capsys):
    rows = tmp_path / "rows.jsonl"
    labels = ROOT / "tests/data/dev_photos/labels.jsonl"
    assert main(["--count", "2", "--levels", "easy", "medium", "--mix", "--no-hint-times", "--jsonl", str(rows),
                 "--labels", str(labels)]) == 0
    report = json.loads(capsys.readouterr().out)
    written = [json.loads(line) for line in rows.read_text().splitlines()]
    assert [r["group"] for r in written[:4]] == ["easy", "medium", "easy", "medium"]
    assert all(r["hint_ms"] == [] for r in written) and report["easy"]["hints_timed"] == 0
    photos = {json.loads(line)["digits"] for line in labels.read_text().splitlines()}
    from_photos = sum(v["n"] for k, v in report.items() if k.startswith("dev photos: "))
    assert from_photos == len(photos) == len(written) - 4
    assert sum(r["steps"] for r in written) == sum(v["steps_checked"] for v in report.values())
