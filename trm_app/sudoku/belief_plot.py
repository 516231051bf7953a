"""How the network's belief in one cell grew over its refinement: confidence after every answer update,
dots in the hint's colour where the cell held the hinted digit, muted where it held another."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..plot_axes import draw_axes


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
        col, plot = draw_axes(p, self, (26, 6, 6, 14), (0.0, 1.0), ".0f", 22)
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
