"""Solve results as JSON-ready dicts and as terminal text (the `trm` output contract, DESIGN section 5)."""
from __future__ import annotations

import numpy as np

from .puzzles import get_kind
from .refine import RefineStep
from .solve import SolveResult


def grid_json(kind: str, puzzle, grid: np.ndarray | None):
    """Sudoku: 81 characters; maze: rows of text; ARC: lists of colour numbers (the kind's own)."""
    return None if grid is None else get_kind(kind).grid_json(puzzle, grid)


def puzzle_json(kind: str, puzzle):
    return get_kind(kind).puzzle_json(puzzle)


def where(puzzle) -> str:
    if hasattr(puzzle, "task"):
        return f"{puzzle.task.source}:{puzzle.task.name}"
    return f"{puzzle.source}:{puzzle.line}"


def step_json(kind: str, puzzle, s: RefineStep) -> dict:
    return {"step": s.step, "cycle": s.cycle, "answer": grid_json(kind, puzzle, s.answer),
            "halt_prob": round(s.halt_prob, 4), "rules_ok": s.rules_ok,
            "changed": int(np.count_nonzero(s.changed)), "mean_confidence": round(float(s.confidence.mean()), 4)}


def result_json(index: int, puzzle, r: SolveResult, with_trace: bool) -> dict:
    expected = getattr(puzzle, "solution", None)
    d = {
        "index": index, "kind": r.kind, "source": where(puzzle), "puzzle": puzzle_json(r.kind, puzzle),
        "solution": grid_json(r.kind, puzzle, r.answer), "verified": r.verified, "solved_by": r.solved_by,
        "steps": r.steps, "seconds": round(r.seconds, 4), "cells_changed": r.cells_changed,
        "verdict": r.describe(), "problems": list(r.verdict.problems),
    }
    kind = get_kind(r.kind)
    if "shortest" in r.verdict.details:  # a path's verdict
        d["path_length"] = r.verdict.details.get("length")
        d["shortest"] = r.verdict.details.get("shortest")
    if r.attempts:
        d["attempts"] = [grid_json(r.kind, puzzle, g) for g in r.attempts]
        d["attempt_votes"] = r.attempt_votes
    if kind.per_task:
        # the program search: the answer's program in words (null: not a program's answer), and each attempt's
        d["program"] = r.program
        d["attempt_programs"] = r.programs or [None] * len(r.attempts)
        d["search_seconds"] = round(r.search_seconds, 3)
    if r.adapt_steps:
        d["adapt_steps"], d["adapt_seconds"] = r.adapt_steps, round(r.adapt_seconds, 2)
    if r.known_task:
        d["known_task"] = True
    if expected is not None and r.answer is not None and kind.unique_answer:
        d["matches_expected"] = bool(np.array_equal(r.answer, expected))
    if with_trace:
        d["trace"] = [step_json(r.kind, puzzle, s) for s in r.trace]
    return d


def result_text(index: int, puzzle, r: SolveResult, with_trace: bool) -> str:
    head = f"#{index} {where(puzzle)}: {r.describe()} ({r.solved_by}, {r.steps} steps, {r.seconds * 1000:.0f} ms)"
    lines = [head]
    if r.program is not None:
        lines.append(f"  program: {r.program}")
    if r.answer_index:
        lines.append(f"  attempt {r.answer_index + 1} is the expected output")
    if r.adapt_steps:
        lines.append(f"  adapted to the task for {r.adapt_seconds:.1f} s ({r.adapt_steps} steps); "
                     f"{len(r.attempts)} attempts, votes {r.attempt_votes}")
    elif r.known_task:
        lines.append(f"  the model was trained on this task: no adaptation; {len(r.attempts)} attempts, "
                     f"votes {r.attempt_votes}")
    if with_trace:
        for s in r.trace:
            lines.append(f"  step {s.step + 1}.{s.cycle + 1}: {int(s.changed.sum())} cells changed, "
                         f"confidence {s.confidence.mean():.3f}, halt {s.halt_prob:.3f}"
                         f"{', rules satisfied' if s.rules_ok else ''}")
    if r.answer is not None:
        kind = get_kind(r.kind)
        for k, grid in enumerate(r.attempts or [r.answer]):
            if len(r.attempts) > 1:
                lines.append(f"attempt {k + 1} ({r.attempt_source(k)}):" if r.programs else f"attempt {k + 1}:")
            lines.append(kind.grid_text(puzzle, grid))
    return "\n".join(lines)
