"""Verification of network answers by the kind's own rules (solver.puzzles.base.PuzzleKind).

An answer is done when the kind's check passes and the kind accepts it (a maze path must also be
shortest); one that is not is repaired by the kind's exact search (`kind.repair`: Sudoku's search tries the
network's most probable digit first wherever it branches; a maze's BFS replaces the path). ARC's rules are
the task's own: only an expected output verifies (`kind.needs_expected`).
"""
from __future__ import annotations

import numpy as np

from .puzzles.base import PuzzleKind, Repair

__all__ = ["Repair", "answer_ok"]


def answer_ok(kind: PuzzleKind, puzzle, answer: np.ndarray) -> bool:
    """The answer needs no repair: it obeys the kind's rules and the kind accepts it as done."""
    return kind.acceptable(kind.check(puzzle, answer))
