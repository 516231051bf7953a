"""`trm bench --busy`: the busy process it starts runs and goes away, and each case is timed idle and busy
for every thread setting asked."""
import os
import time

import pytest
import torch

from solver import bench_busy
from solver.cli import main
from solver.model import TRM
from solver.puzzles import sudoku
from solver.solve import SolveOptions

PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def _cpu_ticks(pid: int) -> int:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def test_the_busy_process_burns_a_core_and_stops_with_the_block():
    with bench_busy.BusyLoop() as busy:
        before = _cpu_ticks(busy.proc.pid)
        time.sleep(0.5)
        assert _cpu_ticks(busy.proc.pid) > before
    assert busy.proc.poll() is not None


def test_each_thread_setting_is_timed_idle_and_busy(tiny_sudoku_config):
    torch.manual_seed(0)
    case = bench_busy.Case("tiny", "sudoku", sudoku.from_string(PUZ), TRM(tiny_sudoku_config).eval(),
                           SolveOptions(neural_only=True, max_steps=2))
    rows = bench_busy.measure(case, [1, 2], repeat=2)
    assert [r["threads"] for r in rows] == ["1", "2"]
    for r in rows:
        assert len(r["idle_samples"]) == len(r["busy_samples"]) == 2
        # busy_s and idle_s are printed rounded to 0.1 ms, the ratio comes from the unrounded medians
        assert r["ratio"] == pytest.approx(r["busy_s"] / r["idle_s"], rel=0.02, abs=0.01) and r["idle_cpu_s"] > 0


def test_no_model_to_time_is_said(capsys):
    assert main(["bench", "--busy"]) == 2
    assert "no trained model is installed to time" in capsys.readouterr().err
    assert os.environ["TRM_BUNDLED_MODELS"]  # the tests hide the bundled models
