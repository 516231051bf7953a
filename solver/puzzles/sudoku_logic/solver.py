"""The logical solver: the easiest step that applies, checked against the unique solution; hints on a
grid with the user's entries; a whole solution as numbered steps; the rating by the hardest step.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..sudoku_generate import rate as search_rate
from ..sudoku_search import search
from . import aic, chains, fallback, fish, intersections, singles, subsets, wings
from .board import UNITS_OF, Board, bit, cell, cells_text
from .step import FALLBACKS, TECHNIQUES, Step

Finder = Callable[[Board], Step | None]

# The easiest first (step.TECHNIQUES gives each its level); the fallbacks come last, they need the solution.
FINDERS: list[Finder] = [
    singles.full_house, singles.hidden_single, singles.naked_single,
    intersections.pointing, intersections.claiming,
    subsets.naked(2), subsets.hidden(2), subsets.naked(3), subsets.hidden(3), subsets.naked(4),
    subsets.hidden(4),
    fish.fish(2), wings.xy_wing, wings.xyz_wing, fish.fish(3), fish.fish(4),
    chains.simple_colouring, chains.x_chain, aic.xy_chain, aic.aic,
]


class LogicError(ValueError):
    """The puzzle cannot be reasoned about: no solution, several, or conflicting givens. Said plainly."""


class WrongStep(AssertionError):
    """A technique proposed a step that disagrees with the solution (a bug; raised in strict mode)."""


def unique_solution(givens: Sequence[int]) -> list[int]:
    found, _ = search(list(givens), limit=2)
    if not found:
        raise LogicError("the puzzle has no solution")
    if len(found) > 1:
        raise LogicError("the puzzle has more than one solution, so no step can be proved from it alone")
    return found[0]


def agrees(step: Step, board: Board, solution: Sequence[int]) -> bool:
    """Every placement is the solution's digit, every elimination is a candidate off the solution, and the
    step changes something."""
    if not step.placements and not step.eliminations:
        return False
    for i, d in step.placements:
        if board.digits[i] or solution[i] != d:
            return False
    return all(board.cands[i] & bit(d) and solution[i] != d for i, d in step.eliminations)


def find_step(board: Board, solution: Sequence[int], fallbacks: bool = True, strict: bool = False) -> Step | None:
    """The easiest step that applies; with `fallbacks` one always does until the grid is full. A step that
    disagrees with the solution is never returned (strict: raises WrongStep instead)."""
    finders: list[Finder] = list(FINDERS)
    if fallbacks:
        finders += [lambda b: fallback.forcing_contradiction(b, solution),
                    lambda b: fallback.trial_and_error(b, solution)]
    for find in finders:
        step = find(board)
        if step is None:
            continue
        if agrees(step, board, solution):
            return step
        if strict:
            raise WrongStep(f"{step.technique}: {step.outcome()} disagrees with the solution")
    return None


# --- hints on the user's grid -------------------------------------------------------------------------


def _mistakes(givens: Sequence[int], entries: Sequence[int], marks: Sequence[int] | None,
              solution: Sequence[int]) -> Step | None:
    wrong = [i for i in range(81) if entries[i] and not givens[i] and entries[i] != solution[i]]
    if wrong:
        return Step("Mistake", tuple(sorted({u for i in wrong for u in UNITS_OF[i][:1]})), tuple(wrong),
                    f"{cells_text(wrong)} {'do' if len(wrong) > 1 else 'does'} not fit the puzzle's only "
                    f"solution: clear {'them' if len(wrong) > 1 else 'it'} and think again.", clears=tuple(wrong))
    if marks is not None:
        lost = [i for i in range(81) if not entries[i] and marks[i] and not marks[i] & bit(solution[i])]
        if lost:
            return Step("Mistake", tuple(sorted({UNITS_OF[i][0] for i in lost})), tuple(lost),
                        f"The candidates of {cells_text(lost)} leave out the digit that goes there: "
                        f"{'they go' if len(lost) > 1 else 'it goes'} back to what the rules allow.",
                        clears=tuple(lost))
    return None


@dataclass(frozen=True)
class Hint:
    step: Step | None          # None when the grid is already solved
    solved: bool


def hint(givens: Sequence[int], entries: Sequence[int] | None = None, marks: Sequence[int] | None = None,
         solution: Sequence[int] | None = None) -> Hint:
    """The next step for a person: their wrong entries (or candidates) first, else the easiest logical step.

    `entries`: the grid as the person has it (givens plus their digits, 0 blank; default the givens).
    `marks`: their candidates as masks per cell (0 = none written: the rules' candidates are used there).
    Raises LogicError when the givens have no single solution."""
    givens = [int(x) for x in givens]
    entries = givens if entries is None else [int(x) for x in entries]
    for i in range(81):
        if givens[i] and entries[i] != givens[i]:
            raise LogicError(f"{cell(i)} is a given {givens[i]}, but the grid has "
                             f"{entries[i] or 'nothing'} there")
    solution = unique_solution(givens) if solution is None else list(solution)
    mistake = _mistakes(givens, entries, marks, solution)
    if mistake is not None:
        return Hint(mistake, False)
    board = Board.from_digits(entries)
    if marks is not None:
        board.cands = [c & m if m else c for c, m in zip(board.cands, marks)]
    if board.solved():
        return Hint(None, True)
    return Hint(find_step(board, solution), False)


# --- the whole solution and the rating ---------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    steps: tuple[Step, ...]
    solved: bool               # False only when the fallbacks were turned off and logic ran dry

    @property
    def hardest(self) -> Step | None:
        return max(self.steps, key=lambda s: s.level, default=None)

    @property
    def used_fallback(self) -> bool:
        return any(s.technique in FALLBACKS for s in self.steps)

    def counts(self) -> dict[str, int]:
        c = Counter(s.technique for s in self.steps)
        return {name: c[name] for name in TECHNIQUES if c[name]}


def explain(givens: Sequence[int], fallbacks: bool = True, strict: bool = False,
            solution: Sequence[int] | None = None) -> Explanation:
    """The logical solution from the givens, the easiest step each time. Raises LogicError."""
    solution = unique_solution(givens) if solution is None else list(solution)
    board = Board.from_digits(givens)
    steps = []
    while not board.solved():
        step = find_step(board, solution, fallbacks, strict)
        if step is None:
            return Explanation(tuple(steps), False)
        step.apply(board)
        steps.append(step)
    return Explanation(tuple(steps), True)


@dataclass(frozen=True)
class LogicRating:
    technique: str         # the hardest technique the logical solution needs
    level: int             # its level, step.TECHNIQUES
    grade: str
    steps: int
    counts: dict[str, int]

    @property
    def needs_fallback(self) -> bool:
        return self.technique in FALLBACKS


def rate(givens: Sequence[int]) -> LogicRating:
    ex = explain(givens)
    hardest = ex.hardest
    name = hardest.technique if hardest is not None else "Full house"
    t = TECHNIQUES[name]
    return LogicRating(t.name, t.level, t.grade, len(ex.steps), ex.counts())


def rating_text(givens: Sequence[int]) -> str:
    """The logical rating beside the search-based one, in words, as the editor and the library show it:
    "fiendish: needs X-chain (60 steps); search level hard (12 nodes)". Raises LogicError as rate() does."""
    r, s = rate(givens), search_rate(list(givens))
    return (f"{r.grade}: needs {r.technique} ({r.steps} steps); search level {s.level or 'none'} "
            f"({s.guesses} node{'s' if s.guesses != 1 else ''})")


__all__ = ["Explanation", "Hint", "LogicError", "LogicRating", "WrongStep", "agrees",
           "explain", "find_step", "hint", "rate", "rating_text", "unique_solution"]
