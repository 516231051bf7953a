"""Measure the logical solver: puzzles per level it finishes without the fallbacks, no step off the
unique solution, and the time per hint.

    python -m solver.logic_bench --count 250 --seed 29 [--file PATH ...] [--out report.json]

Generated puzzles of each level (sudoku_generate, seeded), and any puzzle files (a known solution
on the line is used, else it is found). Every step of every logical solution is checked (strict: a step
that disagreed would stop the run). Hint time: hint() on the grid and candidates as they stand before
every 5th step and every step beyond singles (the solution known, as the app has it), so both easy and
hard positions count.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter

import numpy as np

from .inputs import load_puzzles
from .puzzles.sudoku_generate import generate
from .puzzles.sudoku_logic import Board, explain, hint, unique_solution

LEVELS = ("easy", "medium", "hard", "extreme")


def _measure(puzzles: list[tuple[list[int], list[int]]]) -> dict:
    no_fallback, steps, hardest, hint_times, solve_times = 0, 0, Counter(), [], []
    for givens, solution in puzzles:
        t0 = time.perf_counter()
        ex = explain(givens, strict=True, solution=solution)
        solve_times.append(time.perf_counter() - t0)
        assert ex.solved
        no_fallback += not ex.used_fallback
        steps += len(ex.steps)
        hardest[ex.hardest.technique] += 1
        b = Board.from_digits(givens)
        for k, s in enumerate(ex.steps):
            if k % 5 == 0 or s.level >= 2:
                t0 = time.perf_counter()
                h = hint(givens, b.digits, b.cands, solution=solution)
                hint_times.append(time.perf_counter() - t0)
                assert h.step is not None
            s.apply(b)
    ht = np.array(hint_times) * 1000
    return {"n": len(puzzles), "without_fallback": no_fallback,
            "share_without_fallback": round(no_fallback / max(len(puzzles), 1), 4), "steps_checked": steps,
            "hardest": dict(hardest.most_common()),
            "hints_timed": len(ht), "hint_ms_mean": round(float(ht.mean()), 2) if len(ht) else None,
            "hint_ms_p95": round(float(np.percentile(ht, 95)), 2) if len(ht) else None,
            "hint_ms_max": round(float(ht.max()), 2) if len(ht) else None,
            "solve_ms_mean": round(1000 * float(np.mean(solve_times)), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m solver.logic_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100, help="generated puzzles per level")
    ap.add_argument("--levels", nargs="*", default=list(LEVELS))
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--file", nargs="*", default=[], help="puzzle files to measure too")
    ap.add_argument("--out", help="also write the report here (JSON)")
    a = ap.parse_args(argv)
    report = {}
    rng = np.random.default_rng(a.seed)
    for level in a.levels:
        ps = []
        for _ in range(a.count):
            p = generate(rng, level)
            ps.append((p.givens.ravel().tolist(), p.solution.ravel().tolist()))
        report[level] = _measure(ps)
        print(level, json.dumps(report[level]), file=sys.stderr, flush=True)
    for f in a.file:
        _, puzzles, _ = load_puzzles(f, "sudoku")
        ps = []
        for p in puzzles:
            g = p.givens.ravel().tolist()
            ps.append((g, p.solution.ravel().tolist() if p.solution is not None else unique_solution(g)))
        report[f] = _measure(ps)
        print(f, json.dumps(report[f]), file=sys.stderr, flush=True)
    text = json.dumps(report, indent=1)
    print(text)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
