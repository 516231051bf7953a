"""Drawing a maze game over the board: the person's path as a line through the cells, the part that
runs into a dead end in the warning colour, its end as a dot, and the hint's next moves numbered."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from ..grid_geometry import GridGeometry
from ..theme import BoardColors

Cell = tuple[int, int]


def draw_game(p: QPainter, g: GridGeometry, col: BoardColors, path: tuple[Cell, ...], dead: int | None,
              hint: tuple[Cell, ...]) -> None:
    """`dead`: index of the path's last cell from which the goal can still be reached (None: no dead end)."""
    if not path:
        return
    width = max(g.cell * 0.32, 2.0)
    centres = [g.cell_rect(r, c).center() for r, c in path]
    good = centres if dead is None else centres[:dead + 1]
    for points, colour in ((good, col.path), (centres[dead:] if dead is not None else [], col.conflict)):
        if len(points) > 1:
            pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.drawPolyline(points)
    head = centres[-1]
    p.setPen(QPen(col.background, max(width * 0.25, 1.0)))
    p.setBrush(col.conflict if dead is not None else col.path)
    p.drawEllipse(head, width * 0.9, width * 0.9)
    if not hint:
        return
    font = QFont(p.font())
    font.setPixelSize(max(int(g.cell * 0.45), 6))
    font.setBold(True)
    p.setFont(font)
    ring = QColor(col.entered)
    for k, (r, c) in enumerate(hint, start=1):
        rect = g.cell_rect(r, c)
        rad = rect.width() * 0.36
        p.setPen(QPen(ring, max(g.cell * 0.08, 1.2)))
        p.setBrush(col.background)
        p.drawEllipse(rect.center(), rad, rad)
        p.setPen(ring)
        p.drawText(QRectF(rect.center() - QPointF(rad, rad), rect.center() + QPointF(rad, rad)),
                   Qt.AlignmentFlag.AlignCenter, str(k))
