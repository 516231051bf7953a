"""Puzzles of one kind from the app's library, each with a check box: the ones ticked become training data."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from solver.library import Entry

from ..library_model import LibraryModel
from .words import KIND_WORDS


class LibraryPicker(QWidget):
    changed = Signal()

    def __init__(self, library: LibraryModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.kind = ""
        self.entries: dict[int, Entry] = {}
        self.list = QListWidget(self)
        self.list.setAccessibleName("Library puzzles")
        self.list.setToolTip("Tick the library's puzzles to train on (their answers come from the exact "
                             "solver when they have none)")
        self.list.itemChanged.connect(lambda _i: self._changed())
        self.count = QLabel(self)
        all_button = QPushButton("Tick &all", self)
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button = QPushButton("&Untick all", self)
        none_button.clicked.connect(lambda: self.set_all(False))
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(all_button)
        row.addWidget(none_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)

    def load(self, kind: str) -> None:
        """The library's puzzles of `kind`, none ticked."""
        self.kind = kind
        self.list.blockSignals(True)
        self.list.clear()
        self.entries = {}
        for e in self.library.search(kind=kind):
            self.entries[e.id] = e
            verdict = f"  [{e.verdict}]" if e.verdict else ""
            item = QListWidgetItem(f"{e.preview}{verdict}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(e.source or f"library entry {e.id}")
        self.list.blockSignals(False)
        self._update_count()

    def set_all(self, ticked: bool) -> None:
        self.list.blockSignals(True)
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)
        self._changed()

    def set_ticked(self, ids: list[int]) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._changed()

    def ticked(self) -> list[Entry]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(self.entries[item.data(Qt.ItemDataRole.UserRole)])
        return out

    def _update_count(self) -> None:
        n = len(self.entries)
        if not self.library.available:
            self.count.setText("The puzzle library is not available.")
        elif n == 0:
            self.count.setText(f"The library holds no {KIND_WORDS.get(self.kind, (self.kind,) * 2)[1]} yet.")
        else:
            self.count.setText(f"{len(self.ticked())} of {n} ticked")

    def _changed(self) -> None:
        self._update_count()
        self.changed.emit()
