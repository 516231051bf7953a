"""What the play panels of every kind share: the big clock, the verdict line, buttons with their tips, and
one layout (clock, verdict, the kind's lines, a row of buttons, the Hint box, the kind's boxes)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PlayPanelBase(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = QLabel(self)
        self.clock.setAccessibleName("Time played")
        f = self.clock.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.clock.setFont(f)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton(text, self)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def _lay_out(self, lines: Sequence[QWidget], row: Sequence[QWidget], hint: Sequence[QWidget],
                 boxes: Sequence[QWidget] = ()) -> None:
        hints = QGroupBox("Hint", self)
        hl = QVBoxLayout(hints)
        for w in hint:
            hl.addWidget(w)
        buttons = QHBoxLayout()
        for w in row:
            buttons.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.clock)
        lay.addWidget(self.verdict)
        for w in lines:
            lay.addWidget(w)
        lay.addLayout(buttons)
        lay.addWidget(hints)
        for w in boxes:
            lay.addWidget(w)
        lay.addStretch(1)
