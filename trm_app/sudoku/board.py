"""The Sudoku board: click and type, arrows, delete; conflicts in red; a solve's steps drawn over it; in
play mode the player's digits, their mistakes, a hint's cells and a confidence overlay."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..frames import Frame
from ..grid_geometry import GridGeometry
from ..solve_session import SolveSession
from ..theme import BoardColors
from .document import SudokuDocument

_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
          Qt.Key.Key_Down: (1, 0)}
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Space, Qt.Key.Key_Period,
               Qt.Key.Key_0)


@dataclass(frozen=True)
class BoardHighlight:
    """What a hint shows, cells as 0..80: its units, the cells it rests on, what it proves."""
    units: tuple[tuple[int, int], ...] = ()        # cells (r, c) of the units it looks at
    cells: tuple[int, ...] = ()
    placements: tuple[tuple[int, int], ...] = ()   # (cell, digit)
    eliminations: tuple[tuple[int, int], ...] = ()  # (cell, digit)


class SudokuBoard(QWidget):
    selectionChanged = Signal(int, int)

    def __init__(self, doc: SudokuDocument, session: SolveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.session = doc, session
        self.selected = (0, 0)
        self.pencil = False
        self.mistakes: set[tuple[int, int]] = set()     # entries shown as wrong (play mode's check)
        self.highlight = BoardHighlight()
        self.overlay: np.ndarray | None = None           # (9, 9) confidence tint ("what the network sees")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(270, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("Click a cell and type 1-9; Delete, Backspace or 0 clears it; arrow keys move.\n"
                        "Pencil mode (P) writes small candidate marks instead.")
        self.setAccessibleName("Sudoku board")
        doc.changed.connect(self.update)
        session.frameChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(460, 460)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        return w

    def geometry_for(self, rect: QRectF) -> GridGeometry:
        return GridGeometry(9, 9, rect, margin=6.0)

    # --- input -----------------------------------------------------------------------------------

    def mousePressEvent(self, e: QMouseEvent) -> None:
        cell = self.geometry_for(QRectF(self.rect())).cell_at(e.position())
        if cell is not None:
            self.select(*cell)
        self.setFocus()

    def select(self, r: int, c: int) -> None:
        self.selected = (min(max(r, 0), 8), min(max(c, 0), 8))
        self.selectionChanged.emit(*self.selected)
        self.update()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key, (r, c) = e.key(), self.selected
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(e)
            return
        if key in _MOVES:
            dr, dc = _MOVES[key]
            self.select((r + dr) % 9, (c + dc) % 9)
        elif key in _DIGIT_KEYS and _DIGIT_KEYS[key] > 0:
            d = _DIGIT_KEYS[key]
            if self.pencil:
                self.doc.toggle_mark(r, c, d)
            else:
                self.doc.set_digit(r, c, d)
        elif key in _CLEAR_KEYS:
            self.doc.set_digit(r, c, 0)
        elif key == Qt.Key.Key_P:
            self.set_pencil(not self.pencil)
        else:
            super().keyPressEvent(e)

    def set_pencil(self, on: bool) -> None:
        self.pencil = on
        self.update()

    def show_play(self, mistakes: set[tuple[int, int]], highlight: BoardHighlight,
                  overlay: np.ndarray | None) -> None:
        self.mistakes, self.highlight, self.overlay = mistakes, highlight, overlay
        self.update()

    # --- drawing -----------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        frame = self.session.frame
        self.draw(p, QRectF(self.rect()), frame, show_selection=self.hasFocus() or frame is None)
        p.end()

    def draw(self, p: QPainter, rect: QRectF, frame: Frame | None, show_selection: bool = False) -> None:
        """Paint the board into `rect` (logical units), as the widget or into an exported image."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        col = BoardColors.from_palette(self.palette())
        g = self.geometry_for(rect)
        p.fillRect(g.rect, col.background)
        givens, entries = self.doc.givens, self.doc.entries
        conflicts = self.doc.conflicts()
        hl = self.highlight
        if frame is None:
            self._draw_highlight(p, g, col, hl)
        if self.doc.diagonal:
            self._draw_diagonals(p, g, col)
        diff = frame.diff if frame is not None and self.session.show_diff else None

        if show_selection:
            sr, sc = self.selected
            for r in range(9):
                for c in range(9):
                    if r == sr or c == sc or (r // 3, c // 3) == (sr // 3, sc // 3):
                        p.fillRect(g.cell_rect(r, c), col.peers)
            p.fillRect(g.cell_rect(sr, sc), col.selection)

        digit_font = QFont(self.font())
        digit_font.setPixelSize(max(int(g.cell * 0.62), 6))
        given_font = QFont(digit_font)
        given_font.setBold(True)
        mark_font = QFont(self.font())
        mark_font.setPixelSize(max(int(g.cell * 0.24), 5))

        for r in range(9):
            for c in range(9):
                cr = g.cell_rect(r, c)
                d = int(givens[r, c])
                conf = frame.confidence if frame is not None else self.overlay
                if conf is not None and not d and not entries[r, c]:
                    tint = QColor(col.confidence)
                    tint.setAlphaF(0.08 + 0.42 * float(conf[r, c]))
                    p.fillRect(cr.adjusted(1, 1, -1, -1), tint)
                if (r, c) in conflicts:
                    bad = QColor(col.conflict)
                    bad.setAlpha(60)
                    p.fillRect(cr, bad)
                if d:
                    p.setFont(given_font)
                    p.setPen(col.conflict if (r, c) in conflicts else col.given)
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(d))
                elif frame is not None:
                    a = int(frame.answer[r, c])
                    if a:
                        p.setFont(digit_font)
                        p.setPen(col.entered)
                        p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(a))
                elif entries[r, c]:
                    p.setFont(digit_font)
                    wrong = (r, c) in self.mistakes or (r, c) in conflicts
                    p.setPen(col.conflict if wrong else col.entered)
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(int(entries[r, c])))
                elif self.doc.marks[r, c].any() or any(i == r * 9 + c for i, _ in hl.placements):
                    self._draw_marks(p, cr, self.doc.marks[r, c], mark_font, col.muted,
                                     {dd for i, dd in hl.eliminations if i == r * 9 + c},
                                     {dd for i, dd in hl.placements if i == r * 9 + c}, col)
                if frame is not None and frame.changed is not None and frame.changed[r, c] and not d:
                    self._draw_changed(p, cr, col.changed)
                if diff is not None and diff[r, c]:
                    p.setPen(QPen(col.diff, max(g.cell * 0.035, 1.5)))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    inset = max(g.cell * 0.08, 3.0)
                    p.drawRect(cr.adjusted(inset, inset, -inset, -inset))
        self._draw_lines(p, g, col)

    @staticmethod
    def _draw_marks(p: QPainter, cr: QRectF, marks: np.ndarray, font: QFont, colour: QColor,
                    struck: set[int] = frozenset(), proved: set[int] = frozenset(),
                    col: BoardColors | None = None) -> None:
        """Pencil marks; a hint's eliminations struck through in red, its digit ringed."""
        p.setFont(font)
        s = cr.width() / 3
        for d in range(1, 10):
            if not (marks[d] or d in proved or d in struck):
                continue
            i = d - 1
            sub = QRectF(cr.left() + (i % 3) * s, cr.top() + (i // 3) * s, s, s)
            if col is not None and d in struck:
                p.setPen(QPen(col.conflict, max(s * 0.08, 1.2)))
                p.drawText(sub, Qt.AlignmentFlag.AlignCenter, str(d))
                p.drawLine(sub.bottomLeft() + QPointF(s * 0.2, -s * 0.2), sub.topRight() + QPointF(-s * 0.2, s * 0.2))
            elif col is not None and d in proved:
                p.setPen(QPen(col.start, max(s * 0.08, 1.2)))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(sub.adjusted(s * 0.08, s * 0.08, -s * 0.08, -s * 0.08))
                p.drawText(sub, Qt.AlignmentFlag.AlignCenter, str(d))
            else:
                p.setPen(colour)
                p.drawText(sub, Qt.AlignmentFlag.AlignCenter, str(d))

    @staticmethod
    def _draw_highlight(p: QPainter, g: GridGeometry, col: BoardColors, hl: BoardHighlight) -> None:
        unit = QColor(col.path)
        unit.setAlpha(40)
        for r, c in hl.units:
            p.fillRect(g.cell_rect(r, c), unit)
        key = QColor(col.path)
        key.setAlpha(120)
        for i in hl.cells:
            p.fillRect(g.cell_rect(i // 9, i % 9), key)

    @staticmethod
    def _draw_changed(p: QPainter, cr: QRectF, colour: QColor) -> None:
        r = max(cr.width() * 0.09, 2.0)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(QPointF(cr.right() - 2.2 * r, cr.top() + 2.2 * r), r, r)

    @staticmethod
    def _draw_diagonals(p: QPainter, g: GridGeometry, col: BoardColors) -> None:
        """Sudoku X: the diagonals' cells shaded, as newspapers print them (a line would cross the digits)."""
        shade = QColor(col.thick_line)
        shade.setAlpha(40)
        for i in range(9):
            p.fillRect(g.cell_rect(i, i), shade)
            if i != 8 - i:
                p.fillRect(g.cell_rect(i, 8 - i), shade)

    @staticmethod
    def _draw_lines(p: QPainter, g: GridGeometry, col: BoardColors) -> None:
        rect, s = g.rect, g.cell
        thin, thick = QPen(col.line, 1.0), QPen(col.thick_line, max(s * 0.05, 2.0))
        for i in range(10):
            p.setPen(thick if i % 3 == 0 else thin)
            x, y = rect.left() + i * s, rect.top() + i * s
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
