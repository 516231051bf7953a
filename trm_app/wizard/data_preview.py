"""The Data page's preview: puzzles per kind and difficulty, the validation split, and every entry that
will be skipped with its reason (skipping is what training does with them: nothing to fix first)."""
from __future__ import annotations

import os

from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QPlainTextEdit, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from PySide6.QtCore import Qt

from training.data_summary import DataSummary

from .words import KIND_WORDS, plural

class DataPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.split = QLabel(self)
        self.split.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Difficulty", "Training", "Validation"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.other = QLabel(self)
        self.other.setWordWrap(True)
        self.problems_label = QLabel(self)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.problems.setAccessibleName("Skipped entries")
        self.problems.setPlaceholderText("Nothing to skip: every entry reads.")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.headline)
        lay.addWidget(self.table)
        lay.addWidget(self.split)
        lay.addWidget(self.other)
        lay.addWidget(self.problems_label)
        lay.addWidget(self.problems, 1)
        self.show_message("Add files, folders or library puzzles: the preview appears here.")

    def show_message(self, text: str) -> None:
        self.headline.setText(text)
        for w in (self.table, self.split, self.other, self.problems_label):
            w.setVisible(False)
        self.problems.setPlainText("")
        self.problems.setVisible(False)

    def show_summary(self, s: DataSummary, library_picks: int = 0, folder: str = "") -> None:
        """`library_picks`: puzzles from the library (their file is the run's, not the person's);
        `folder`: paths in the skipped list are shown relative to it."""
        n_files = s.files - (1 if library_picks else 0)
        files = f"{n_files:,} file{'s' if n_files != 1 else ''}"
        if library_picks:
            files += f" and {library_picks:,} library puzzle{'s' if library_picks != 1 else ''}"
        if s.puzzles:
            self.headline.setText(f"<b>{plural(s.puzzles, s.kind)}</b> to train on, from {files}.")
        else:
            self.headline.setText(f"<b>No usable {KIND_WORDS.get(s.kind, (s.kind,))[0]} puzzles</b> in {files}: "
                                  "add puzzles with answers, or ones the exact solver can answer.")
        self.table.setRowCount(len(s.levels))
        for r, (level, (tr, va)) in enumerate(s.levels.items()):
            for c, text in enumerate((level, f"{tr:,}", f"{va:,}")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        level = {"sudoku": "Difficulty", "sudoku-x": "Difficulty", "maze": "Size"}.get(s.kind, "Kind")
        self.table.setHorizontalHeaderLabels([level, "Training", "Validation"])
        self.table.setVisible(bool(s.levels))
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        self.table.setFixedHeight(height + sum(self.table.rowHeight(r) for r in range(len(s.levels))))
        if s.puzzles and s.kind == "arc":
            self.split.setText(
                f"<b>{plural(len(s.train), 'arc')}</b> trained on {'its' if len(s.train) == 1 else 'their'} "
                f"demonstration pairs; <b>{len(s.val):,}</b> test pair{'s' if len(s.val) != 1 else ''} with a "
                "known answer held out for validation (never trained on)." if s.val else
                "No test pair has its answer in the file: add the test output, so that the run can measure "
                "what it learns and keep its best weights.")
        elif s.puzzles:
            self.split.setText(
                f"Split made: <b>{len(s.train):,}</b> for training, <b>{len(s.val):,}</b> held out for "
                "validation (never trained on; no validation puzzle is a symmetry of a training one, so the "
                "accuracy measured on them is honest)." if s.val else
                "With one puzzle nothing can be held out for validation, and a run keeps the weights that "
                "validate best: add at least one more puzzle.")
        self.split.setVisible(bool(s.puzzles))
        if s.other_files:
            parts = [f"{n} {k} file{'s' if n != 1 else ''} ({plural(s.other_kinds.get(k, 0), k)})"
                     for k, n in s.other_files.items()]
            self.other.setText(f"Also found {', '.join(parts)}: not used, this model learns "
                               f"{KIND_WORDS.get(s.kind, (s.kind,))[0]} puzzles.")
        self.other.setVisible(bool(s.other_files))
        n = len(s.problems)
        prefix = folder.rstrip(os.sep) + os.sep if folder else ""
        shown = [p[len(prefix):] if prefix and p.startswith(prefix) else p for p in s.problems]
        where = f" in {folder}" if prefix and any(p.startswith(prefix) for p in s.problems) else ""
        self.problems_label.setText(f"<b>{n:,} entr{'y' if n == 1 else 'ies'} will be skipped</b> "
                                    f"(file:line: reason){where}:" if n else "Every entry reads: nothing is skipped.")
        self.problems_label.setWordWrap(True)
        self.problems_label.setVisible(True)
        self.problems.setPlainText("\n".join(shown))
        self.problems.setVisible(bool(n))
