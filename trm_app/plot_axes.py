"""The frame the small QPainter plots share (the belief plot, the halting plot): the background, the
plot box inset from the widget's edge, and its value ticks on the left, in muted 10-pixel text."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .theme import BoardColors


def draw_axes(p: QPainter, w: QWidget, inset: tuple[int, int, int, int], ticks: Sequence[float], fmt: str,
              label_width: int) -> tuple[BoardColors, QRectF]:
    """Draws the frame on `p` (antialiased, muted pen left on); returns the colours and the plot box.
    inset: left, top, right, bottom margins of the box; fmt: the ticks' format spec."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    col = BoardColors.from_palette(w.palette())
    font = QFont(w.font())
    font.setPixelSize(10)
    p.setFont(font)
    outer = QRectF(w.rect()).adjusted(1, 1, -1, -1)
    p.fillRect(outer, col.background)
    left, top, right, bottom = inset
    plot = outer.adjusted(left, top, -right, -bottom)
    p.setPen(QPen(col.line, 1.0))
    p.drawRect(plot)
    p.setPen(col.muted)
    for v in ticks:
        y = plot.bottom() - v * plot.height()
        p.drawText(QRectF(outer.left(), y - 7, label_width, 14),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format(v, fmt))
    return col, plot
