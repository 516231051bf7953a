"""The puzzle library, browsable: search, filter by kind and verdict, open an entry in its editor."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from solver.library import Entry
from solver.puzzles import KIND_NAMES

from .library_model import LibraryModel

CHECK_COLOUR = QColor("#e65100")
VERDICT_FILTERS = {"any verdict": None, "not solved yet": "", "verified": "verified",
                   "not verifiable": "unverified", "failed": "failed"}
COLUMNS = ("When", "Kind", "Source", "Rating", "Verdict", "Model", "Photo reading", "Puzzle")
PUZZLE_COLUMN = COLUMNS.index("Puzzle")


def reading_text(reading: tuple[float, int] | None) -> str:
    """How sure the photo reader was of an entry, for the list ("" when it was not read from a photo)."""
    if reading is None:
        return ""
    confidence, unsure = reading
    return f"{unsure} cell{'s' if unsure != 1 else ''} to check" if unsure else f"sure ({confidence:.2f})"


def preview(e: Entry) -> str:
    """A one-line glimpse of the puzzle text for the list (the full text is the tooltip)."""
    if e.kind == "maze":
        rows = [r for r in e.text.splitlines() if r]
        return f"{len(rows)} x {len(rows[0]) if rows else 0} maze"
    flat = " ".join(e.text.split())
    return flat if len(flat) <= 90 else flat[:87] + "..."


class LibraryPanel(QWidget):
    openRequested = Signal(object)   # Entry
    checkRequested = Signal(object)  # Entry read from a photo with cells to check: open it with its photo

    def __init__(self, library: LibraryModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.entries: list[Entry] = []
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search text, source, verdict, model…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the library")
        self.kind = QComboBox(self)
        self.kind.addItems(["all kinds", *KIND_NAMES])
        self.kind.setToolTip("Show one kind only")
        self.verdict = QComboBox(self)
        self.verdict.addItems(list(VERDICT_FILTERS))
        self.verdict.setToolTip("Show entries by their last verdict")
        self.to_check = QCheckBox("Photos to check", self)
        self.to_check.setToolTip("Only the puzzles read from photos with cells to check (double-click one to "
                                 "check it against its photo)")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.setToolTip("Double-click an entry to open it in its editor (a photo with cells to check: "
                              "in the photo import dialog)")
        open_button = QPushButton("Open", self)
        open_button.clicked.connect(self.open_selected)
        delete_button = QPushButton("Remove", self)
        delete_button.setToolTip("Remove the entry from the library (the puzzle file, if any, stays)")
        delete_button.clicked.connect(self.delete_selected)
        self.count = QLabel(self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        filters.addWidget(self.verdict)
        filters.addWidget(self.to_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(delete_button)
        buttons.addWidget(open_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        if not library.available:
            self.count.setText("The library is not available (see the message shown at start).")

        # Typing searches after a short pause, not on every key against the database.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.verdict.currentIndexChanged.connect(lambda _i: self.refresh())
        self.to_check.toggled.connect(lambda _on: self.refresh())
        library.changed.connect(self._library_changed)
        self._stale = True

    def _library_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # refreshed when shown: no queries for a hidden list

    def showEvent(self, e) -> None:  # noqa: ANN001 - Qt override
        super().showEvent(e)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        kind = self.kind.currentText()
        entries = self.library.search(self.search.text().strip(), kind=None if kind == "all kinds" else kind,
                                      verdict=VERDICT_FILTERS[self.verdict.currentText()])
        readings = [self.library.photo_reading(e.id) for e in entries]
        if self.to_check.isChecked():
            kept = [(e, r) for e, r in zip(entries, readings) if r is not None and r[1] > 0]
            entries, readings = [e for e, _ in kept], [r for _, r in kept]
        self.entries = entries
        ratings = self.library.ratings([e.id for e in entries])  # kept by the editor when it rated one
        self.table.setRowCount(len(self.entries))
        for row, (e, reading) in enumerate(zip(self.entries, readings)):
            values = (time.strftime("%Y-%m-%d %H:%M", time.localtime(e.updated)), e.kind, e.source,
                      ratings.get(e.id, "—"), e.verdict_text or "not solved yet", e.model or "—",
                      reading_text(reading), preview(e))
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(e.text if col == PUZZLE_COLUMN else v)
                if reading is not None and reading[1] > 0:
                    item.setForeground(CHECK_COLOUR)
                self.table.setItem(row, col, item)
        self.count.setText(f"{len(self.entries)} puzzles")

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def open_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        reading = self.library.photo_reading(e.id)
        if reading is not None and reading[1] > 0 and e.photo and Path(e.photo).is_file():
            self.checkRequested.emit(e)
        else:
            self.openRequested.emit(e)

    def delete_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.library.delete(e.id)
            self.refresh()
