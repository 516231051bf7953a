"""Hardening: a local search over the givens that makes generated Sudokus as hard as real hard lists.

Random removal from a full grid stops at minimal puzzles of 22-26 givens that need a handful of search
nodes; the hardest real lists need tens to hundreds (DESIGN 4). Here a puzzle moves through the space of
unique minimal puzzles of one solution grid:

  move: take out one or two givens; while the puzzle has a second solution, put back the solution's digit
        in a random cell where the two solutions differ (so the puzzle is unique again); then remove
        givens in random order while it stays unique (minimal again).

A move is kept when it does not lower the score, so the walk drifts along plateaus. Two scores:
- `search_tree`: the nodes the exact search visits to prove the puzzle unique (limit 2). It counts every
  branch, so it does not depend on which digit a guess tries first, unlike the rating proxy (nodes to
  the first solution); a digit relabelling leaves it unchanged.
- `fewer_givens`: minus the number of givens (puzzles of 17-20 givens, like the 17-clue lists).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .sudoku_search import count_solutions, search

Score = Callable[[list[int]], int]


def search_tree(cells: list[int]) -> int:
    return search(cells, limit=2)[1].nodes


def fewer_givens(cells: list[int]) -> int:
    return -sum(1 for d in cells if d)


@dataclass(frozen=True)
class Walk:
    score: Score
    target: int        # stop as soon as the score reaches this
    max_moves: int     # and give up after this many moves (the caller checks what it got)


def minimize(cells: list[int], rng: np.random.Generator) -> list[int]:
    """Remove givens in random order while the solution stays unique."""
    for i in rng.permutation(81):
        if cells[i]:
            d, cells[i] = cells[i], 0
            if count_solutions(cells, limit=2) != 1:
                cells[i] = d
    return cells


def make_unique(cells: list[int], solution: list[int], rng: np.random.Generator) -> list[int]:
    """Add solution digits where a second solution differs, until only `solution` is left."""
    while True:
        found, _ = search(cells, limit=2)
        if len(found) < 2:
            return cells
        other = found[0] if found[0] != solution else found[1]
        differ = [i for i in range(81) if other[i] != solution[i]]
        i = differ[int(rng.integers(len(differ)))]
        cells[i] = solution[i]


def harden(start: list[int], solution: list[int], walk: Walk, rng: np.random.Generator) -> list[int]:
    """Walk from the unique puzzle `start` (of `solution`) towards `walk.target`; the best puzzle met."""
    best = list(start)
    best_score = walk.score(best)
    for _ in range(walk.max_moves):
        if best_score >= walk.target:
            break
        cells = best.copy()
        givens = [i for i in range(81) if cells[i]]
        for i in rng.choice(givens, size=int(rng.integers(1, 3)), replace=False):
            cells[i] = 0
        cells = minimize(make_unique(cells, solution, rng), rng)
        s = walk.score(cells)
        if s >= best_score:
            best, best_score = cells, s
    return best
