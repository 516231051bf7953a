"""Handwriting over a board: in handwriting mode, dragging in a cell draws ink; after a short pause (so a
4 or a flagged 1 can take two strokes) the cell's strokes are handed on to be read. Starting in another
cell hands the previous one on at once.

An overlay child of the board, so the board itself stays as it is: it follows the board's size and
passes mouse events through while the mode is off. A pen works too: Qt turns unhandled tablet events
into mouse events. Strokes are sent in the cell's own units (0-1 across the cell)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ..grid_geometry import GridGeometry

PAUSE_MS = 700      # strokes in one cell closer together than this make one digit
INK = QColor("#1f5fbf")


class HandwritingPad(QWidget):
    cellTouched = Signal(int, int)             # writing started in this cell
    cellWritten = Signal(int, int, object)     # row, column, list of (N, 2) float arrays (cell units)

    def __init__(self, board: QWidget, geometry: Callable[[QRectF], GridGeometry], pause_ms: int = PAUSE_MS):
        super().__init__(board)
        self.geometry = geometry
        self.active = False
        self._cell: tuple[int, int] | None = None
        self._strokes: list[list[tuple[float, float]]] = []
        self._pending: dict[tuple[int, int], list[np.ndarray]] = {}   # handed on, not read yet: still drawn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self.flush)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setGeometry(board.rect())
        board.installEventFilter(self)
        self.hide()

    def set_active(self, on: bool) -> None:
        if not on:
            self.flush()
        self.active = on
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not on)
        self.setVisible(on or bool(self._pending))
        self.raise_()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.parent() and e.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    # --- strokes -------------------------------------------------------------------------------------

    def _cell_point(self, pos: QPointF, cell: tuple[int, int]) -> tuple[float, float]:
        cr = self.geometry(QRectF(self.rect())).cell_rect(*cell)
        return (pos.x() - cr.left()) / cr.width(), (pos.y() - cr.top()) / cr.height()

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.geometry(QRectF(self.rect())).cell_at(e.position())
        if cell is None:
            return
        if self._cell is not None and cell != self._cell:
            self.flush()
        self._timer.stop()
        self._cell = cell
        self._strokes.append([self._cell_point(e.position(), cell)])
        self.cellTouched.emit(*cell)
        self.update()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._cell is not None and self._strokes and e.buttons() & Qt.MouseButton.LeftButton:
            self._strokes[-1].append(self._cell_point(e.position(), self._cell))
            self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton and self._cell is not None:
            self._timer.start()

    def flush(self) -> None:
        """Hand the current cell's strokes on now (the pause timer does this by itself)."""
        self._timer.stop()
        cell, strokes = self._cell, self._strokes
        self._cell, self._strokes = None, []
        if cell is None or not strokes:
            return
        arrays = [np.array(s, np.float32) for s in strokes]
        self._pending[cell] = arrays
        self.update()
        self.cellWritten.emit(cell[0], cell[1], arrays)

    def finish(self, r: int, c: int) -> None:
        """The cell's writing was read: its ink goes."""
        self._pending.pop((r, c), None)
        self.setVisible(self.active or bool(self._pending))
        self.update()

    def clear(self) -> None:
        self._timer.stop()
        self._cell, self._strokes, self._pending = None, [], {}
        self.setVisible(self.active)
        self.update()

    # --- drawing ---------------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        g = self.geometry(QRectF(self.rect()))
        width = max(g.cell * 0.07, 2.0)
        faded = QColor(self.palette().color(QPalette.ColorRole.Text))
        faded.setAlpha(110)
        for cell, strokes in self._pending.items():
            self._draw(p, g, cell, [s.tolist() for s in strokes], QPen(faded, width))
        if self._cell is not None:
            self._draw(p, g, self._cell, self._strokes, QPen(INK, width))
        p.end()

    @staticmethod
    def _draw(p: QPainter, g: GridGeometry, cell: tuple[int, int], strokes: list, pen: QPen) -> None:
        cr = g.cell_rect(*cell)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for s in strokes:
            path = QPainterPath(QPointF(cr.left() + s[0][0] * cr.width(), cr.top() + s[0][1] * cr.height()))
            for x, y in s[1:]:
                path.lineTo(cr.left() + x * cr.width(), cr.top() + y * cr.height())
            if len(s) == 1:
                path.lineTo(cr.left() + s[0][0] * cr.width() + 0.1, cr.top() + s[0][1] * cr.height())
            p.drawPath(path)
