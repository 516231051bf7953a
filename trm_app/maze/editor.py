"""The maze page: size spin boxes, wall / erase / S / G tools, the generator by level, and play mode (the
play panel beside the board: draw a path from S to G yourself)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QToolButton,
                               QVBoxLayout, QWidget)

from solver.puzzles import maze
from solver.puzzles.maze import DIFFICULTIES, MAX_SIZE, MazePuzzle

from ..context import AppContext
from ..frames import Frame
from ..page_base import PageBase
from .board import MazeBoard
from .document import MazeDocument
from .play import MazePlaySession
from .play_panel import MazePlayPanel

# tool: (button text, tooltip, shortcut key)
TOOL_TIPS = {"wall": ("Wall", "Drag to paint walls (W)", "W"),
             "erase": ("Erase", "Drag to erase walls; right-drag erases with any tool (E)", "E"),
             "start": ("S", "Click to place the start (S)", "S"),
             "goal": ("G", "Click to place the goal (G)", "G")}


class MazeEditor(PageBase):
    kind = "maze"
    title = "Maze"
    file_filter = "Maze files (*.txt);;All files (*)"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        self.doc: MazeDocument = MazeDocument()
        super().__init__(ctx, self.doc, parent)
        self.doc.setParent(self)
        self.board = MazeBoard(self.doc, self.session, self)

        self.rows = QSpinBox(self)
        self.cols = QSpinBox(self)
        for spin, what in ((self.rows, "Rows"), (self.cols, "Columns")):
            spin.setRange(1, MAX_SIZE)
            spin.setToolTip(f"{what} of the maze (1-{MAX_SIZE}); resizing keeps the top-left part")
            spin.setAccessibleName(what)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._resize)
        self.tool_group = QButtonGroup(self)
        self.tool_buttons: dict[str, QToolButton] = {}
        tools = QHBoxLayout()
        for name, (label, tip, key) in TOOL_TIPS.items():
            b = QToolButton(self)
            b.setText(label)
            b.setCheckable(True)
            b.setToolTip(tip)
            b.setShortcut(key)
            b.clicked.connect(lambda _c=False, n=name: self.board.set_tool(n))
            self.tool_group.addButton(b)
            self.tool_buttons[name] = b
            tools.addWidget(b)
        self.tool_buttons["wall"].setChecked(True)
        tools.addSpacing(12)
        tools.addWidget(QLabel("Rows:", self))
        tools.addWidget(self.rows)
        tools.addWidget(QLabel("Columns:", self))
        tools.addWidget(self.cols)
        tools.addSpacing(12)
        self.level = QComboBox(self)
        self.level.addItems(list(DIFFICULTIES))
        self.level.setCurrentText(ctx.settings.choice("maze/level", "hard"))
        self.level.setToolTip("easy 10x10, medium 20x20, hard and extreme 30x30 (Maze-Hard style)")
        self.level.currentTextChanged.connect(lambda t: ctx.settings.set_choice("maze/level", t))
        self.generate_button = QPushButton("Generate", self)
        self.generate_button.setToolTip("A random maze of this level, in the style of Maze-Hard")
        self.generate_button.clicked.connect(self.generate)
        clear = QPushButton("Clear walls", self)
        clear.setToolTip("Remove every wall (undoable)")
        clear.clicked.connect(self.doc.clear_walls)
        tools.addWidget(self.level)
        tools.addWidget(self.generate_button)
        tools.addWidget(clear)
        # Play mode (play, play_panel): the mouse and arrow keys draw a path instead of walls.
        self.play = MazePlaySession(ctx, self.doc, self)
        self.play.solved.connect(self._play_solved)
        self.board.set_play(self.play)
        self.play_panel = MazePlayPanel(self.play, self)
        self.play_panel.setVisible(False)
        self.play_button = QPushButton("Play", self)
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Find the way yourself: drag a path from S to G or use the arrow keys; "
                                    "dead ends are flagged, Hint shows the next moves; kept in the library")
        self.play_button.toggled.connect(self.set_playing)
        self.doc.loaded.connect(self._loaded_elsewhere)
        self.doc.changed.connect(self._maze_changed)
        self._edit_tip = self.board.toolTip()
        self._editing = [*self.tool_buttons.values(), self.rows, self.cols, self.generate_button, clear]
        tools.addWidget(self.play_button)
        tools.addStretch(1)
        self.status = QLabel(self)

        editor = QWidget(self)
        lay = QVBoxLayout(editor)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(tools)
        middle = QHBoxLayout()
        middle.addWidget(self.board, 1)
        middle.addWidget(self.play_panel)
        lay.addLayout(middle, 1)
        lay.addWidget(self.status)
        self.build(editor)
        self.doc.changed.connect(self._sync)
        self._sync()

    # --- hooks ---------------------------------------------------------------------------------------

    def parse(self, text: str, source: str) -> Sequence[MazePuzzle]:
        return maze.parse(text, source)

    def load_item(self, item: object) -> None:
        assert isinstance(item, MazePuzzle)
        self.play_button.setChecked(False)  # the game of the maze before is saved first
        self.doc.load(item)

    def show_item(self, i: int) -> None:
        super().show_item(i)
        saved = self.ctx.library.progress(self.library_id) if self.library_id is not None else None
        if saved is not None and not saved.solved:
            self.play_button.setChecked(True)  # a game in progress: carry on where it was left

    # --- play mode ---------------------------------------------------------------------------------------

    def set_playing(self, on: bool) -> None:
        if on and not self.play.active:
            try:
                self.doc.puzzle()
            except ValueError as e:  # PuzzleError: no S or no G
                self.play_button.setChecked(False)
                self.ctx.reporter.exception("Cannot play this maze", e)
                return
            self.session.clear()  # a solve's path would give the way away
            self.record()
            self.ctx.reporter.note(self.play.start(self.library_id))
            self.board.setFocus()
        elif not on:
            self.play.stop()  # saved; a no-op when the game already ended (abandoned)
        self.board.setToolTip("Drag from the end of your path, or use the arrow keys; drag back over it to take "
                              "moves back" if on else self._edit_tip)
        self.play_panel.setVisible(on)
        for w in self._editing:
            w.setEnabled(not on)
        self.board.update()

    def _loaded_elsewhere(self) -> None:
        if self.play.active:
            self.play.abandon()
            self.play_button.setChecked(False)

    def _maze_changed(self) -> None:
        if self.play.active and not np.array_equal(self.doc.grid, self.play.grid):
            self.play.abandon()  # e.g. Edit > Undo took back the maze's loading: the game was on another maze
            self.play_button.setChecked(False)
            self.ctx.reporter.note("The maze changed, so the game ended.")

    def _play_solved(self, _seconds: float) -> None:
        text = f"you found the way in {self.play.clock.text()}, {self.play.moves()} moves" + (
            f" with {self.play.hints} hints" if self.play.hints else "")
        self.ctx.reporter.note(f"Solved! {text[0].upper()}{text[1:]}.")
        self.record(verdict="verified", verdict_text=text)

    def item_name(self, i: int, item: object) -> str:
        h, w = getattr(item, "shape", (0, 0))
        return f"{i + 1} of {len(self.items)} ({h}x{w}, line {getattr(item, 'line', '?')})"

    def draw_board(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        self.board.draw(p, rect, frame)

    def board_size(self) -> QSize:
        h, w = self.doc.shape
        cell = max(min(540 // max(h, w), 40), 12)
        return QSize(w * cell + 12, h * cell + 12)

    # --- actions ---------------------------------------------------------------------------------------

    def _resize(self) -> None:
        self.doc.resize(self.rows.value(), self.cols.value())

    def new_maze(self) -> None:
        self.items, self.path = [], None
        self._sync_items()
        self.source_label.setText("new maze")
        self.doc.new(self.rows.value(), self.cols.value())

    def generate(self) -> None:
        level = self.level.currentText()
        self.generate_button.setEnabled(False)
        seed = int(np.random.SeedSequence().entropy % (2**63))

        def done(p: object) -> None:
            self.generate_button.setEnabled(True)
            if isinstance(p, MazePuzzle):
                self.items, self.path = [p], None
                self._sync_items()
                self.source_label.setText(f"generated ({level})")
                self.show_item(0)

        def failed(message: str) -> None:
            self.generate_button.setEnabled(True)
            self.ctx.reporter.error("Could not generate a maze", message)

        self.ctx.workers.submit(lambda _j: maze.generate(np.random.default_rng(seed), level), done, failed,
                                label="generate maze")

    def _sync(self) -> None:
        h, w = self.doc.shape
        for spin, v in ((self.rows, h), (self.cols, w)):
            spin.blockSignals(True)
            spin.setValue(v)
            spin.blockSignals(False)
        walls = int((self.doc.grid == maze.WALL).sum())
        try:
            self.doc.puzzle()
            missing = ""
        except ValueError as e:  # PuzzleError: S or G missing
            missing = " " + getattr(e, "message", str(e)).capitalize() + "."
        self.status.setText(f"{h} x {w} maze, {walls} walls ({100 * walls / (h * w):.0f}%).{missing}")
