"""The ten ARC colours as buttons; keys 0-9 pick them too (in the output editor)."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from ..theme import ARC_COLOURS, ARC_NAMES
from .tool_state import ArcToolState


class ArcPalette(QWidget):
    def __init__(self, tools: ArcToolState, parent: QWidget | None = None):
        super().__init__(parent)
        self.tools = tools
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        self.buttons: list[QToolButton] = []
        for i, colour in enumerate(ARC_COLOURS):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setFixedSize(QSize(28, 28))
            b.setText(str(i))
            # The chosen swatch gets a thick ring in its own text colour: visible on every swatch.
            fg = "#000000" if QColor(colour).lightness() > 110 else "#ffffff"
            b.setStyleSheet(f"QToolButton {{ background: {colour}; color: {fg}; border: 1px solid #777; "
                            f"border-radius: 3px; font-weight: bold; }}"
                            f"QToolButton:checked {{ border: 3px solid {fg}; }}")
            b.setToolTip(f"{ARC_NAMES[i]} (symbol {i}); key {i}")
            b.setAccessibleName(f"colour {i} {ARC_NAMES[i]}")
            b.clicked.connect(lambda _c=False, i=i: tools.pick_colour(i))
            lay.addWidget(b)
            self.buttons.append(b)
        lay.addStretch(1)
        tools.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        for i, b in enumerate(self.buttons):
            b.setChecked(i == self.tools.colour)
