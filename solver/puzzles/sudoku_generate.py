"""Sudoku generator: puzzles with exactly one solution, at four rated levels.

Rating. A puzzle is rated by the number of guesses (branch points) that the exact search needs on top of
naked and hidden singles (sudoku_search): 0 guesses means singles alone solve it, the techniques of
newspaper puzzles. The levels:

- easy:    33-40 givens, solvable by singles alone.
- medium:  27-32 givens, solvable by singles alone.
- hard:    22-28 givens, a minimal puzzle (no given can be removed), needing at least one guess.
- extreme: a minimal puzzle with at most 23 givens needing at least 3 guesses (heavy backtracking).

How: a random full grid (the search with a random digit order), then givens removed in random order as
long as the solution stays unique, down to the level's floor; candidates that miss the level's rating are
drawn again.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .sudoku import SudokuPuzzle
from .sudoku_search import BITS_OF, count_solutions, search

DIFFICULTIES = ("easy", "medium", "hard", "extreme")


@dataclass(frozen=True)
class Level:
    min_givens: int
    max_givens: int
    min_guesses: int
    max_guesses: int | None
    minimal: bool  # remove givens until no more can go


LEVELS = {
    "easy": Level(33, 40, 0, 0, False),
    "medium": Level(27, 32, 0, 0, False),
    "hard": Level(22, 28, 1, None, True),
    "extreme": Level(17, 23, 3, None, True),
}


@dataclass(frozen=True)
class Rating:
    givens: int
    guesses: int
    level: str | None  # the first level whose definition the puzzle meets, if any


def rate(cells: list[int]) -> Rating:
    _, stats = search(cells, limit=1)
    givens = sum(1 for d in cells if d)
    level = None
    for name in reversed(DIFFICULTIES):
        lv = LEVELS[name]
        if (lv.min_givens <= givens <= lv.max_givens and stats.nodes >= lv.min_guesses
                and (lv.max_guesses is None or stats.nodes <= lv.max_guesses)):
            level = name
            break
    return Rating(givens, stats.nodes, level)


def random_solution(rng: np.random.Generator) -> list[int]:
    def order(cell: int, mask: int) -> list[int]:
        bits = BITS_OF[mask]
        return [bits[i] for i in rng.permutation(len(bits))]

    found, _ = search([0] * 81, limit=1, order=order)
    return found[0]


def _remove(solution: list[int], rng: np.random.Generator, floor: int) -> list[int]:
    cells = solution.copy()
    givens = 81
    for i in rng.permutation(81):
        if givens <= floor:
            break
        d, cells[i] = cells[i], 0
        if count_solutions(cells, limit=2) == 1:
            givens -= 1
        else:
            cells[i] = d
    return cells


def generate(rng: np.random.Generator, difficulty: str, max_tries: int = 2000) -> SudokuPuzzle:
    """One puzzle of the level, with its unique solution attached."""
    if difficulty not in LEVELS:
        raise ValueError(f"unknown difficulty {difficulty!r}; choose one of {', '.join(DIFFICULTIES)}")
    lv = LEVELS[difficulty]
    for _ in range(max_tries):
        solution = random_solution(rng)
        floor = lv.min_givens if lv.minimal else int(rng.integers(lv.min_givens, lv.max_givens + 1))
        cells = _remove(solution, rng, floor)
        r = rate(cells)
        if (lv.min_givens <= r.givens <= lv.max_givens and r.guesses >= lv.min_guesses
                and (lv.max_guesses is None or r.guesses <= lv.max_guesses)):
            givens = np.array(cells, dtype=np.int8).reshape(9, 9)
            sol = np.array(solution, dtype=np.int8).reshape(9, 9)
            return SudokuPuzzle(givens, sol, f"generated:{difficulty}", 1)
    raise RuntimeError(f"no {difficulty} puzzle found in {max_tries} tries")
