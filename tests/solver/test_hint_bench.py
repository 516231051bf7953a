"""python -m solver.hint_bench: hint times as the app asks for them, on positions along the logical
solution (the steps beyond singles among them), the network's hint, and the maze hint."""
import json
from pathlib import Path

from solver.hint_bench import main

ROOT = Path(__file__).resolve().parents[2]


def test_logic_and_maze_hints_timed(capsys):
    assert main(["--file", str(ROOT / "resources/samples/sudoku/hard.txt"), "--model", "none",
                 "--maze", str(ROOT / "resources/samples/maze/small.txt")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["logic_hint"]["n"] == report["positions"] > 10
    assert set(report["techniques"]) - {"Full house", "Hidden single", "Naked single"}  # hard moments count
    assert report["maze_hint"]["n"] > 0 and "network_hint" not in report


def test_network_hint_timed_apart_from_its_first_call(capsys, monkeypatch):
    monkeypatch.delenv("TRM_BUNDLED_MODELS")  # the bundled network
    assert main(["--labels", str(ROOT / "tests/data/dev_photos/labels.jsonl"), "--every", "30"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["network_hint"]["n"] == report["positions"] and report["network_first_call_ms"] > 0
    net = report["network_hint"]
    assert net["p50_ms"] <= net["p90_ms"] <= net["max_ms"] and net["cpu_p50_ms"] <= net["cpu_max_ms"]


def test_bad_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a sudoku\n")
    assert main(["--file", str(bad), "--model", "none"]) == 2
    assert capsys.readouterr().err.startswith(f"trm: {bad}:1")
