"""The Sudoku being edited: givens, pencil marks, and the conflicts the engine reports."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.puzzles import sudoku
from solver.puzzles.base import PuzzleError
from solver.puzzles.sudoku import SudokuPuzzle

from .document import Document



@dataclass(frozen=True)
class SudokuState:
    givens: np.ndarray                 # (9, 9) int8, 0 = blank
    marks: np.ndarray                  # (9, 9, 10) bool, marks[r, c, d] = pencil mark d
    solution: np.ndarray | None        # known solution of `origin`, from the file or the generator
    origin: np.ndarray | None          # the givens the solution belongs to


class SudokuDocument(Document):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.givens = np.zeros((9, 9), np.int8)
        self.marks = np.zeros((9, 9, 10), bool)
        self._solution: np.ndarray | None = None
        self._origin: np.ndarray | None = None
        self._conflicts: set[tuple[int, int]] | None = None
        self.changed.connect(self._forget_conflicts)

    # --- state -----------------------------------------------------------------------------------

    def snapshot(self) -> SudokuState:
        return SudokuState(self.givens.copy(), self.marks.copy(), self._solution, self._origin)

    def _apply(self, s: SudokuState) -> None:
        self.givens, self.marks = s.givens.copy(), s.marks.copy()
        self._solution, self._origin = s.solution, s.origin

    def _forget_conflicts(self) -> None:
        self._conflicts = None

    # --- edits (each one undoable) -------------------------------------------------------------------

    def set_digit(self, r: int, c: int, d: int) -> bool:
        def mutate() -> None:
            self.givens[r, c] = d
            if d:
                self.marks[r, c] = False
        return self.edit(f"Set r{r + 1}c{c + 1} to {d}" if d else f"Clear r{r + 1}c{c + 1}", mutate)

    def toggle_mark(self, r: int, c: int, d: int) -> bool:
        if self.givens[r, c]:
            return False

        def mutate() -> None:
            self.marks[r, c, d] = not self.marks[r, c, d]
        return self.edit(f"Pencil mark {d} in r{r + 1}c{c + 1}", mutate)

    def clear(self) -> bool:
        def mutate() -> None:
            self.givens[:] = 0
            self.marks[:] = False
        return self.edit("Clear the board", mutate)

    def clear_marks(self) -> bool:
        def mutate() -> None:
            self.marks[:] = False
        return self.edit("Clear pencil marks", mutate)

    def load(self, puzzle: SudokuPuzzle, text: str = "Load puzzle") -> None:
        def mutate() -> None:
            self.givens = np.array(puzzle.givens, np.int8)
            self.marks = np.zeros((9, 9, 10), bool)
            self._solution = None if puzzle.solution is None else np.array(puzzle.solution, np.int8)
            self._origin = self.givens.copy()
        self.source = puzzle.source
        self.edit(text, mutate)
        self.loaded.emit()

    # --- reading ---------------------------------------------------------------------------------------

    def puzzle(self) -> SudokuPuzzle:
        """The puzzle as the engine sees it; the known solution travels along while the givens are
        those it was given for."""
        sol = self._solution if self._origin is not None and np.array_equal(self._origin, self.givens) \
            else None
        return SudokuPuzzle(self.givens.copy(), sol, self.source, 1)

    def conflicts(self) -> set[tuple[int, int]]:
        """Cells of repeated givens (the engine's sudoku.conflicts)."""
        if self._conflicts is None:
            self._conflicts = {cell for a, b, _ in sudoku.conflicts(self.givens) for cell in (a, b)}
        return self._conflicts

    def conflict_messages(self) -> list[str]:
        return sudoku.validate(SudokuPuzzle(self.givens))

    def to_text(self) -> str:
        return sudoku.format(self.puzzle()) + "\n"

    def library_text(self) -> str:
        if self.is_empty():
            raise PuzzleError("the board is empty", source=self.source)
        return sudoku.to_line(self.givens)

    def is_empty(self) -> bool:
        return not self.givens.any()
