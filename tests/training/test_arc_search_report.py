"""The search-alone report: a program that is right counts, one that reproduces the demonstrations but
misses the test output is counted as wrong, seconds are recorded."""
import numpy as np

from solver.arc_search import SearchOptions
from solver.puzzles import arc
from solver.puzzles.arc import ArcTask
from training.recipes.arc_search_report import markdown, measure


def test_right_and_wrong_programs_are_counted():
    (mirror, *_) = arc.parse(open("resources/samples/arc/mirror.json").read(), "mirror.json")
    t = mirror.task
    # the same demonstrations, a test output the flip does not give
    wrong = ArcTask("wrong", t.train, t.test_inputs, (np.zeros((2, 2), np.int8),))
    s = measure([t, wrong], SearchOptions(max_seconds=3), log=lambda _line: None)
    assert s["right"] == 1 and s["with_a_program"] == 2 and s["wrong_with_a_program"] == 1
    assert s["pass2_tasks"] == 0.5 and s["rows"][0]["programs"][0] == "flip left-right"
    assert s["rows"][0]["attempt"] == 1 and s["seconds_per_test_input_mean"] >= 0
    assert "| dev | 2 | 50.0% (1) |" in markdown({"splits": {"dev": s}})


def test_a_training_slice_alone_is_measured_with_its_rows(tmp_path):
    from training.recipes.arc_search_report import main
    out, rows = tmp_path / "arc.eval.json", tmp_path / "rows.json"
    out.write_text('{"kept": 1}')
    assert main(["--tasks", "0", "--train", "2", "--seconds", "1", "--out", str(out), "--rows", str(rows)]) == 0
    import json
    report = json.loads(out.read_text())
    section = report["program_search"]["ARC-AGI-1 training"]
    assert report["kept"] == 1 and "--tasks 0 --train 2 --seconds 1" in section["command"]
    (split,) = section["splits"].values()
    assert split["tasks"] == 2 and json.loads(rows.read_text()) == section["splits"]
