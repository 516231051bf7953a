"""Sudoku generator: puzzles with exactly one solution, at seven rated levels.

Rating. A puzzle is rated by the number of guesses (branch points) that the exact search needs on top of
naked and hidden singles (sudoku_search): 0 guesses means singles alone solve it, the techniques of
newspaper puzzles. The levels:

- easy:    33-40 givens, solvable by singles alone.
- medium:  27-32 givens, solvable by singles alone.
- hard:    22-28 givens, a minimal puzzle (no given can be removed), needing at least one guess.
- extreme: a minimal puzzle with at most 23 givens needing at least 3 guesses (heavy backtracking).

The three levels after these imitate real hard lists, which random removal never reaches (its minimal
puzzles need at most ~15 search nodes in 99% of cases, measured on 1,500): they harden a minimal puzzle
by a local search over its givens (sudoku_harden):
- diabolical:   like the well-known lists of hardest puzzles: 19-28 givens, at least 4 guesses; the walk
                aims at a search tree drawn log-uniformly from 16-256 nodes.
- nightmare:    like the forum's hardest: 19-26 givens, at least 30 guesses; the walk aims at 200-800.
- 17-clue-like: like the 17-clue lists: 17-20 givens (the walk aims at 17; 17 itself is rare, since
                most full grids have no 17-clue puzzle), any number of guesses.

How: a random full grid (the search with a random digit order), then givens removed in random order as
long as the solution stays unique, down to the level's floor; then the level's walk, if it has one;
candidates that miss the level's rating are drawn again.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .sudoku import DIFFICULTIES, SudokuPuzzle
from .sudoku_harden import Walk, fewer_givens, harden, search_tree
from .sudoku_search import BITS_OF, count_solutions, search


def _tree_walk(low: int, high: int, moves: int) -> Callable[[np.random.Generator], Walk]:
    return lambda rng: Walk(search_tree, int(np.exp(rng.uniform(np.log(low), np.log(high)))), moves)


@dataclass(frozen=True)
class Level:
    min_givens: int
    max_givens: int
    min_guesses: int
    max_guesses: int | None
    minimal: bool  # remove givens until no more can go
    walk: Callable[[np.random.Generator], Walk] | None = None  # then harden (sudoku_harden)


LEVELS = {
    "easy": Level(33, 40, 0, 0, False),
    "medium": Level(27, 32, 0, 0, False),
    "hard": Level(22, 28, 1, None, True),
    "extreme": Level(17, 23, 3, None, True),
    "diabolical": Level(19, 28, 4, None, True, _tree_walk(16, 256, 150)),
    "nightmare": Level(19, 26, 30, None, True, _tree_walk(200, 800, 500)),
    "17-clue-like": Level(17, 20, 0, None, True, lambda rng: Walk(fewer_givens, -17, 600)),
}
# rate() names the first level of this order whose definition a puzzle meets: the rarest first.
RATING_ORDER = ("nightmare", "17-clue-like", "diabolical", "extreme", "hard", "medium", "easy")


@dataclass(frozen=True)
class Rating:
    givens: int
    guesses: int
    level: str | None  # the first level whose definition the puzzle meets, if any


def rate(cells: list[int]) -> Rating:
    _, stats = search(cells, limit=1)
    givens = sum(1 for d in cells if d)
    level = None
    for name in RATING_ORDER:
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
        if lv.walk is not None:
            cells = harden(cells, solution, lv.walk(rng), rng)
        r = rate(cells)
        if (lv.min_givens <= r.givens <= lv.max_givens and r.guesses >= lv.min_guesses
                and (lv.max_guesses is None or r.guesses <= lv.max_guesses)):
            givens = np.array(cells, dtype=np.int8).reshape(9, 9)
            sol = np.array(solution, dtype=np.int8).reshape(9, 9)
            return SudokuPuzzle(givens, sol, f"generated:{difficulty}", 1)
    raise RuntimeError(f"no {difficulty} puzzle found in {max_tries} tries")
