"""A small plot of the halting probability over the refinement steps, drawn with QPainter."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .solve_session import SolveSession
from .plot_axes import draw_axes


class HaltPlot(QWidget):
    def __init__(self, session: SolveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Halting probability after every answer update: the network's own estimate that "
                        "its answer is complete and correct. Above the dashed line (0.5) it stops.")
        session.framesChanged.connect(self.update)
        session.frameChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(260, 110)

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        col, plot = draw_axes(p, self, (28, 8, 8, 16), (0.0, 0.5, 1.0), ".1f", 24)
        y_half = plot.bottom() - 0.5 * plot.height()
        p.setPen(QPen(col.muted, 1.0, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(plot.left(), y_half), QPointF(plot.right(), y_half))

        values = [f.halt_prob for f in self.session.frames if f.halt_prob is not None]
        p.setPen(col.muted)
        if not values:
            text = "no network steps (exact search)" if self.session.frames else "halting probability per step"
            p.drawText(plot.adjusted(0, 4, 0, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
            return
        p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), 14),
                   Qt.AlignmentFlag.AlignHCenter, f"answer updates (1-{len(values)})")
        n = len(values)

        def at(i: int, v: float) -> QPointF:
            x = plot.left() + (i / max(n - 1, 1)) * plot.width()
            return QPointF(x, plot.bottom() - min(max(v, 0.0), 1.0) * plot.height())

        path = QPainterPath(at(0, values[0]))
        for i, v in enumerate(values[1:], start=1):
            path.lineTo(at(i, v))
        p.setPen(QPen(col.confidence, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        idx = self.session.index
        if 0 <= idx < n:
            pt = at(idx, values[idx])
            p.setPen(QPen(col.changed, 1.0))
            p.drawLine(QPointF(pt.x(), plot.top()), QPointF(pt.x(), plot.bottom()))
            p.setBrush(QColor(col.changed))
            p.drawEllipse(pt, 3.5, 3.5)
