"""`trm bench --busy`: the standard latency set, idle and beside a CPU-bound process that the bench starts
and stops itself, in one run, with the busy/idle ratio per model and thread setting.

The latency set is what a person waits for: one Sudoku pass (ensemble 1), the Sudoku model's own K=8
ensemble on a puzzle it solves and on one it does not (all its steps), the maze model's K=8 ensemble on a
30x30 maze, and the start of ARC test-time adaptation (a few optimizer steps, then the answer). Samples
alternate idle, busy and thread settings, so drift of the machine falls on all alike; absolute times on a
shared machine are noisy, the ratios less so.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .bench import HARDEST
from .checkpoint import load_model, resolve
from .inputs import load_puzzles
from .puzzles import sudoku
from .resources import resource_path
from .solve import SolveOptions, options_for, solve
from .threads import AUTO, cores, describe, passive

# CPU-bound, and gone within a few milliseconds of the bench itself (even one killed without cleaning up)
BUSY_CODE = """import os
parent = os.getppid()
while os.getppid() == parent:
    for _ in range(100_000):
        pass
"""
KINDS = ("sudoku", "maze", "arc")
SETTLE_S = 0.3          # the busy loop gets going before a busy sample starts
ARC_ADAPT_STEPS = 8     # adaptation steps of an ARC sample (a real solve runs hundreds, in minutes)


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    puzzle: object
    model: object
    options: SolveOptions


class BusyLoop:
    """A CPU-bound Python process beside the bench, for the length of a `with` block."""

    def __enter__(self) -> BusyLoop:
        self.proc = subprocess.Popen([sys.executable, "-c", BUSY_CODE], stdin=subprocess.DEVNULL)
        time.sleep(SETTLE_S)
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait()


def _sample(path: str, kind: str, index: int = 0):
    return load_puzzles(str(resource_path("samples") / path), kind)[1][index]


def _sudoku_cases(kind: str, model, opts) -> list[Case]:
    p = _sample("sudoku/hard.txt", kind)
    # A hardest-known puzzle the network does not solve: all N_sup steps, the longest wait
    hardest = sudoku.from_string(HARDEST[0])
    return [Case("sudoku single pass", kind, p, model, replace(opts, ensemble=1)),
            Case(f"sudoku K={opts.ensemble}", kind, p, model, opts),
            Case(f"sudoku K={opts.ensemble} unsolved", kind, hardest, model, opts)]


def _maze_cases(kind: str, model, opts) -> list[Case]:
    p = _sample("maze/hard.txt", kind)
    rows, cols = p.grid.shape
    return [Case(f"maze {rows}x{cols} K={opts.ensemble}", kind, p, model, opts)]


def _arc_cases(kind: str, model, opts) -> list[Case]:
    p = _sample("arc/fill.json", kind)
    adapt = replace(opts.adapt, steps=ARC_ADAPT_STEPS, max_seconds=None)
    return [Case(f"arc adapt {ARC_ADAPT_STEPS} steps", kind, p, model, replace(opts, adapt=adapt, arc_tasks={}))]


CASES = {"sudoku": _sudoku_cases, "maze": _maze_cases, "arc": _arc_cases}   # the standard cases per kind


def latency_cases(kinds: Sequence[str] = KINDS) -> list[Case]:
    """The standard set, for the bundled (or default) model of each kind that is installed."""
    cases = []
    for kind in kinds:
        info = resolve(None, kind)
        if info is None:
            continue
        model, info = load_model(info, kind)
        cases += CASES[kind](kind, model, options_for(info, neural_only=True))
    return cases


def _time(case: Case, threads: int | None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (all threads: time spent spinning for a core shows up here)."""
    t, c = time.perf_counter(), time.process_time()
    solve(case.puzzle, case.kind, case.model, replace(case.options, threads=threads))
    return time.perf_counter() - t, time.process_time() - c


def measure(case: Case, threads: Sequence[int | None], repeat: int) -> list[dict]:
    """Median seconds idle and beside the busy loop, and their ratio, for each thread setting: the samples
    alternate idle, busy and the settings, so that drift of the machine falls on all of them alike."""
    for n in threads:
        _time(case, n)  # warm-up: first-call allocations are not what a person waits for twice
    idle: dict = {n: [] for n in threads}
    busy: dict = {n: [] for n in threads}
    for _ in range(repeat):
        for n in threads:
            idle[n].append(_time(case, n))
            with BusyLoop():
                busy[n].append(_time(case, n))
    rows = []
    for n in threads:
        i, b = (statistics.median(w for w, _ in samples[n]) for samples in (idle, busy))
        rows.append({"case": case.name, "threads": describe(n, case.model.cfg, case.options),
                     "idle_s": round(i, 4), "busy_s": round(b, 4), "ratio": round(b / i, 2),
                     "idle_cpu_s": round(statistics.median(c for _, c in idle[n]), 4),
                     "busy_cpu_s": round(statistics.median(c for _, c in busy[n]), 4),
                     "idle_samples": [round(w, 4) for w, _ in idle[n]],
                     "busy_samples": [round(w, 4) for w, _ in busy[n]]})
    return rows


def run(kinds: Sequence[str] = KINDS, threads: Sequence[int | None] = (AUTO,),
        repeat: int = 3, log: Callable[[str], None] = lambda s: None) -> dict:
    threads = list(dict.fromkeys(threads))
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    rows = []
    for case in latency_cases(kinds):
        for r in measure(case, threads, repeat):
            log(f"{r['case']:24s} threads {r['threads']:9s} idle {r['idle_s']:7.3f} s  "
                f"busy {r['busy_s']:7.3f} s  ratio {r['ratio']:.2f}  (CPU {r['idle_cpu_s']:.2f} / "
                f"{r['busy_cpu_s']:.2f} s)")
            rows.append(r)
    return {"busy_process": "one CPU-bound Python loop, started and stopped by the bench for each busy sample",
            "cores": cores(), "waiting_threads_sleep": passive(), "repeat": repeat,
            "load_average_at_start": [round(v, 2) for v in load] if load else None, "cases": rows}
