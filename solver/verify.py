"""Verification and repair of network answers.

Sudoku: an answer that breaks a rule or changes a given is repaired by the exact search, which tries the
network's most probable digit first in every cell it branches on, so the repaired grid stays as close to
the network's belief as the rules allow. Maze: an invalid or longer-than-shortest path is replaced by BFS.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .puzzles import maze, sudoku
from .puzzles.base import Verdict
from .puzzles.sudoku_search import BITS_OF, search


@dataclass(frozen=True)
class Repair:
    answer: np.ndarray | None   # None: the search proved there is no answer
    cells_changed: int          # cells where the repaired answer differs from the network's
    verdict: Verdict
    note: str


def repair_sudoku(puzzle: sudoku.SudokuPuzzle, network_answer: np.ndarray) -> Repair:
    """The exact search from the givens, trying the network's digit first wherever it branches."""
    problems = sudoku.validate(puzzle)
    if problems:
        v = Verdict(False, ("no solution: " + problems[0],) + tuple(problems[1:]))
        return Repair(None, 0, v, v.problems[0])
    preferred = np.asarray(network_answer).reshape(81).tolist()

    def order(cell: int, mask: int) -> list[int]:
        bits = BITS_OF[mask]
        d = preferred[cell]
        first = 1 << (d - 1) if d else 0
        return [first] + [b for b in bits if b != first] if first & mask else bits

    found, _ = search(puzzle.givens.reshape(81).tolist(), limit=1, order=order)
    if not found:
        v = Verdict(False, ("no solution exists: the givens contradict each other after deduction",))
        return Repair(None, 0, v, v.problems[0])
    answer = np.array(found[0], dtype=np.int8).reshape(9, 9)
    changed = int(np.count_nonzero(answer != np.asarray(network_answer).reshape(9, 9)))
    return Repair(answer, changed, sudoku.check(puzzle, answer), f"search changed {changed} cells")


def repair_maze(puzzle: maze.MazePuzzle, network_answer: np.ndarray) -> Repair:
    path = maze.bfs_path(puzzle)
    if path is None:
        v = Verdict(False, ("no path exists from S to G",))
        return Repair(None, 0, v, v.problems[0])
    changed = int(np.count_nonzero(path != np.asarray(network_answer)))
    return Repair(path, changed, maze.check(puzzle, path), f"BFS replaced the path ({changed} cells differ)")


def is_acceptable(kind: str, verdict: Verdict) -> bool:
    """A network answer that needs no repair: it obeys the rules (and, for mazes, is a shortest path)."""
    if not verdict.ok:
        return False
    return kind != "maze" or bool(verdict.details.get("shortest", False))
