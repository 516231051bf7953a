"""Cell geometry of a square-celled grid centred in a rectangle, in logical (device-independent) units."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF


@dataclass(frozen=True)
class GridGeometry:
    rows: int
    cols: int
    area: QRectF        # where the grid may go
    margin: float = 4.0

    @property
    def cell(self) -> float:
        w = max(self.area.width() - 2 * self.margin, 1.0)
        h = max(self.area.height() - 2 * self.margin, 1.0)
        return max(min(w / max(self.cols, 1), h / max(self.rows, 1)), 1.0)

    @property
    def rect(self) -> QRectF:
        s = self.cell
        w, h = s * self.cols, s * self.rows
        c = self.area.center()
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def cell_rect(self, r: int, c: int) -> QRectF:
        s, top_left = self.cell, self.rect.topLeft()
        return QRectF(top_left.x() + c * s, top_left.y() + r * s, s, s)

    def vertical_lines(self) -> list[tuple[QPointF, QPointF]]:
        """End points of the cols + 1 grid lines, left to right (boards draw them with their own pens)."""
        r, s = self.rect, self.cell
        return [(QPointF(r.left() + i * s, r.top()), QPointF(r.left() + i * s, r.bottom())) for i in range(self.cols + 1)]

    def horizontal_lines(self) -> list[tuple[QPointF, QPointF]]:
        r, s = self.rect, self.cell
        return [(QPointF(r.left(), r.top() + i * s), QPointF(r.right(), r.top() + i * s)) for i in range(self.rows + 1)]

    def cell_at(self, point: QPointF, clamp: bool = False) -> tuple[int, int] | None:
        """The (row, col) under a point; None outside unless `clamp` (for drags that leave the grid)."""
        s, top_left = self.cell, self.rect.topLeft()
        r = int((point.y() - top_left.y()) // s)
        c = int((point.x() - top_left.x()) // s)
        if clamp:
            return min(max(r, 0), self.rows - 1), min(max(c, 0), self.cols - 1)
        return (r, c) if 0 <= r < self.rows and 0 <= c < self.cols else None
