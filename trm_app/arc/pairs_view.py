"""The task's demonstration pairs, input beside output, with their sizes; add, remove, edit a pair."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QToolButton, QWidget

from ..errors import ErrorReporter
from .document import ArcDocument
from .grid_view import ArcGridView


def size_text(g) -> str:
    return f"{g.shape[1]} x {g.shape[0]}"   # W x H, as the ARC interface writes it


class ArcPairsView(QScrollArea):
    def __init__(self, doc: ArcDocument, reporter: ErrorReporter, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.reporter = doc, reporter
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(250)
        self._inner = QWidget(self)
        self._grid = QGridLayout(self._inner)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self.setWidget(self._inner)
        self._rows = -1
        self._labels: list[tuple[QLabel, QLabel]] = []
        self.add_button = QPushButton("Add pair", self)
        self.add_button.setToolTip("Add a demonstration pair (then edit its input and output)")
        self.add_button.clicked.connect(doc.add_pair)
        doc.changed.connect(self._sync)
        self._sync()

    def _rebuild(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            w = item.widget()
            if w is not None and w is not self.add_button:
                w.deleteLater()
        self._labels = []
        row = 0
        for i in range(len(self.doc.train)):
            title = QLabel(f"<b>Pair {i + 1}</b>", self._inner)
            remove = QToolButton(self._inner)
            remove.setText("✕")
            remove.setToolTip(f"Remove pair {i + 1}")
            remove.clicked.connect(lambda _c=False, i=i: self._remove(i))
            self._grid.addWidget(title, row, 0)
            self._grid.addWidget(remove, row, 1, alignment=Qt.AlignmentFlag.AlignRight)
            row += 1
            views = []
            for part in (0, 1):
                v = ArcGridView(self.doc, which=lambda d, i=i, part=part: d.train[i][part] if i < len(d.train)
                                else None, parent=self._inner)
                v.setMinimumSize(100, 100)
                v.setToolTip(f"Pair {i + 1} {'input' if part == 0 else 'output'}")
                views.append(v)
                self._grid.addWidget(v, row, part)
            row += 1
            labels = []
            for part in (0, 1):
                edit = QPushButton(self._inner)
                edit.setFlat(True)
                edit.setToolTip(f"Edit pair {i + 1} {'input' if part == 0 else 'output'} in the editor")
                edit.clicked.connect(lambda _c=False, i=i, part=part: self.doc.set_target(("train", i, part)))
                self._grid.addWidget(edit, row, part)
                labels.append(edit)
            self._labels.append((labels[0], labels[1]))
            row += 1
        self._grid.addWidget(self.add_button, row, 0, 1, 2)
        self._grid.setRowStretch(row + 1, 1)
        self._rows = len(self.doc.train)

    def _sync(self) -> None:
        if self._rows != len(self.doc.train):
            self._rebuild()
        for i, (a, b) in enumerate(self._labels):
            src, out = self.doc.train[i]
            a.setText(f"input {size_text(src)} ✎")
            b.setText(f"output {size_text(out)} ✎")

    def _remove(self, i: int) -> None:
        try:
            self.doc.remove_pair(i)
        except ValueError as e:
            self.reporter.exception("Cannot remove the pair", e)
