"""How the network's belief in one cell grew over its refinement: confidence after every answer update,
dots in the hint's colour where the cell held the hinted digit, muted where it held another."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .theme import BoardColors


class BeliefPlot(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: list[tuple[int, float]] = []   # (digit, confidence) per update
        self.digit = 0
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("The network's confidence in this cell after each answer update")

    def set_growth(self, growth, digit: int) -> None:
        """growth: solver.network_hint.Belief items."""
        self.values = [(b.digit, b.confidence) for b in growth]
        self.digit = digit
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 80)

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = BoardColors.from_palette(self.palette())
        font = QFont(self.font())
        font.setPixelSize(10)
        p.setFont(font)
        outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.fillRect(outer, col.background)
        plot = outer.adjusted(26, 6, -6, -14)
        p.setPen(QPen(col.line, 1.0))
        p.drawRect(plot)
        p.setPen(col.muted)
        for v in (0.0, 1.0):
            y = plot.bottom() - v * plot.height()
            p.drawText(QRectF(outer.left(), y - 7, 22, 14), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{v:.0f}")
        if not self.values:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "no network hint yet")
            p.end()
            return
        p.drawText(QRectF(plot.left(), plot.bottom(), plot.width(), 14), Qt.AlignmentFlag.AlignCenter,
                   f"{len(self.values)} updates")
        n = max(len(self.values) - 1, 1)
        pts = [QPointF(plot.left() + k / n * plot.width(), plot.bottom() - v * plot.height())
               for k, (_, v) in enumerate(self.values)]
        path = QPainterPath(pts[0])
        for q in pts[1:]:
            path.lineTo(q)
        p.setPen(QPen(col.confidence, 1.6))
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        for (d, _), q in zip(self.values, pts):
            p.setBrush(col.start if d == self.digit else col.muted)
            p.drawEllipse(q, 2.6, 2.6)
        p.end()
