"""The maze being edited: a grid of WALL/OPEN/START/GOAL codes, 1-30 by 1-30."""
from __future__ import annotations

import numpy as np

from solver.puzzles import maze
from solver.puzzles.base import PuzzleError
from solver.puzzles.maze import GOAL, MAX_SIZE, OPEN, START, WALL, MazePuzzle

from ..document import Document


def _empty(h: int, w: int) -> np.ndarray:
    g = np.full((h, w), OPEN, np.int8)
    g[0, 0] = START
    g[h - 1, w - 1] = GOAL if h * w > 1 else START
    return g


class MazeDocument(Document):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = _empty(10, 10)

    def snapshot(self) -> np.ndarray:
        return self.grid.copy()

    def _apply(self, state: np.ndarray) -> None:
        self.grid = state.copy()

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.grid.shape[0]), int(self.grid.shape[1])

    # --- painting ---------------------------------------------------------------------------------

    def paint(self, r: int, c: int, code: int) -> bool:
        """Set one cell, live (inside a stroke) or as its own command. S and G move rather than multiply;
        walls and erasing leave S and G alone so that a drag across them does not wipe them out."""
        if not (0 <= r < self.grid.shape[0] and 0 <= c < self.grid.shape[1]):
            return False
        cur = int(self.grid[r, c])
        if cur == code or (code in (WALL, OPEN) and cur in (START, GOAL)):
            return False

        def mutate() -> None:
            if code in (START, GOAL):
                self.grid[self.grid == code] = OPEN
            self.grid[r, c] = code

        if self.in_stroke():
            mutate()
            self.changed.emit()
            return True
        return self.edit(f"Paint r{r + 1}c{c + 1}", mutate)

    def resize(self, h: int, w: int) -> bool:
        h, w = min(max(h, 1), MAX_SIZE), min(max(w, 1), MAX_SIZE)
        if (h, w) == self.shape:
            return False

        def mutate() -> None:
            g = np.full((h, w), OPEN, np.int8)
            oh, ow = min(h, self.grid.shape[0]), min(w, self.grid.shape[1])
            g[:oh, :ow] = self.grid[:oh, :ow]
            self.grid = g
        return self.edit(f"Resize to {h}x{w}", mutate)

    def clear_walls(self) -> bool:
        def mutate() -> None:
            self.grid[self.grid == WALL] = OPEN
        return self.edit("Clear walls", mutate)

    def new(self, h: int, w: int) -> None:
        def mutate() -> None:
            self.grid = _empty(h, w)
        self.source = "<new>"
        self.edit("New maze", mutate)
        self.loaded.emit()

    def load(self, puzzle: MazePuzzle, text: str = "Load maze") -> None:
        def mutate() -> None:
            self.grid = np.array(puzzle.grid, np.int8)
        self.source = puzzle.source
        self.edit(text, mutate)
        self.loaded.emit()

    # --- reading ----------------------------------------------------------------------------------

    def puzzle(self) -> MazePuzzle:
        missing = [what for code, what in ((START, "a start (S)"), (GOAL, "a goal (G)"))
                   if not (self.grid == code).any()]
        if missing:
            raise PuzzleError(f"the maze needs {' and '.join(missing)}: pick the S or G tool and click a "
                              "cell", source=self.source)
        return MazePuzzle(grid=self.grid.copy(), source=self.source)

    def to_text(self) -> str:
        p = self.puzzle()
        return maze.format(p, answer=p.grid)

    def library_text(self) -> str:
        return self.to_text()
