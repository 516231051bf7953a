"""The uniqueness-free fallbacks, for when no pattern applies: follow a wrong digit to a contradiction.

Forcing contradiction: put the digit in, and naked and hidden singles alone empty a cell or a unit.
Trial and error: put the digit in, and an exhaustive search finds no way to finish the grid.
Neither assumes the puzzle has one solution; the solution only picks which digit to try first (one that
will fail), so the step shown is always a true elimination.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..sudoku_search import Contradiction, _propagate, search
from .board import DIGITS_OF, POPCOUNT, UNITS_OF, Board, bit, cell
from .step import Step


def _wrong_candidates(b: Board, solution: Sequence[int]) -> list[tuple[int, int]]:
    """(cell, digit) candidates that differ from the solution, cells with the fewest candidates first."""
    cells = sorted(b.empty(), key=lambda i: (POPCOUNT[b.cands[i]], i))
    return [(i, d) for i in cells for d in DIGITS_OF[b.cands[i]] if d != solution[i]]


def _singles_fail(b: Board, i: int, d: int) -> bool:
    cand = [bit(x) if x else m for x, m in zip(b.digits, b.cands)]
    cand[i] = bit(d)
    queue = [i] + [j for j in b.empty() if j != i and POPCOUNT[cand[j]] == 1]
    if any(m == 0 for m in cand):
        return True
    try:
        _propagate(cand, queue)
    except Contradiction:
        return True
    return False


def forcing_contradiction(b: Board, solution: Sequence[int]) -> Step | None:
    for i, d in _wrong_candidates(b, solution):
        if _singles_fail(b, i, d):
            return Step("Forcing contradiction", UNITS_OF[i], (i,),
                        f"If {cell(i)} were {d}, naked and hidden singles would leave a cell or a unit with no "
                        f"digit at all, so {cell(i)} cannot be {d}.", eliminations=((i, d),), digits=(d,))
    return None


def trial_and_error(b: Board, solution: Sequence[int]) -> Step | None:
    for i, d in _wrong_candidates(b, solution)[:1]:
        trial = b.digits.copy()
        trial[i] = d
        found, stats = search(trial, limit=1)
        if found:
            return None  # cannot happen for a digit off the unique solution
        return Step("Trial and error", UNITS_OF[i], (i,),
                    f"If {cell(i)} were {d}, the grid could not be finished (a search through {stats.nodes} "
                    f"guesses finds no way), so {cell(i)} cannot be {d}.", eliminations=((i, d),), digits=(d,))
    return None
