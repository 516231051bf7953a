"""One side of the before/after comparison: exact accuracy (large), cell accuracy, and on how many puzzles."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from .words import plural


def percent(acc: dict | None, key: str) -> str:
    return "—" if not acc or acc.get(key) is None else f"{100 * float(acc[key]):.1f}%"


class AccuracyColumn(QGroupBox):
    """One side of the comparison: exact (large), cells, and on how many puzzles."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.exact = QLabel("—", self)
        big = QFont(self.exact.font())
        big.setPointSizeF(big.pointSizeF() * 2.4)
        big.setBold(True)
        self.exact.setFont(big)
        self.exact.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(self)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.exact)
        lay.addWidget(self.detail)

    def set_accuracy(self, acc: dict | None, kind: str, empty: str) -> None:
        self.exact.setText(percent(acc, "exact"))
        if not acc:
            self.detail.setText(empty)
            return
        self.detail.setText(f"puzzles exactly right<br>{percent(acc, 'cells')} of cells right<br>"
                            f"on {plural(int(acc.get('n', 0)), kind)}")
