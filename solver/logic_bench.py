"""Measure the logical solver: puzzles per level it finishes without the fallbacks, no step off the
unique solution, and the time per hint.

    python -m solver.logic_bench --count 250 --seed 29 [--file PATH ...] [--out report.json]
    python -m solver.logic_bench --count 2500 --mix --no-hint-times --jsonl rows.jsonl   # long runs
    python -m solver.logic_bench --count 0 --labels ../shared/devdata/sudoku_photos/labels.jsonl

Generated puzzles of each level (sudoku_generate, seeded), and any puzzle files (a known solution
on the line is used, else it is found). Every step of every logical solution is checked (strict: a step
that disagreed would stop the run). Hint time: hint() on the grid and candidates as they stand before
every 5th step and every step beyond singles (the solution known, as the app has it), so both easy and
hard positions count. --mix generates the levels in turn (easy, medium, ..., easy, ...), so a long run
stopped early has checked every level; --jsonl writes a row per puzzle as it goes.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import IO

import numpy as np

from .inputs import load_puzzles
from .puzzles import sudoku
from .puzzles.sudoku_generate import generate
from .puzzles.sudoku_logic import Board, LogicError, explain, hint, unique_solution

LEVELS = ("easy", "medium", "hard", "extreme")


def _check(givens: list[int], solution: list[int], time_hints: bool) -> dict:
    """One puzzle's row: steps (each checked), fallbacks, the hardest technique, hint times (ms)."""
    t0 = time.perf_counter()
    ex = explain(givens, strict=True, solution=solution)
    solve_ms = 1000 * (time.perf_counter() - t0)
    assert ex.solved
    hint_ms = []
    if time_hints:
        b = Board.from_digits(givens)
        for k, s in enumerate(ex.steps):
            if k % 5 == 0 or s.level >= 2:
                t0 = time.perf_counter()
                h = hint(givens, b.digits, b.cands, solution=solution)
                hint_ms.append(round(1000 * (time.perf_counter() - t0), 3))
                assert h.step is not None
            s.apply(b)
    techniques = Counter(s.technique for s in ex.steps)
    return {"steps": len(ex.steps), "fallback": ex.used_fallback,
            "trial_and_error": techniques.get("Trial and error", 0) > 0,
            "hardest": ex.hardest.technique, "solve_ms": round(solve_ms, 3), "hint_ms": hint_ms}


def _summary(rows: list[dict]) -> dict:
    n = len(rows)
    ht = np.array([t for r in rows for t in r["hint_ms"]])
    no_fallback = sum(not r["fallback"] for r in rows)
    pct = (lambda q: round(float(np.percentile(ht, q)), 2) if len(ht) else None)
    return {"n": n, "without_fallback": no_fallback, "share_without_fallback": round(no_fallback / max(n, 1), 4),
            "without_trial_and_error": sum(not r["trial_and_error"] for r in rows),
            "steps_checked": sum(r["steps"] for r in rows),
            "hardest": dict(Counter(r["hardest"] for r in rows).most_common()),
            "hints_timed": len(ht), "hint_ms_mean": round(float(ht.mean()), 2) if len(ht) else None,
            "hint_ms_p50": pct(50), "hint_ms_p90": pct(90), "hint_ms_p95": pct(95),
            "hint_ms_max": round(float(ht.max()), 2) if len(ht) else None,
            "solve_ms_mean": round(float(np.mean([r["solve_ms"] for r in rows])), 2) if rows else None}


def _generated(levels: list[str], count: int, seed: int, mix: bool) -> Iterator[tuple[str, list[int], list[int]]]:
    rng = np.random.default_rng(seed)
    order = [lv for _ in range(count) for lv in levels] if mix else [lv for lv in levels for _ in range(count)]
    for level in order:
        p = generate(rng, level)
        yield level, p.givens.ravel().tolist(), p.solution.ravel().tolist()


def puzzles_from_files(files: list[str]) -> Iterator[tuple[str, list[int], list[int]]]:
    """Puzzle files; a gzipped one (the committed hard sets) grouped by the level named after each line."""
    for f in files:
        if f.endswith(".gz"):
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                text = fh.read()
            lines = text.splitlines()
            puzzles = sudoku.parse(text, f)
            groups = [f"{Path(f).name}: {' '.join(lines[p.line - 1].split()[2:]) or '-'}" for p in puzzles]
        else:
            _, puzzles, _ = load_puzzles(f, "sudoku")
            groups = [f] * len(puzzles)
        for group, p in zip(groups, puzzles):
            g = p.givens.ravel().tolist()
            yield group, g, p.solution.ravel().tolist() if p.solution is not None else unique_solution(g)


def labelled_puzzles(path: str) -> Iterator[tuple[str, list[int], list[int]]]:
    """The labelled dev photos' puzzles (labels.jsonl: the digits seen in each photo), each distinct grid
    once per folder. Grids with pen entries are taken as they are; one without a single solution (a wrong
    pen digit) is reported and left out."""
    seen: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = (f"dev photos: {row['image'].split('/')[0]}", row["digits"])
            if key in seen:
                continue
            seen.add(key)
            g = [int(c) for c in row["digits"]]
            try:
                solution = unique_solution(g)
            except LogicError as e:
                print(f"{path}: puzzle {row['puzzle']} ({row['image']}) left out: {e}", file=sys.stderr)
                continue
            yield key[0], g, solution


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m solver.logic_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100, help="generated puzzles per level")
    ap.add_argument("--levels", nargs="*", default=list(LEVELS))
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--mix", action="store_true", help="generate the levels in turn, not one after another")
    ap.add_argument("--file", nargs="*", default=[], help="puzzle files to measure too")
    ap.add_argument("--labels", help="the dev photos' labels.jsonl: their puzzles too")
    ap.add_argument("--no-hint-times", action="store_true", help="check the steps only (faster)")
    ap.add_argument("--jsonl", help="append a row per puzzle here as it is checked")
    ap.add_argument("--out", help="also write the report here (JSON)")
    a = ap.parse_args(argv)
    rows: dict[str, list[dict]] = defaultdict(list)
    sink: IO[str] | None = open(a.jsonl, "a", encoding="utf-8") if a.jsonl else None
    t0, done = time.monotonic(), 0
    try:
        for group, givens, solution in chain(_generated(a.levels, a.count, a.seed, a.mix), puzzles_from_files(a.file),
                                             labelled_puzzles(a.labels) if a.labels else ()):
            row = _check(givens, solution, not a.no_hint_times)
            rows[group].append(row)
            done += 1
            if sink is not None:
                sink.write(json.dumps({"group": group, "index": len(rows[group]) - 1, **row}) + "\n")
                sink.flush()
            if done % 100 == 0:
                print(f"{done} puzzles checked, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        if sink is not None:
            sink.close()
    report = {group: _summary(rs) for group, rs in rows.items()}
    text = json.dumps(report, indent=1)
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
