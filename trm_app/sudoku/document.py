"""The Sudoku being edited or played: givens, the player's entries, pencil marks, whether it is a Sudoku X
(both diagonals hold 1-9 too), and the conflicts the engine reports. In play mode digits go into `entries`
(givens stay fixed); with auto candidates a digit written takes itself out of its row's, column's and box's
marks (the engine's sudoku_play)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.puzzles import sudoku, sudoku_play, sudoku_x
from solver.puzzles.base import PuzzleError
from solver.puzzles.sudoku import SudokuPuzzle

from ..document import Document


@dataclass(frozen=True)
class SudokuState:
    givens: np.ndarray                 # (9, 9) int8, 0 = blank
    marks: np.ndarray                  # (9, 9, 10) bool, marks[r, c, d] = pencil mark d
    solution: np.ndarray | None        # known solution of `origin`, from the file or the generator
    origin: np.ndarray | None          # the givens the solution belongs to
    entries: np.ndarray | None = None  # (9, 9) int8, the player's digits (play mode)
    diagonal: bool = False             # a Sudoku X


class SudokuDocument(Document):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.givens = np.zeros((9, 9), np.int8)
        self.marks = np.zeros((9, 9, 10), bool)
        self.entries = np.zeros((9, 9), np.int8)
        self.playing = False        # digits go into entries; givens are fixed
        self.auto_marks = False     # a digit written takes itself out of its peers' marks
        self.diagonal = False       # a Sudoku X: the engine's sudoku_x rules, not sudoku's
        self._solution: np.ndarray | None = None
        self._origin: np.ndarray | None = None
        self._conflicts: set[tuple[int, int]] | None = None
        self.changed.connect(self._forget_conflicts)

    # --- state -----------------------------------------------------------------------------------

    def snapshot(self) -> SudokuState:
        return SudokuState(self.givens.copy(), self.marks.copy(), self._solution, self._origin,
                           self.entries.copy(), self.diagonal)

    def _apply(self, s: SudokuState) -> None:
        self.givens, self.marks = s.givens.copy(), s.marks.copy()
        self._solution, self._origin = s.solution, s.origin
        self.entries = s.entries.copy() if s.entries is not None else np.zeros((9, 9), np.int8)
        self.diagonal = s.diagonal

    def _forget_conflicts(self) -> None:
        self._conflicts = None

    # --- edits (each one undoable) -------------------------------------------------------------------

    def set_digit(self, r: int, c: int, d: int) -> bool:
        if self.playing:
            return self.set_entry(r, c, d)

        def mutate() -> None:
            self.givens[r, c] = d
            if d:
                self.marks[r, c] = False
        return self.edit(f"Set r{r + 1}c{c + 1} to {d}" if d else f"Clear r{r + 1}c{c + 1}", mutate)

    def set_entry(self, r: int, c: int, d: int) -> bool:
        """The player writes d (0 clears) in a cell that is not a given."""
        if self.givens[r, c]:
            return False

        def mutate() -> None:
            self.entries[r, c] = d
            if d and self.auto_marks:
                self.marks = sudoku_play.after_entry(self.marks, r, c, d)
            elif d:
                self.marks[r, c] = False
        return self.edit(f"Write {d} in r{r + 1}c{c + 1}" if d else f"Clear r{r + 1}c{c + 1}", mutate)

    def fill_marks(self) -> bool:
        """Every candidate the rules allow, in every empty cell."""
        def mutate() -> None:
            self.marks = sudoku_play.rule_candidates(self.grid())
        return self.edit("Fill in the candidates", mutate)

    def apply_step(self, step) -> bool:
        """A hint's step (solver.puzzles.sudoku_logic.Step) applied: its digits written, its candidates
        struck out, or a mistake's cells cleared (entries) and given back their candidates (marks)."""
        def mutate() -> None:
            allowed = sudoku_play.rule_candidates(self.grid())
            for i in step.clears:
                r, c = divmod(i, 9)
                if self.entries[r, c]:
                    self.entries[r, c] = 0
                else:
                    self.marks[r, c] = allowed[r, c]
            for i, d in step.eliminations:
                r, c = divmod(i, 9)
                if not self.marks[r, c].any():  # nothing pencilled there yet: the rules' candidates first
                    self.marks[r, c] = allowed[r, c]
                self.marks[r, c, d] = False
            for i, d in step.placements:
                r, c = divmod(i, 9)
                self.entries[r, c] = d
                self.marks = sudoku_play.after_entry(self.marks, r, c, d)
        return self.edit(f"Hint: {step.technique}", mutate)

    def restart(self) -> bool:
        def mutate() -> None:
            self.entries[:] = 0
            self.marks[:] = False
        return self.edit("Start again", mutate)

    def restore_play(self, state: sudoku_play.PlayState) -> None:
        """A saved game back on the board (not undoable: it is where the game starts)."""
        self.entries, self.marks = state.entries.copy(), state.marks.copy()
        self.undo_stack.clear()
        self.changed.emit()

    def toggle_mark(self, r: int, c: int, d: int) -> bool:
        if self.givens[r, c] or self.entries[r, c]:
            return False

        def mutate() -> None:
            self.marks[r, c, d] = not self.marks[r, c, d]
        return self.edit(f"Pencil mark {d} in r{r + 1}c{c + 1}", mutate)

    def set_diagonal(self, on: bool) -> bool:
        """Sudoku X or not (undoable); the known solution goes when it was one of the other rules'."""
        if on == self.diagonal:
            return False

        def mutate() -> None:
            self.diagonal = on
            self._solution = self._origin = None
        return self.edit("Sudoku X: the diagonals are rules" if on else "Plain Sudoku: no diagonal rule", mutate)

    @property
    def rules(self):
        """The engine module of the rules in force (sudoku or sudoku_x)."""
        return sudoku_x if self.diagonal else sudoku

    def clear(self) -> bool:
        def mutate() -> None:
            self.givens[:] = 0
            self.entries[:] = 0
            self.marks[:] = False
        return self.edit("Clear the board", mutate)

    def clear_marks(self) -> bool:
        def mutate() -> None:
            self.marks[:] = False
        return self.edit("Clear pencil marks", mutate)

    def load(self, puzzle: SudokuPuzzle, text: str = "Load puzzle", diagonal: bool = False) -> None:
        def mutate() -> None:
            self.diagonal = diagonal
            self.givens = np.array(puzzle.givens, np.int8)
            self.marks = np.zeros((9, 9, 10), bool)
            self.entries = np.zeros((9, 9), np.int8)
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

    def grid(self) -> np.ndarray:
        """Givens and entries together: the board as the player sees it."""
        return np.where(self.givens != 0, self.givens, self.entries).astype(np.int8)

    def known_solution(self) -> np.ndarray | None:
        return self.puzzle().solution

    def play_state(self) -> str:
        return sudoku_play.encode(self.entries, self.marks)

    def conflicts(self) -> set[tuple[int, int]]:
        """Cells of repeated digits, givens and entries (the engine's sudoku.conflicts)."""
        if self._conflicts is None:
            self._conflicts = {cell for a, b, _ in self.rules.conflicts(self.grid()) for cell in (a, b)}
        return self._conflicts

    def conflict_messages(self) -> list[str]:
        return self.rules.validate(SudokuPuzzle(self.givens))

    def header(self) -> str:
        """What a file of this puzzle starts with: the X marker line for a Sudoku X."""
        return sudoku_x.FILE_HEADER if self.diagonal else ""

    def to_text(self) -> str:
        return self.header() + sudoku.format(self.puzzle()) + "\n"

    def library_text(self) -> str:
        if self.is_empty():
            raise PuzzleError("the board is empty", source=self.source)
        return self.header() + sudoku.to_line(self.givens)

    def is_empty(self) -> bool:
        return not self.givens.any()
