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
