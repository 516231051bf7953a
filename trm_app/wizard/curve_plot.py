"""Live training curves (loss, accuracy) over the steps, drawn with QPainter. Long runs are thinned to
about one point per pixel column when drawn; the data is kept whole."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..theme import BoardColors


@dataclass
class Series:
    name: str
    colour: QColor
    dots: bool = False            # evaluations are few: dots joined by a line
    points: list[tuple[float, float]] = field(default_factory=list)


class CurvePlot(QWidget):
    def __init__(self, title: str, unit_range: bool = False, percent: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.unit_range = unit_range      # True: the y axis is 0..1 (accuracies); else fitted to the data
        self.percent = percent
        self.series: dict[str, Series] = {}
        self.setMinimumSize(220, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    def add_series(self, key: str, name: str, colour: QColor, dots: bool = False) -> None:
        self.series[key] = Series(name, QColor(colour), dots)

    def append(self, key: str, x: float, y: float | None) -> None:
        if y is None or y != y:  # no value, or NaN
            return
        pts = self.series[key].points
        if pts and x < pts[-1][0]:
            return  # replayed history older than what is shown
        pts.append((float(x), float(y)))
        self.update()

    def clear(self) -> None:
        for s in self.series.values():
            s.points.clear()
        self.update()

    def count(self, key: str) -> int:
        return len(self.series[key].points)

    def _bounds(self) -> tuple[float, float, float, float]:
        pts = [p for s in self.series.values() for p in s.points]
        x1 = max((p[0] for p in pts), default=1.0)
        if self.unit_range or not pts:
            return 0.0, max(x1, 1.0), 0.0, 1.0
        lo, hi = min(p[1] for p in pts), max(p[1] for p in pts)
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        pad = (hi - lo) * 0.08
        return 0.0, max(x1, 1.0), max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad

    def _label(self, v: float) -> str:
        if self.percent:
            return f"{v * 100:.0f}%"
        return f"{v:.3g}"

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = BoardColors.from_palette(self.palette())
        font = QFont(self.font())
        font.setPixelSize(11)
        p.setFont(font)
        outer = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.fillRect(outer, col.background)
        p.setPen(QPen(col.line, 1.0))
        p.drawRect(outer)
        plot = outer.adjusted(44, 24, -12, -22)
        if plot.width() < 10 or plot.height() < 10:
            return
        x0, x1, y0, y1 = self._bounds()

        def at(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + (x - x0) / (x1 - x0) * plot.width(),
                           plot.bottom() - (y - y0) / (y1 - y0) * plot.height())

        # Title, legend, grid and axis labels.
        p.setPen(col.given)
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(outer.left() + 8, outer.top() + 4, plot.width(), 16), Qt.AlignmentFlag.AlignLeft,
                   self.title)
        p.setFont(font)
        x = outer.right() - 8
        for s in reversed(list(self.series.values())):
            w = p.fontMetrics().horizontalAdvance(s.name)
            x -= w
            p.setPen(col.given)
            p.drawText(QRectF(x, outer.top() + 4, w + 2, 16), Qt.AlignmentFlag.AlignLeft, s.name)
            x -= 18
            p.setPen(QPen(s.colour, 2.5))
            p.drawLine(QPointF(x, outer.top() + 12), QPointF(x + 14, outer.top() + 12))
            x -= 14
        for i in range(5):
            v = y0 + (y1 - y0) * i / 4
            yy = at(0, v).y()
            p.setPen(QPen(col.line, 0.8, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
            p.setPen(col.muted)
            p.drawText(QRectF(outer.left(), yy - 8, 40, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._label(v))
        p.setPen(col.muted)
        p.drawText(QRectF(plot.left(), plot.bottom() + 3, plot.width(), 16), Qt.AlignmentFlag.AlignLeft, "step 0")
        p.drawText(QRectF(plot.left(), plot.bottom() + 3, plot.width(), 16), Qt.AlignmentFlag.AlignRight,
                   f"{x1:,.0f}")
        if not any(s.points for s in self.series.values()):
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "waiting for the first steps…")
            return

        # The curves, thinned to about one point per pixel column.
        for s in self.series.values():
            if not s.points:
                continue
            stride = max(1, len(s.points) // max(int(plot.width()), 1))
            pts = s.points[::stride]
            if pts[-1] is not s.points[-1]:
                pts.append(s.points[-1])
            path = QPainterPath(at(*pts[0]))
            for q in pts[1:]:
                path.lineTo(at(*q))
            p.setPen(QPen(s.colour, 1.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            if s.dots:
                p.setBrush(s.colour)
                for q in pts:
                    p.drawEllipse(at(*q), 3.0, 3.0)
        p.end()
