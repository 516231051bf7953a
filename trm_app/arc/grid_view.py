"""One ARC grid, drawn with the official colours. Read-only (demonstrations, test input) or, given the
tool state, the output editor: edit cells, flood fill, rectangle select with copy and paste."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..frames import Frame
from ..grid_geometry import GridGeometry
from ..solve_session import SolveSession
from ..theme import ARC_COLOURS, BoardColors
from . import grid_ops
from .document import ATTEMPT, ArcDocument
from .tool_state import ArcToolState

_QCOLOURS = [QColor(c) for c in ARC_COLOURS]
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}

GridOf = Callable[[ArcDocument], "np.ndarray | None"]


class ArcGridView(QWidget):
    def __init__(self, doc: ArcDocument, which: GridOf | None = None, tools: ArcToolState | None = None,
                 session: SolveSession | None = None, min_cell: int = 8, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.tools, self.session = doc, tools, session
        self.which: GridOf = which or (lambda d: d.target_grid)
        self.editable = tools is not None
        self._anchor: tuple[int, int] | None = None
        self._stroking = False
        self.min_cell = min_cell
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(60, 60)
        doc.changed.connect(self.update)
        if tools is not None:
            tools.changed.connect(self.update)
            tools.colourPicked.connect(self._colour_picked)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip("Edit: click or drag to paint with the chosen colour. Fill: click to flood fill.\n"
                            "Select: drag a rectangle, then Ctrl+C / Ctrl+V, or pick a colour to fill it.\n"
                            "Keys 0-9 pick a colour.")
            self.setAccessibleName("ARC output editor")
        if session is not None:
            session.frameChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(320, 320) if self.editable else QSize(120, 120)

    # --- what is shown -------------------------------------------------------------------------------

    def shown_frame(self) -> Frame | None:
        if self.session is None or (self.editable and self.doc.target != ATTEMPT):
            return None
        return self.session.frame

    def grid(self) -> np.ndarray | None:
        frame = self.shown_frame()
        return frame.answer if frame is not None else self.which(self.doc)

    def geometry_for(self, rect: QRectF) -> GridGeometry:
        g = self.grid()
        h, w = (1, 1) if g is None else g.shape
        return GridGeometry(h, w, rect, margin=3.0)

    # --- input -------------------------------------------------------------------------------------

    def _cell(self, e: QMouseEvent, clamp: bool = False) -> tuple[int, int] | None:
        return self.geometry_for(QRectF(self.rect())).cell_at(e.position(), clamp=clamp)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if not self.editable or e.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        if self.shown_frame() is not None:
            self.session.clear()  # editing again: the solve's picture gives way to the attempt
        cell = self._cell(e)
        if cell is None:
            return
        tools = self.tools
        if tools.tool == "edit":
            self._stroking = True
            self.doc.begin_stroke()
            self.doc.paint(*cell, tools.colour)
        elif tools.tool == "fill":
            self.doc.set_target_grid(grid_ops.flood_filled(self.doc.target_grid, *cell, tools.colour),
                                     "Flood fill")
        else:
            self._anchor = cell
            tools.set_selection(grid_ops.normal_rect(cell, cell))

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._stroking:
            cell = self._cell(e)
            if cell is not None:
                self.doc.paint(*cell, self.tools.colour)
        elif self._anchor is not None:
            cell = self._cell(e, clamp=True)
            self.tools.set_selection(grid_ops.normal_rect(self._anchor, cell))

    def mouseReleaseEvent(self, _e: QMouseEvent) -> None:
        if self._stroking:
            self._stroking = False
            self.doc.end_stroke("Paint cells")
        self._anchor = None

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if not self.editable:
            super().keyPressEvent(e)
            return
        if e.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif e.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
        elif e.key() in _DIGIT_KEYS and not (e.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.tools.pick_colour(_DIGIT_KEYS[e.key()])
        elif e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.tools.selection:
            self.fill_selection(0)
        else:
            super().keyPressEvent(e)

    # --- selection operations ------------------------------------------------------------------------

    def _valid_selection(self) -> tuple[int, int, int, int] | None:
        sel = self.tools.selection
        g = self.doc.target_grid
        if sel is None:
            return None
        t, l, b, r = sel
        b, r = min(b, g.shape[0] - 1), min(r, g.shape[1] - 1)
        return (t, l, b, r) if t <= b and l <= r else None

    def copy_selection(self) -> bool:
        sel = self._valid_selection()
        if sel is None:
            return False
        self.tools.set_clipboard(grid_ops.cropped(self.doc.target_grid, sel))
        return True

    def paste_clipboard(self) -> bool:
        block = self.tools.clipboard
        if block is None:
            return False
        sel = self._valid_selection()
        r, c = (sel[0], sel[1]) if sel else (0, 0)
        return self.doc.set_target_grid(grid_ops.pasted(self.doc.target_grid, block, r, c), "Paste")

    def fill_selection(self, colour: int) -> bool:
        sel = self._valid_selection()
        if sel is None:
            return False
        g = self.doc.target_grid.copy()
        t, l, b, r = sel
        g[t:b + 1, l:r + 1] = colour
        return self.doc.set_target_grid(g, "Fill selection")

    def _colour_picked(self, colour: int) -> None:
        if self.tools.tool == "select" and self.tools.selection is not None:
            self.fill_selection(colour)

    # --- drawing -------------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        self.draw(p, QRectF(self.rect()), self.shown_frame())
        p.end()

    def draw(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        col = BoardColors.from_palette(self.palette())
        grid = frame.answer if frame is not None else self.which(self.doc)
        if grid is None:
            return
        h, w = grid.shape
        g = GridGeometry(h, w, rect, margin=3.0)
        numbers = self.tools.show_numbers if self.tools is not None else False
        font = QFont(self.font())
        font.setPixelSize(max(int(g.cell * 0.5), 5))
        p.setFont(font)
        diff = frame.diff if frame is not None and self.session is not None and self.session.show_diff \
            else None
        for r in range(h):
            for c in range(w):
                cr = g.cell_rect(r, c)
                v = int(grid[r, c])
                p.fillRect(cr, _QCOLOURS[v])
                if frame is not None and frame.confidence is not None:
                    # Low confidence veils the cell: the colour shows as sure as the network is.
                    veil = QColor(col.background)
                    veil.setAlphaF(0.7 * (1.0 - float(frame.confidence[r, c])))
                    p.fillRect(cr, veil)
                if numbers and g.cell >= 9:
                    p.setPen(QColor("#000000") if _QCOLOURS[v].lightness() > 110 else QColor("#ffffff"))
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(v))
                if frame is not None and frame.changed is not None and frame.changed[r, c]:
                    rad = max(g.cell * 0.12, 1.5)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(col.changed)
                    p.drawEllipse(QPointF(cr.right() - 2 * rad, cr.top() + 2 * rad), rad, rad)
                if diff is not None and diff[r, c]:
                    p.setPen(QPen(col.diff, max(g.cell * 0.08, 1.2)))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(cr.adjusted(2, 2, -2, -2))
        if g.cell >= 4:
            p.setPen(QPen(QColor("#555555"), 1.0))
            for a, b in g.vertical_lines() + g.horizontal_lines():
                p.drawLine(a, b)
        sel = self.tools.selection if self.tools is not None and frame is None else None
        if sel is not None:
            t, l, b, r = sel
            box = g.cell_rect(t, l).united(g.cell_rect(min(b, h - 1), min(r, w - 1)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor("#ffffff"), 3.0))  # visible on every ARC colour, under the dashes
            p.drawRect(box)
            p.setPen(QPen(self.palette().highlight().color(), 3.0, Qt.PenStyle.DashLine))
            p.drawRect(box)
