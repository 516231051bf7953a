"""What the three editor pages share: a document, a solve session and panel, a file's collection of
puzzles, open / paste / save, the library records, and the exports."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from solver.puzzles.base import PuzzleError

from . import export
from .context import AppContext
from .document import Document
from .frames import Frame
from .solve_panel import SolvePanel
from .solve_session import SolveOutcome, SolveSession


class PageBase(QWidget):
    """Subclasses set `kind`, build `doc` and the editor widgets, and implement the hooks below."""

    kind = ""
    title = ""
    file_filter = ""
    default_suffix = ".txt"
    titleChanged = Signal()

    def __init__(self, ctx: AppContext, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.doc = ctx, doc
        self.path: Path | None = None          # the file Save writes to (None: ask)
        self.items: list[object] = []          # the puzzles of the opened file
        self.library_id: int | None = None
        self.session = SolveSession(self.kind, ctx.workers, self)
        self.panel = SolvePanel(self.session, ctx.settings, ctx.reporter, self)
        self.panel.solveRequested.connect(self.solve)
        self.session.finished.connect(self._solved)
        self.session.failed.connect(lambda m: ctx.reporter.error("The solve failed", m))
        doc.changed.connect(self._edited)
        doc.undo_stack.cleanChanged.connect(self._clean_changed)

        self.item_combo = QComboBox(self)
        self.item_combo.setToolTip("This file holds several puzzles: choose one")
        self.item_combo.activated.connect(self.show_item)
        self.item_label = QLabel("Puzzle:", self)
        self.source_label = QLabel(self)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._sync_items()

    def shows(self, kind: str) -> bool:
        """Whether this page edits puzzles of `kind` (the Sudoku page: Sudoku X too)."""
        return kind == self.kind

    # --- layout helper for subclasses -----------------------------------------------------------------

    def build(self, editor: QWidget) -> None:
        """The editor on the left, the solve panel on the right, the file line on top."""
        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(self.item_label)
        top.addWidget(self.item_combo)
        left = QWidget(self)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(editor, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(split)

    # --- hooks ---------------------------------------------------------------------------------------

    def parse(self, text: str, source: str) -> Sequence[object]:
        """The puzzles of a text (the engine's parser); raises PuzzleError."""
        raise NotImplementedError

    def load_item(self, item: object) -> None:
        raise NotImplementedError

    def item_name(self, i: int, item: object) -> str:
        return f"{i + 1} of {len(self.items)}"

    def puzzle(self) -> object:
        return self.doc.puzzle()  # type: ignore[attr-defined]

    def draw_board(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        raise NotImplementedError

    def board_size(self) -> QSize:
        return QSize(540, 540)

    def paste_text(self, text: str) -> None:
        self.load_text(text, "<clipboard>")

    # --- loading ---------------------------------------------------------------------------------------

    def load_text(self, text: str, source: str, path: Path | None = None) -> None:
        """Parse and show the first puzzle; raises PuzzleError (naming file and line) and changes
        nothing when the text is bad."""
        items = list(self.parse(text, source))
        if not items:
            raise PuzzleError("no puzzle found", source=source)
        self.items = items
        self.path = path if len(items) == 1 else None  # Save must not shrink a collection to one puzzle
        self.source_label.setText(source)
        self._sync_items()
        self.show_item(0)

    def show_item(self, i: int) -> None:
        if not (0 <= i < len(self.items)):
            return
        self.session.clear()
        self.load_item(self.items[i])
        self.item_combo.setCurrentIndex(i)
        self.record()

    def _sync_items(self) -> None:
        self.item_combo.blockSignals(True)
        self.item_combo.clear()
        for i, item in enumerate(self.items):
            self.item_combo.addItem(self.item_name(i, item))
        self.item_combo.blockSignals(False)
        many = len(self.items) > 1
        self.item_combo.setVisible(many)
        self.item_label.setVisible(many)

    def display_name(self) -> str:
        name = self.path.name if self.path else (self.doc.source if self.doc.source else "untitled")
        return name + ("" if self.doc.undo_stack.isClean() else " *")

    # --- saving -----------------------------------------------------------------------------------------

    def save_to(self, path: str | Path) -> Path:
        """Write the puzzle in the kind's text format, atomically; raises PuzzleError or OSError."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(self.default_suffix)
        text = self.doc.to_text()  # type: ignore[attr-defined]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        self.path = path
        self.doc.source = str(path)
        self.source_label.setText(str(path))
        self.doc.undo_stack.setClean()
        self.record(source=str(path))
        self.titleChanged.emit()
        return path

    # --- solving ----------------------------------------------------------------------------------------

    def solve(self) -> bool:
        try:
            puzzle = self.puzzle()
        except PuzzleError as e:
            self.ctx.reporter.exception("Cannot solve this puzzle", e)
            return False
        self.record()
        info = self.panel.models.selected_info()
        self.session.start(puzzle, info, self.ctx.settings.threads())
        self.ctx.reporter.note(f"Solving the {self.kind} puzzle…")
        return True

    def _solved(self, outcome: SolveOutcome) -> None:
        r = outcome.result
        self.ctx.reporter.note(f"{outcome.describe()} ({r.seconds:.2f} s)")
        self.record(verdict=outcome.verdict, verdict_text=outcome.describe(), model=outcome.model_name)

    def _clean_changed(self, _clean: bool) -> None:
        self.titleChanged.emit()

    def _edited(self) -> None:
        self.session.clear()  # the puzzle changed: a solve's answer (or a running solve) no longer applies
        self.titleChanged.emit()

    # --- library ------------------------------------------------------------------------------------------

    def record(self, source: str = "", verdict: str = "", verdict_text: str = "", model: str = "",
               photo: str | None = None) -> None:
        """`photo`: the picture the puzzle was read from (kept with the entry)."""
        try:
            text = self.doc.library_text()  # type: ignore[attr-defined]
        except PuzzleError:
            return  # not a complete puzzle yet (a maze without S); kept once it is
        self.library_id = self.ctx.library.record(self.kind, text, source or self.doc.source, verdict,
                                                  verdict_text, model, photo=photo)

    # --- pictures ---------------------------------------------------------------------------------------

    def caption(self, frame: Frame | None) -> str:
        if frame is None:
            return ""
        if frame.final:
            return f"final: {self.session.outcome.describe()}" if self.session.outcome else "final answer"
        return f"{frame.label} · halting {frame.halt_prob:.2f}"

    def export_png(self, path: str | Path) -> Path:
        frame = self.session.frame
        return export.export_png(self.draw_board, frame, self.palette(), path, self.board_size(),
                                 self.caption(frame))

    def export_gif(self, path: str | Path) -> Path:
        frames = self.session.frames
        size = self.board_size()
        return export.export_gif(self.draw_board, frames, [self.caption(f) for f in frames], self.palette(),
                                 path, QSize(int(size.width() * 0.8), int(size.height() * 0.8)))
