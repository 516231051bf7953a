"""The grid read from a photo, as a small board of its kind (Sudoku digits, maze cells, ARC colours):
cells the reader was unsure of are marked for the person to check, and any cell can be corrected by
clicking it and typing.

Keys: Sudoku 1-9, and 0 / Delete / Space for a blank; maze W or # wall, O . Space or Delete open, S start,
G goal; ARC 0-9. Enter confirms the selected cell as read and moves to the next one to check.

A Sudoku's digits are givens unless the person marks them as their own entries (E or a right click: digits
written in pen on a half-solved puzzle; the reader cannot tell pen from print), drawn in the entry colour."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from solver.puzzles.maze import GOAL, OPEN, START, WALL

from ..grid_geometry import GridGeometry
from ..theme import ARC_COLOURS, BoardColors

LOW_CONFIDENCE = 0.8        # below this the reader's guess is shown for the person to confirm
CHECK = QColor("#ff9800")   # the "check this cell" marking, on every kind's colours

_DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_BLANK_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Space, Qt.Key.Key_Period)
_MAZE_KEYS = {Qt.Key.Key_W: WALL, Qt.Key.Key_NumberSign: WALL, Qt.Key.Key_O: OPEN, Qt.Key.Key_E: OPEN,
              Qt.Key.Key_Period: OPEN, Qt.Key.Key_Space: OPEN, Qt.Key.Key_Delete: OPEN,
              Qt.Key.Key_Backspace: OPEN, Qt.Key.Key_S: START, Qt.Key.Key_G: GOAL}
_MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
_ARC_QCOLOURS = [QColor(c) for c in ARC_COLOURS]


class PhotoGridEditor(QWidget):
    changed = Signal()          # a cell was corrected or confirmed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = ""
        self.grid = np.zeros((0, 0), np.int8)
        self.confidence = np.zeros((0, 0), np.float32)
        self.checked = np.zeros((0, 0), bool)     # corrected or confirmed by the person
        self.own = np.zeros((0, 0), bool)         # Sudoku: digits marked as the person's entries, not givens
        self.selected: tuple[int, int] | None = None
        self.threshold = LOW_CONFIDENCE
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(220, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Recognised puzzle")

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    # --- state ---------------------------------------------------------------------------------------

    def set_reading(self, kind: str, grid: np.ndarray, confidence: np.ndarray) -> None:
        self.kind = kind
        self.grid = np.array(grid, np.int8)
        self.confidence = np.array(confidence, np.float32)
        self.checked = np.zeros(self.grid.shape, bool)
        self.own = np.zeros(self.grid.shape, bool)
        todo = self.to_check()
        self.selected = todo[0] if todo else None
        self._tooltip()
        self.update()

    def clear(self) -> None:
        self.set_reading("", np.zeros((0, 0), np.int8), np.zeros((0, 0), np.float32))

    def to_check(self) -> list[tuple[int, int]]:
        """Unconfirmed low-confidence cells, row by row."""
        if not self.grid.size:
            return []
        return [(int(r), int(c)) for r, c in np.argwhere((self.confidence < self.threshold) & ~self.checked)]

    def set_cell(self, r: int, c: int, value: int) -> None:
        """Correct a cell; it counts as checked. A maze's S or G moves (there is one of each)."""
        if self.kind == "maze" and value in (START, GOAL):
            self.grid[self.grid == value] = OPEN
        self.grid[r, c] = value
        self.checked[r, c] = True
        if not value:
            self.own[r, c] = False
        self.changed.emit()
        self.update()

    def confirm(self, r: int, c: int) -> None:
        self.checked[r, c] = True
        self.changed.emit()
        self.update()

    def toggle_own(self, r: int, c: int) -> bool:
        """Mark a Sudoku digit as the person's own entry, or back as a given; False for a blank cell."""
        if self.kind != "sudoku" or not self.grid[r, c]:
            return False
        self.own[r, c] = not self.own[r, c]
        self.changed.emit()
        self.update()
        return True

    def givens(self) -> np.ndarray:
        return np.where(self.own, 0, self.grid).astype(np.int8)

    def entries(self) -> np.ndarray:
        return np.where(self.own, self.grid, 0).astype(np.int8)

    def least_sure(self) -> float:
        """The least confident cell the person has not checked or corrected (1.0 when none is left)."""
        left = self.confidence[~self.checked]
        return float(left.min()) if left.size else 1.0

    def step(self, direction: int = 1) -> tuple[int, int] | None:
        """Select the next (or previous) cell to check after the selected one, wrapping around."""
        todo = self.to_check()
        if not todo:
            return None
        w = self.grid.shape[1]
        here = -1 if self.selected is None else self.selected[0] * w + self.selected[1]
        order = [r * w + c for r, c in todo]
        if direction > 0:
            nxt = next((i for i in order if i > here), order[0])
        else:
            nxt = next((i for i in reversed(order) if i < here), order[-1])
        self.select(nxt // w, nxt % w)
        return self.selected

    def select(self, r: int, c: int) -> None:
        h, w = self.grid.shape
        if h and w:
            self.selected = (min(max(r, 0), h - 1), min(max(c, 0), w - 1))
            self.update()

    def _tooltip(self) -> None:
        keys = {"sudoku": "type 1-9, or 0 / Delete for a blank; E or a right click marks a digit as your own "
                          "entry (written in pen), not a given",
                "maze": "W wall, O open, S start, G goal",
                "arc": "type a colour 0-9"}.get(self.kind, "")
        self.setToolTip(f"Click a cell and {keys}; Enter confirms a marked cell as read." if keys else "")

    # --- input ---------------------------------------------------------------------------------------

    def geometry_for(self, rect: QRectF) -> GridGeometry:
        """The grid at the top of `rect` (lined up with the photo views beside it), centred across."""
        h, w = self.grid.shape if self.grid.size else (9, 9)
        cell = GridGeometry(h, w, rect, margin=6.0).cell
        top = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), cell * h + 12.0))
        return GridGeometry(h, w, top, margin=6.0)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self.setFocus()
        if not self.grid.size:
            return
        cell = self.geometry_for(QRectF(self.rect())).cell_at(e.position())
        if cell is not None:
            self.select(*cell)
            if e.button() == Qt.MouseButton.RightButton:
                self.toggle_own(*cell)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if not self.grid.size or self.selected is None:
            super().keyPressEvent(e)
            return
        r, c = self.selected
        if key in _MOVES:
            dr, dc = _MOVES[key]
            self.select(r + dr, c + dc)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm(r, c)
            self.step(1)
        elif key == Qt.Key.Key_E and self.kind == "sudoku":
            self.toggle_own(r, c)
        elif (value := self._value_for(key)) is not None:
            self.set_cell(r, c, value)
        else:
            super().keyPressEvent(e)

    def _value_for(self, key: int) -> int | None:
        if self.kind == "sudoku":
            return 0 if key in _BLANK_KEYS else _DIGITS.get(key)
        if self.kind == "maze":
            return _MAZE_KEYS.get(key)
        if self.kind == "arc":
            return _DIGITS.get(key)
        return None

    # --- drawing -------------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.grid.size:
            self._draw(p, QRectF(self.rect()))
        p.end()

    def _draw(self, p: QPainter, rect: QRectF) -> None:
        col = BoardColors.from_palette(self.palette())
        g = self.geometry_for(rect)
        h, w = self.grid.shape
        p.fillRect(g.rect, col.background)
        font = QFont(self.font())
        font.setPixelSize(max(int(g.cell * (0.62 if self.kind == "sudoku" else 0.5)), 6))
        font.setBold(True)
        p.setFont(font)
        todo = (self.confidence < self.threshold) & ~self.checked
        for r in range(h):
            for c in range(w):
                self._draw_cell(p, g.cell_rect(r, c), int(self.grid[r, c]), col, bool(self.own[r, c]))
                if todo[r, c] and self.kind == "sudoku":   # a tint would hide a maze or ARC cell's colour
                    mark = QColor(CHECK)
                    mark.setAlpha(70)
                    p.fillRect(g.cell_rect(r, c), mark)
        self._draw_lines(p, g, col)
        # A ring around each cell to check, outside the cell so that small maze and ARC cells keep
        # their colour visible; the selection sits inside the cell.
        ring = max(g.cell * 0.1, 3.0)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r, c in np.argwhere(todo):
            p.setPen(QPen(CHECK, ring))
            p.drawRect(g.cell_rect(int(r), int(c)).adjusted(-ring / 2, -ring / 2, ring / 2, ring / 2))
        if self.selected is not None:
            cr = g.cell_rect(*self.selected)
            inset = max(g.cell * 0.06, 1.5)
            p.setPen(QPen(QColor("#ffffff"), max(g.cell * 0.12, 3.0)))   # readable on every colour
            p.drawRect(cr.adjusted(inset, inset, -inset, -inset))
            p.setPen(QPen(self.palette().highlight().color(), max(g.cell * 0.07, 2.0)))
            p.drawRect(cr.adjusted(inset, inset, -inset, -inset))

    def _draw_cell(self, p: QPainter, cr: QRectF, v: int, col: BoardColors, own: bool = False) -> None:
        if self.kind == "sudoku":
            if v:
                p.setPen(col.entered if own else col.given)
                font = p.font()
                font.setBold(not own)           # the person's entries as play mode writes them, thinner
                font.setItalic(own)
                p.setFont(font)
                p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(v))
        elif self.kind == "maze":
            p.fillRect(cr, col.wall if v == WALL else col.open)
            if v in (START, GOAL):
                p.fillRect(cr.adjusted(1, 1, -1, -1), col.start if v == START else col.goal)
                p.setPen(QColor("#ffffff"))
                p.drawText(cr, Qt.AlignmentFlag.AlignCenter, "S" if v == START else "G")
        elif self.kind == "arc":
            p.fillRect(cr, _ARC_QCOLOURS[v] if 0 <= v <= 9 else col.background)

    def _draw_lines(self, p: QPainter, g: GridGeometry, col: BoardColors) -> None:
        p.setBrush(Qt.BrushStyle.NoBrush)
        thin = QPen(QColor("#555555") if self.kind == "arc" else col.line, 1.0)
        thick = QPen(col.thick_line, max(g.cell * 0.05, 2.0))
        for lines in (g.vertical_lines(), g.horizontal_lines()):
            for i, (a, b) in enumerate(lines):
                p.setPen(thick if self.kind == "sudoku" and i % 3 == 0 else thin)
                p.drawLine(a, b)
        p.setPen(QPen(col.thick_line, 2.0))
        p.drawRect(g.rect)
