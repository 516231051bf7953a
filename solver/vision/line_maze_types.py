"""The line maze's own types: its walls, its two ends (a gap in the outer wall or a marked cell), and
the block maze (2h+1) x (2w+1) they make, which the network solves. Shared by the reader
(line_maze), its start-and-goal finder (line_maze_ends) and the synthetic photos."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..puzzles.maze import GOAL, OPEN, START, WALL


@dataclass(frozen=True)
class Opening:
    """A gap in the outer wall: on `side`, beside cell `index` (a column for top/bottom, a row for left/right)."""

    side: str
    index: int


Endpoint = Opening | tuple[int, int]      # a gap, or a marked cell (row, column)


@dataclass(frozen=True, eq=False)
class LineMaze:
    right: np.ndarray          # (h, w-1) bool: a wall between (r, c) and (r, c+1)
    down: np.ndarray           # (h-1, w) bool: a wall between (r, c) and (r+1, c)
    start: Endpoint
    goal: Endpoint

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.right.shape[0]), int(self.down.shape[1])


def endpoint_cell(e: Endpoint, shape: tuple[int, int]) -> tuple[int, int]:
    """The maze cell an endpoint is at or beside."""
    if not isinstance(e, Opening):
        return int(e[0]), int(e[1])
    h, w = shape
    return {"top": (0, e.index), "bottom": (h - 1, e.index), "left": (e.index, 0),
            "right": (e.index, w - 1)}[e.side]


def endpoint_block(e: Endpoint, shape: tuple[int, int]) -> tuple[int, int]:
    """An endpoint's block: a gap is its block on the frame, a marked cell its cell's block."""
    h, w = shape
    if not isinstance(e, Opening):
        return 2 * int(e[0]) + 1, 2 * int(e[1]) + 1
    i = 2 * e.index + 1
    return {"top": (0, i), "bottom": (2 * h, i), "left": (i, 0), "right": (i, 2 * w)}[e.side]


def to_blocks(m: LineMaze) -> np.ndarray:
    """The block maze ((2h+1) x (2w+1) int8 WALL/OPEN/START/GOAL) of a line maze."""
    h, w = m.shape
    b = np.full((2 * h + 1, 2 * w + 1), WALL, np.int8)
    b[1::2, 1::2] = OPEN
    b[1::2, 2:-1:2][~m.right] = OPEN
    b[2:-1:2, 1::2][~m.down] = OPEN
    b[endpoint_block(m.start, m.shape)] = START
    b[endpoint_block(m.goal, m.shape)] = GOAL
    return b
