"""The ARC page: demonstration pairs, the test input and the output editor side by side; the bundled
samples; building a task from scratch (pairs, tests, expected outputs)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from solver.puzzles import arc
from solver.puzzles.arc import ArcTask
from solver.puzzles.base import PuzzleError

from ..context import AppContext
from ..frames import Frame
from ..page_base import PageBase
from ..paths import samples
from .attempts_view import ArcAttemptsView
from .document import ArcDocument
from .grid_view import ArcGridView
from .output_editor import ArcOutputEditor
from .pairs_view import ArcPairsView, size_text
from .tool_state import ArcToolState


class ArcEditor(PageBase):
    kind = "arc"
    title = "ARC"
    file_filter = "ARC task files (*.json);;All files (*)"
    default_suffix = ".json"
    openRequested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        self.doc: ArcDocument = ArcDocument()
        super().__init__(ctx, self.doc, parent)
        self.doc.setParent(self)
        self.tools = ArcToolState(self)

        self.name_edit = QLineEdit(self)
        self.name_edit.setToolTip("The task's name")
        self.name_edit.setAccessibleName("Task name")
        self.name_edit.editingFinished.connect(lambda: self.doc.rename(self.name_edit.text()))
        self.samples = QComboBox(self)
        self.samples.addItem("Bundled samples…")
        for p in samples("arc"):
            self.samples.addItem(p.name, str(p))
        self.samples.setToolTip("Open one of the sample tasks that ship with the app")
        self.samples.activated.connect(self._sample_picked)
        new = QPushButton("New task", self)
        new.setToolTip("Start a task from scratch: one empty pair and one test input")
        new.clicked.connect(self.new_task)

        self.test_combo = QComboBox(self)
        self.test_combo.setToolTip("Which test input of the task")
        self.test_combo.activated.connect(self.doc.set_test_index)
        add_test = QPushButton("Add test", self)
        add_test.clicked.connect(self.doc.add_test)
        remove_test = QPushButton("Remove test", self)
        remove_test.clicked.connect(self._remove_test)
        edit_input = QPushButton("Edit test input", self)
        edit_input.setToolTip("Edit this test's input grid in the output editor")
        edit_input.clicked.connect(lambda: self.doc.set_target(("test", self.doc.test_index, 0)))
        edit_expected = QPushButton("Edit expected output", self)
        edit_expected.setToolTip("Give (or edit) the known output of this test, which Submit checks against")
        edit_expected.clicked.connect(lambda: self.doc.set_target(("test", self.doc.test_index, 1)))

        self.pairs = ArcPairsView(self.doc, ctx.reporter, self)
        self.input_label = QLabel(self)
        self.input_view = ArcGridView(self.doc, which=lambda d: d.test_input, parent=self)
        self.input_view.setToolTip("The test input")
        self.input_view.setMinimumSize(200, 200)
        self.output = ArcOutputEditor(self.doc, self.tools, self.session, self)
        self.attempts = ArcAttemptsView(self.doc, self.session, self)

        head = QHBoxLayout()
        head.addWidget(QLabel("Task:", self))
        head.addWidget(self.name_edit, 1)
        head.addWidget(self.samples)
        head.addWidget(new)
        tests = QHBoxLayout()
        tests.addWidget(QLabel("Test:", self))
        tests.addWidget(self.test_combo)
        for b in (add_test, remove_test, edit_input, edit_expected):
            tests.addWidget(b)
        tests.addStretch(1)
        middle = QWidget(self)
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.input_label)
        ml.addWidget(self.input_view, 1)
        ml.addWidget(self.attempts)
        demos = QWidget(self)
        dl = QVBoxLayout(demos)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(QLabel("<b>Demonstrations</b> (input → output)", self))
        dl.addWidget(self.pairs, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        for w in (demos, middle, self.output):
            split.addWidget(w)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 3)
        split.setChildrenCollapsible(False)
        editor = QWidget(self)
        lay = QVBoxLayout(editor)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addLayout(tests)
        lay.addWidget(split, 1)
        self.build(editor)
        self.doc.changed.connect(self._sync)
        self._sync()

    # --- hooks ---------------------------------------------------------------------------------------

    def parse(self, text: str, source: str) -> Sequence[ArcTask]:
        return arc.parse_tasks(text, source)

    def load_item(self, item: object) -> None:
        assert isinstance(item, ArcTask)
        self.tools.set_selection(None)
        self.doc.load_task(item)

    def item_name(self, i: int, item: object) -> str:
        return f"{getattr(item, 'name', i + 1)} ({i + 1} of {len(self.items)})"

    def draw_board(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        self.output.view.draw(p, rect, frame)

    def board_size(self) -> QSize:
        g = self.output.view.grid()
        h, w = (3, 3) if g is None else g.shape
        cell = max(min(480 // max(h, w), 48), 12)
        return QSize(w * cell + 6, h * cell + 6)

    def paste_text(self, text: str) -> None:
        if self.output.view.hasFocus() and self.tools.clipboard is not None:
            self.output.view.paste_clipboard()  # a copied block, not a task
            return
        self.load_text(text, "<clipboard>")

    # --- actions ---------------------------------------------------------------------------------------

    def new_task(self) -> None:
        self.items, self.path = [], None
        self._sync_items()
        self.source_label.setText("new task")
        self.session.clear()
        self.doc.new_task()

    def _sample_picked(self, i: int) -> None:
        path = self.samples.itemData(i)
        self.samples.setCurrentIndex(0)
        if path:
            self.openRequested.emit(path)

    def _remove_test(self) -> None:
        try:
            self.doc.remove_test(self.doc.test_index)
        except PuzzleError as e:
            self.ctx.reporter.exception("Cannot remove the test", e)

    def _sync(self) -> None:
        d = self.doc
        if not self.name_edit.hasFocus():
            self.name_edit.setText(d.name)
        self.test_combo.blockSignals(True)
        self.test_combo.clear()
        for i, (_inp, out) in enumerate(d.tests):
            known = "" if out is None else ", output known"
            self.test_combo.addItem(f"{i + 1} of {len(d.tests)}{known}")
        self.test_combo.setCurrentIndex(d.test_index)
        self.test_combo.blockSignals(False)
        self.input_label.setText(f"<b>Test input</b> {size_text(d.test_input)}")
