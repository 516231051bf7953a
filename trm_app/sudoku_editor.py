"""The Sudoku page: the board, the generator by difficulty, the uniqueness check, pencil marks, the
logical rating, and play mode (the play panel beside the board)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from solver.puzzles import sudoku
from solver.puzzles.sudoku import SudokuPuzzle
from solver.puzzles.sudoku_generate import DIFFICULTIES, generate

from .context import AppContext
from .frames import Frame
from .handwriting_pad import HandwritingPad
from .page_base import PageBase
from .sudoku_board import SudokuBoard
from .sudoku_document import SudokuDocument
from .sudoku_play import PlaySession
from .sudoku_play_panel import PlayPanel
from .workers import Job

COUNT_WORDS = {0: "no solution", 1: "exactly one solution", 2: "several solutions"}
HANDWRITING_MIN_CONFIDENCE = 0.5   # a written digit read less surely than this is not put in the cell


class SudokuEditor(PageBase):
    kind = "sudoku"
    title = "Sudoku"
    file_filter = "Sudoku files (*.txt *.sdk *.csv);;All files (*)"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        self.doc: SudokuDocument = SudokuDocument()
        super().__init__(ctx, self.doc, parent)
        self.doc.setParent(self)
        self.board = SudokuBoard(self.doc, self.session, self)

        self.difficulty = QComboBox(self)
        self.difficulty.addItems(list(DIFFICULTIES))
        self.difficulty.setCurrentText(ctx.settings.choice("sudoku/difficulty", "medium"))
        self.difficulty.setToolTip("Difficulty of a new puzzle from the generator")
        self.difficulty.currentTextChanged.connect(lambda t: ctx.settings.set_choice("sudoku/difficulty", t))
        self.new_button = QPushButton("New puzzle", self)
        self.new_button.setToolTip("Generate a puzzle with exactly one solution at this difficulty (Ctrl+N)")
        self.new_button.clicked.connect(self.generate)
        self.count_button = QPushButton("Check uniqueness", self)
        self.count_button.setToolTip("Count the solutions: none, exactly one, or several")
        self.count_button.clicked.connect(self.check_uniqueness)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setToolTip("Empty the board (undoable)")
        self.clear_button.clicked.connect(self.doc.clear)
        self.pencil = QCheckBox("Pencil marks", self)
        self.pencil.setToolTip("Digits write small candidate marks instead of givens (P)")
        self.pencil.toggled.connect(self.board.set_pencil)
        # Handwriting: digits drawn into cells with the mouse or a pen, read by the photo digit classifier.
        self.handwriting = QCheckBox("Handwriting", self)
        self.handwriting.setToolTip("Write a digit into a cell with the mouse or a pen; it is read after a "
                                    "short pause (undoable)")
        self.pad = HandwritingPad(self.board, self.board.geometry_for)
        self.handwriting.toggled.connect(self.pad.set_active)
        self.pad.cellTouched.connect(self.board.select)
        self.pad.cellWritten.connect(self.read_handwriting)
        self.doc.loaded.connect(self._forget_handwriting)
        self._hand_generation = 0
        self._hand_text = ""
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Sudoku status")
        # Play mode: the player's digits over fixed givens, the clock, hints (sudoku_play, sudoku_play_panel).
        self.play = PlaySession(ctx, self.doc, self)
        self.play_panel = PlayPanel(self.play, lambda: self.panel.models.selected_info(), self)
        self.play_panel.setVisible(False)
        self.play_panel.highlightChanged.connect(self._show_play)
        self.play.changed.connect(self._show_play)
        self.play.solved.connect(self._play_solved)
        self.play_button = QPushButton("Play", self)
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Solve it yourself: your digits, pencil marks, a clock, mistakes and hints; "
                                    "your game is kept in the library")
        self.play_button.toggled.connect(self.set_playing)
        self.doc.loaded.connect(self._loaded_elsewhere)
        self._rating_text = ""

        tools = QHBoxLayout()
        tools.addWidget(QLabel("Difficulty:", self))
        tools.addWidget(self.difficulty)
        tools.addWidget(self.new_button)
        tools.addWidget(self.count_button)
        tools.addWidget(self.clear_button)
        tools.addWidget(self.pencil)
        tools.addWidget(self.handwriting)
        tools.addWidget(self.play_button)
        tools.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.board, 1)
        middle.addWidget(self.play_panel)
        editor = QWidget(self)
        lay = QVBoxLayout(editor)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(tools)
        lay.addLayout(middle, 1)
        lay.addWidget(self.status)
        self.build(editor)

        self.doc.changed.connect(self._board_changed)
        self._count_job: Job | None = None
        self._count_text = ""
        self._sync_status()

    # --- hooks ---------------------------------------------------------------------------------------

    def parse(self, text: str, source: str) -> Sequence[SudokuPuzzle]:
        stripped = text.strip()
        if len(stripped) == 81 and "\n" not in stripped:
            return [sudoku.from_string(stripped, source)]  # a pasted line, reported as such
        return sudoku.parse(text, source)

    def load_item(self, item: object) -> None:
        assert isinstance(item, SudokuPuzzle)
        self.play_button.setChecked(False)  # the game of the puzzle before is saved first
        self.doc.load(item)
        self.rate()

    def show_item(self, i: int) -> None:
        super().show_item(i)
        saved = self.ctx.library.progress(self.library_id) if self.library_id is not None else None
        if saved is not None and not saved.solved:
            self.play_button.setChecked(True)  # a game in progress: carry on where it was left

    # --- play mode ---------------------------------------------------------------------------------------

    def set_playing(self, on: bool) -> None:
        if on == self.play.active:
            return
        if on:
            self.record()
            if not self._rating_text:
                self.rate()  # a puzzle typed in: rated once it is played
            note = self.play.start(self.library_id)
            self.ctx.reporter.note(note)
            self.board.setFocus()
        else:
            self.play.stop()
            self.play_panel.reset_hint()
        self.play_panel.setVisible(on)
        self.clear_button.setEnabled(not on)
        self.count_button.setEnabled(not on)
        self._show_play()
        self._sync_status()

    def _loaded_elsewhere(self) -> None:
        if self.play.active:
            self.play.abandon()
            self.play_button.setChecked(False)

    def _show_play(self) -> None:
        if self.play.active:
            self.board.show_play(self.play_panel.shown_mistakes(), self.play_panel.highlight(),
                                 self.play_panel.overlay_grid())
        else:
            self.board.show_play(set(), self.play_panel.highlight(), None)

    def _play_solved(self, seconds: float) -> None:
        text = f"you solved it in {self.play.clock_text()}" + (f" with {self.play.hints} hints"
                                                               if self.play.hints else "")
        self.ctx.reporter.note(f"Solved! {text[0].upper()}{text[1:]}.")
        self.record(verdict="verified", verdict_text=text)

    # --- the logical rating, in a worker -----------------------------------------------------------------

    def rate(self) -> None:
        """The logical rating beside the search's (sudoku_logic.rating_text), shown and kept in the library."""
        givens = self.doc.givens.copy()
        self._rating_text = ""

        def work(_job: Job) -> object:
            from solver.puzzles.sudoku_logic import LogicError, rating_text

            try:
                return rating_text(givens.ravel().tolist())
            except LogicError:
                return None  # no single solution: the status says so through the uniqueness check

        def done(text: object) -> None:
            if isinstance(text, str) and np.array_equal(givens, self.doc.givens):
                self._rating_text = f"Rated {text}."
                self._sync_status()
                if self.library_id is not None:
                    self.ctx.library.set_rating(self.library_id, text)

        self.ctx.workers.submit(work, done, lambda m: self.ctx.reporter.error("Could not rate the puzzle", m),
                                label="rate sudoku")

    def item_name(self, i: int, item: object) -> str:
        return f"{i + 1} of {len(self.items)} (line {getattr(item, 'line', '?')})"

    def draw_board(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        self.board.draw(p, rect, frame)

    def board_size(self) -> QSize:
        return QSize(540, 540)

    # --- generator and uniqueness, in workers -------------------------------------------------------------

    def generate(self) -> None:
        level = self.difficulty.currentText()
        self.new_button.setEnabled(False)
        self.status.setText(f"Generating a {level} puzzle…")
        seed = int(np.random.SeedSequence().entropy % (2**63))

        def done(p: object) -> None:
            self.new_button.setEnabled(True)
            if isinstance(p, SudokuPuzzle):
                self.items, self.path = [p], None
                self._sync_items()
                self.source_label.setText(f"generated ({level})")
                self.show_item(0)

        def failed(message: str) -> None:
            self.new_button.setEnabled(True)
            self._sync_status()
            self.ctx.reporter.error("Could not generate a puzzle", message)

        self.ctx.workers.submit(lambda job: generate(np.random.default_rng(seed), level), done, failed,
                                label="generate sudoku")

    def check_uniqueness(self) -> None:
        puzzle = SudokuPuzzle(self.doc.givens.copy(), source=self.doc.source)
        self.count_button.setEnabled(False)
        self._count_text = "Counting solutions…"
        self._sync_status()

        def done(n: object) -> None:
            self.count_button.setEnabled(True)
            if job is self._count_job and isinstance(n, int):
                self._count_text = f"This puzzle has {COUNT_WORDS.get(n, 'several solutions')}."
                self._sync_status()

        def failed(message: str) -> None:
            self.count_button.setEnabled(True)
            self.ctx.reporter.error("Could not count the solutions", message)

        job = self.ctx.workers.submit(lambda _j: sudoku.solution_count(puzzle, limit=2), done, failed,
                                      label="count solutions")
        self._count_job = job

    # --- handwriting ---------------------------------------------------------------------------------

    def read_handwriting(self, r: int, c: int, strokes: object) -> None:
        """Read the strokes written in cell (r, c) in a worker; a digit goes into the cell (undoable)."""
        gen = self._hand_generation

        def read(_job: Job) -> object:
            from solver.vision import handwriting  # in the worker: it brings in OpenCV and the digit model

            return handwriting.read_strokes(strokes)  # type: ignore[arg-type]

        def done(reading: object) -> None:
            self.pad.finish(r, c)
            if gen != self._hand_generation:
                return  # another puzzle was loaded meanwhile
            d, conf = getattr(reading, "digit", None), float(getattr(reading, "confidence", 0.0))
            where = f"r{r + 1}c{c + 1}"
            if d is None or conf < HANDWRITING_MIN_CONFIDENCE:
                guess = f" (it looked most like {d}, confidence {conf:.2f})" if d is not None else ""
                text = f"Could not read that in {where}{guess}: write one digit, 1-9, across most of the cell."
            else:
                if self.board.pencil:
                    self.doc.toggle_mark(r, c, d)
                else:
                    self.doc.set_digit(r, c, d)
                text = f"Read {d} in {where} (confidence {conf:.2f})."
            self._hand_text = text
            self._sync_status()
            self.ctx.reporter.note(text)

        def failed(message: str) -> None:
            self.pad.finish(r, c)
            self.ctx.reporter.error("Could not read the handwriting", message)

        self.ctx.workers.submit(read, done, failed, label="read handwriting")

    def _forget_handwriting(self) -> None:
        self._hand_generation += 1
        self.pad.clear()

    def _board_changed(self) -> None:
        self._count_text, self._count_job = "", None  # a count in flight was for the old board
        self._hand_text = ""
        if not self.doc.playing:
            self._rating_text = ""  # the givens changed
        self.count_button.setEnabled(not self.play.active)
        self._sync_status()

    def _sync_status(self) -> None:
        conflicts = self.doc.conflict_messages()
        parts = [f"{self.doc.puzzle().n_givens} givens."]
        if conflicts:
            parts.append("Conflicts: " + "; ".join(conflicts[:4]) + ("…" if len(conflicts) > 4 else ""))
        if self._count_text:
            parts.append(self._count_text)
        if self._rating_text:
            parts.append(self._rating_text)
        if self._hand_text:
            parts.append(self._hand_text)
        self.status.setText(" ".join(parts))
