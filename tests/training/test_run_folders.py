"""The wizard's Qt-free engine side (training/runs.py, training/calibrate.py, training/data_summary.py and
the new `trm train` flags): the wizard's options are exactly the command's."""
from __future__ import annotations

import json
import math

import pytest

from solver.cli import CliError
from solver.model import TRMConfig
from solver.puzzles import sudoku
from training import runs
from training.calibrate import Calibration, calibrate, estimate
from training.cli import Overrides, build_config, build_parser, overrides_from_args
from training.data.user_files import load_training_files

TINY = TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=1, n=1, N_sup=2)


@pytest.mark.parametrize("base_cfg,overrides", [
    (None, Overrides()),
    (None, Overrides(lr=0.002, max_steps=50, ema_decay=0.99, augment=False, eval_every=5, T=1, n=2, N_sup=4)),
    (TINY, Overrides(N_sup=5, lr=1e-4)),
])
def test_the_wizard_options_are_the_command_flags(base_cfg, overrides):
    opts = runs.RunOptions("sudoku", ("a.txt", "dir with space"), "scratch" if base_cfg is None else "m.safetensors",
                           "/tmp/run", preset="standard", batch_size=16, seed=3, overrides=overrides)
    a = build_parser().parse_args(["train", *opts.argv()])
    from_cli = build_config(a.kind, a.preset, base_cfg, a.max_minutes, "cpu", a.batch_size, a.seed,
                            overrides_from_args(a))
    assert from_cli == opts.train_config(base_cfg, "cpu")
    assert "'dir with space'" in runs.command_line(opts.argv())


def test_t_and_n_are_refused_when_fine_tuning():
    with pytest.raises(CliError, match="from scratch"):
        build_config("sudoku", "quick", TINY, None, "cpu", 8, 0, Overrides(T=2))
    cfg = build_config("sudoku", "quick", TINY, None, "cpu", 8, 0, Overrides(N_sup=7))
    assert cfg.model.N_sup == 7 and cfg.model.hidden_size == TINY.hidden_size


def test_event_reader_waits_for_a_whole_line(tmp_path):
    f = tmp_path / "p.jsonl"
    r = runs.EventReader(f, chunk=10)
    assert r.poll() == []
    f.write_bytes(b'{"event": "step", "step": 1}\n{"event": "st')
    got = []
    while not r.at_end():
        got += r.poll()
    assert got == [{"event": "step", "step": 1}]
    with open(f, "ab") as out:
        out.write(b'ep", "step": 2}\nnot json\n')
    while not r.at_end():
        got += r.poll()
    assert [e["step"] for e in got] == [1, 2]


def test_run_status_from_the_folder_alone(tmp_path):
    d = runs.new_run_dir("sudoku", tmp_path)
    runs.write_spec(d, runs.RunSpec("sudoku", ("--kind", "sudoku"), "t", ""))
    assert runs.run_status(d) == "new" and runs.pending_runs(tmp_path) == []
    (d / runs.PROGRESS_FILE).write_text("")
    assert runs.run_status(d) == "failed"
    (d / runs.STATE_FILE).write_bytes(b"x")
    (d / runs.PID_FILE).write_text("999999999\n")  # a process that is long gone
    assert runs.run_status(d) == "interrupted" and [i.dir for i in runs.pending_runs(tmp_path)] == [d]
    runs.write_json(d / runs.FINISHED_FILE, {})
    assert runs.run_status(d) == "finished" and runs.pending_runs(tmp_path)
    runs.mark(d, runs.SEEN_FILE)
    assert runs.pending_runs(tmp_path) == []
    assert runs.RunSpec.from_dict(json.loads((d / runs.RUN_FILE).read_text())).argv == ("--kind", "sudoku")


@pytest.fixture(scope="module")
def sudoku_lines() -> list[str]:
    import numpy as np

    from solver.puzzles.sudoku_generate import generate

    return [sudoku.to_line(generate(np.random.default_rng(i), "easy").givens) for i in range(14)]


def test_calibration_measures_and_the_estimate_counts_validation(sudoku_lines):
    from solver.puzzles import get_kind

    puzzles = [sudoku.SudokuPuzzle(p.givens, sudoku.solve_exact(p)) for p in
               (sudoku.from_string(s) for s in sudoku_lines[:6])]
    cfg = build_config("sudoku", "quick", TINY, None, "cpu", 4, 0)
    cal = calibrate(cfg, get_kind("sudoku"), puzzles[:4], puzzles[4:], steps=2)
    assert cal.step_seconds > 0 and cal.eval_seconds > 0 and cal.checkpoint_seconds > 0
    c = Calibration(step_seconds=0.1, eval_seconds=2.0, checkpoint_seconds=1.0, batch_size=4, device="cpu")
    e = estimate(c, cfg.with_(max_minutes=1.0, eval_every=10, checkpoint_every=100))
    per_step = 0.1 + 2.0 / 10 + 1.0 / 100
    assert e.limited_by == "time" and e.steps == int(60 / per_step) and math.isclose(e.seconds, 60)
    e = estimate(c, cfg.with_(max_minutes=1.0, max_steps=20, eval_every=10, checkpoint_every=100), has_val=False)
    assert e.limited_by == "steps" and e.steps == 20 and e.evaluations == 0
    assert calibrate(cfg, get_kind("sudoku"), puzzles, [], steps=2, should_stop=lambda: True) is None


def test_photos_in_a_folder_are_read_or_reported(tmp_path):
    (tmp_path / "scan.jpg").write_bytes(b"\x00not an image")
    rep = load_training_files("sudoku", [tmp_path])
    assert rep.files == 1 and len(rep.problems) == 1 and "scan.jpg" in rep.problems[0]
    rep = load_training_files("arc", [tmp_path / "scan.jpg"])
    assert "not available for arc" in rep.problems[0]
