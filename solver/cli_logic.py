"""`trm hint`, `trm rate` and `trm solve --explain`: the logical solver (puzzles.sudoku_logic) on the
command line. Registered by cli.build_parser; no torch on this path.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from .puzzles.base import PuzzleError


def _sudokus(path: str, kind: str) -> list:
    from .inputs import load_puzzles
    from .puzzles import get_kind, sudoku

    # The logical solver knows the classic rules only (a variant's extra units are not among its techniques).
    if kind != "auto" and get_kind(kind) is not sudoku.KIND:
        raise PuzzleError(f"the logical solver is for Sudoku, not {kind}")
    found, puzzles, source = load_puzzles(path, kind)
    if get_kind(found) is not sudoku.KIND:
        raise PuzzleError(f"holds {found} puzzles; hints, ratings and --explain are for Sudoku", source=source)
    return puzzles


def _entries(value: str, n_puzzles: int) -> list[int]:
    """--entries: 81 characters (digits, 0 or . blank) or a file holding them on its first line."""
    from .puzzles import sudoku

    text, source = value.strip(), "--entries"
    if len(text) != 81 and Path(value).is_file():
        source = value
        text = next((ln.strip() for ln in Path(value).read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#")), "")
    if n_puzzles != 1:
        raise PuzzleError(f"--entries is for a file of one puzzle; this one holds {n_puzzles}")
    return sudoku.from_string(text.split()[0] if text else "", source).givens.ravel().tolist()


def _flat(p) -> list[int]:
    return p.givens.ravel().tolist()


def _solution_of(p) -> list[int] | None:
    return None if p.solution is None else p.solution.ravel().tolist()


def _step_lines(n: int | None, step, indent: str = "") -> list[str]:
    head = f"{n}. " if n is not None else ""
    return [f"{indent}{head}{step.technique} ({step.region}): {step.explanation}",
            f"{indent}{' ' * len(head)}-> {step.outcome()}" if step.outcome() else ""]


def cmd_hint(a) -> int:
    from .puzzles.sudoku_logic import Board, LogicError, find_step, hint, unique_solution

    puzzles = _sudokus(a.path, a.kind)
    entries = _entries(a.entries, len(puzzles)) if a.entries else None
    rows = []
    for k, p in enumerate(puzzles):
        t0 = time.perf_counter()
        try:
            solution = _solution_of(p) or unique_solution(_flat(p))
            h = hint(_flat(p), entries, solution=solution)
        except LogicError as e:
            raise PuzzleError(str(e), source=p.source, line=p.line) from None
        # An elimination alone changes no digit: also give the steps up to the next digit.
        then = []
        if h.step is not None and h.step.technique != "Mistake" and not h.step.placements:
            b = Board.from_digits(entries or _flat(p))
            h.step.apply(b)
            while len(then) < 20:
                s = find_step(b, solution)
                if s is None:
                    break
                then.append(s)
                s.apply(b)
                if s.placements:
                    break
        seconds = time.perf_counter() - t0
        row = {"index": k, "where": p.where(), "solved": h.solved,
               "step": h.step.to_json() if h.step else None, "then": [s.to_json() for s in then],
               "seconds": round(seconds, 4)}
        if a.format == "json":
            rows.append(row)
            continue
        if len(puzzles) > 1:
            print(f"puzzle {k + 1} ({p.where()})")
        if h.solved:
            print("solved: every cell is filled and right")
        elif h.step.technique == "Mistake":
            print(f"Mistake: {h.step.explanation}")
        else:
            print("\n".join(ln for ln in _step_lines(None, h.step) if ln))
            if then:
                print("then, to the next digit:")
                for j, s in enumerate(then, start=2):
                    print("\n".join(ln for ln in _step_lines(j, s, "  ") if ln))
        if len(puzzles) > 1:
            print()
    if a.format == "json":
        print(json.dumps(rows if len(rows) != 1 else rows[0], indent=1))
    return 0


def cmd_rate(a) -> int:
    from .puzzles.sudoku_generate import rate as search_rate
    from .puzzles.sudoku_logic import LogicError, rate

    puzzles = _sudokus(a.path, a.kind)
    status = 0
    if a.format == "text":
        print(f"{'#':>4}  {'where':24s} {'givens':>6}  {'hardest technique':22s} {'grade':12s} {'steps':>5}  "
              f"{'guesses':>7}  search level")
    for k, p in enumerate(puzzles):
        s = search_rate(_flat(p))
        try:
            r = rate(_flat(p))
        except LogicError as e:
            print(f"trm: {p.where()}: {e}", file=sys.stderr)
            status = 2
            continue
        where = f"{Path(p.source).name}:{p.line}"
        row = {"index": k, "where": where, "givens": s.givens, "technique": r.technique, "level": r.level,
               "grade": r.grade, "steps": r.steps, "counts": r.counts, "search_guesses": s.guesses,
               "search_level": s.level}
        if a.format == "jsonl":
            print(json.dumps(row), flush=True)
        else:
            print(f"{k + 1:>4}  {where:24s} {s.givens:>6}  {r.technique:22s} {r.grade:12s} "
                  f"{r.steps:>5}  {s.guesses:>7}  {s.level or '-'}", flush=True)
    return status


def cmd_explain(a) -> int:
    """`trm solve --explain`: the whole logical solution of each Sudoku as numbered steps."""
    from .puzzles import sudoku
    from .puzzles.sudoku_logic import Board, LogicError, explain

    puzzles = _sudokus(a.path, a.kind)
    rows = []
    for k, p in enumerate(puzzles):
        t0 = time.perf_counter()
        try:
            ex = explain(_flat(p), solution=_solution_of(p))
        except LogicError as e:
            raise PuzzleError(str(e), source=p.source, line=p.line) from None
        b = Board.from_digits(_flat(p))
        for s in ex.steps:
            s.apply(b)
        grid = np.array(b.digits, dtype=np.int8).reshape(9, 9)
        answer = sudoku.to_line(grid)
        hardest = ex.hardest
        row = {"index": k, "kind": "sudoku", "where": p.where(), "solution": answer, "verified": ex.solved,
               "solved_by": "logic", "steps": len(ex.steps), "seconds": round(time.perf_counter() - t0, 4),
               "hardest": hardest.technique if hardest else None, "fallback": ex.used_fallback,
               "explanation": [s.to_json() for s in ex.steps]}
        if a.format == "jsonl":
            print(json.dumps(row), flush=True)
            continue
        if a.format == "json":
            rows.append(row)
            continue
        print(f"puzzle {k + 1} ({p.where()}): {len(ex.steps)} steps, hardest: "
              f"{hardest.technique if hardest else '-'}" + (" (with a fallback)" if ex.used_fallback else ""))
        for j, s in enumerate(ex.steps, start=1):
            print("\n".join(ln for ln in _step_lines(j, s, "  ") if ln))
        print(sudoku.format_grid(grid) + "\n", flush=True)
    if a.format == "json":
        print(json.dumps(rows if len(rows) != 1 else rows[0], indent=1))
    return 0


def add_parsers(sub) -> None:
    h = sub.add_parser("hint", help="the next logical step for a Sudoku (with your entries)")
    h.add_argument("path", nargs="?", default="-", help="puzzle file, or - for standard input")
    h.add_argument("--entries", metavar="GRID|FILE",
                   help="your grid so far: 81 characters (givens and your digits, 0 or . blank), or a file "
                   "holding them; wrong digits are pointed out first")
    h.add_argument("--kind", default="auto", choices=("auto", "sudoku"))
    h.add_argument("--format", default="text", choices=("text", "json"))
    h.set_defaults(func=cmd_hint)

    r = sub.add_parser("rate", help="rate Sudokus by the hardest technique their logical solution needs")
    r.add_argument("path", nargs="?", default="-")
    r.add_argument("--kind", default="auto", choices=("auto", "sudoku"))
    r.add_argument("--format", default="text", choices=("text", "jsonl"))
    r.set_defaults(func=cmd_rate)


__all__ = ["add_parsers", "cmd_explain", "cmd_hint", "cmd_rate"]
