"""One validation puzzle and the model's current answer to it, redrawn at every evaluation: right cells
in the answer colour, wrong ones in red (Sudoku digits; maze path cells)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from solver.puzzles.maze import GOAL, PATH, START, WALL

from ..grid_geometry import GridGeometry
from ..theme import ARC_COLOURS, BoardColors

SUDOKU_KINDS = ("sudoku", "sudoku-x")   # drawn as a 9x9 board of digits


class AnswerPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = ""
        self.puzzle: np.ndarray | None = None
        self.solution: np.ndarray | None = None
        self.answer: np.ndarray | None = None
        self.step: int | None = None
        self.updates = 0                      # answers drawn so far (tests watch it)
        self.setMinimumSize(200, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("A validation puzzle (never trained on) and the model's answer to it, updated at "
                        "every validation: red marks what is still wrong")

    def sizeHint(self) -> QSize:
        return QSize(260, 290)

    def set_puzzle(self, kind: str, puzzle, solution) -> None:
        self.kind = kind
        self.puzzle = None if puzzle is None else np.asarray(puzzle)
        self.solution = None if solution is None else np.asarray(solution)
        self.update()

    def set_answer(self, step: int, answer) -> None:
        if answer is None:
            return
        self.answer, self.step = np.asarray(answer), step
        self.updates += 1
        self.update()

    def right_cells(self) -> tuple[int, int] | None:
        """(right, total) over the cells the model had to fill in."""
        if self.answer is None or self.solution is None or self.answer.shape != self.solution.shape:
            return None
        if self.kind in SUDOKU_KINDS:
            todo = self.puzzle == 0
            return int(((self.answer == self.solution) & todo).sum()), int(todo.sum())
        return int((self.answer == self.solution).sum()), int(self.solution.size)

    def caption(self) -> str:
        if self.puzzle is None:
            return "no validation puzzle"
        if self.answer is None:
            return "the model's answer appears here"
        rc = self.right_cells()
        where = "before training" if self.step == 0 else f"after step {self.step:,}"
        return f"{where}: {rc[0]} of {rc[1]} cells right" if rc else where

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = BoardColors.from_palette(self.palette())
        area = QRectF(self.rect())
        caption = QRectF(area.left(), area.bottom() - 20, area.width(), 20)
        p.setPen(col.muted)
        p.drawText(caption, Qt.AlignmentFlag.AlignCenter, self.caption())
        if self.puzzle is None:
            return
        grid_area = area.adjusted(0, 0, 0, -22)
        # ARC: the answer has the shape the network chose (often not the input's), so that is drawn.
        shown = self.answer if self.kind == "arc" and self.answer is not None else self.puzzle
        rows, cols = shown.shape
        g = GridGeometry(rows, cols, grid_area, margin=4.0)
        if self.kind in SUDOKU_KINDS:
            self._sudoku(p, g, col)
        elif self.kind == "arc":
            self._arc(p, g, col, shown)
        else:
            self._maze(p, g, col)
        p.end()

    def _arc(self, p: QPainter, g: GridGeometry, col: BoardColors, grid: np.ndarray) -> None:
        """The input before any answer, then the answer; cells unlike the expected output are outlined."""
        check = self.answer is not None and self.solution is not None and self.solution.shape == grid.shape
        for r in range(grid.shape[0]):
            for c in range(grid.shape[1]):
                cr = g.cell_rect(r, c)
                p.fillRect(cr, QColor(ARC_COLOURS[int(grid[r, c]) % len(ARC_COLOURS)]))
                if check and grid[r, c] != self.solution[r, c]:
                    p.setPen(QPen(col.conflict, max(g.cell * 0.12, 1.5)))
                    p.drawRect(cr.adjusted(1, 1, -1, -1))
        p.setPen(QPen(col.line, 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(g.rect)

    def _sudoku(self, p: QPainter, g: GridGeometry, col: BoardColors) -> None:
        p.fillRect(g.rect, col.background)
        font = QFont(self.font())
        font.setPixelSize(max(int(g.cell * 0.6), 6))
        bold = QFont(font)
        bold.setBold(True)
        for r in range(9):
            for c in range(9):
                cr = g.cell_rect(r, c)
                d = int(self.puzzle[r, c])
                if d:
                    p.setFont(bold)
                    p.setPen(col.given)
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(d))
                elif self.answer is not None and self.answer.shape == self.puzzle.shape and self.answer[r, c]:
                    wrong = self.solution is not None and self.answer[r, c] != self.solution[r, c]
                    if wrong:
                        tint = QColor(col.conflict)
                        tint.setAlpha(40)
                        p.fillRect(cr, tint)
                    p.setFont(font)
                    p.setPen(col.conflict if wrong else col.entered)
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, str(int(self.answer[r, c])))
        rect, s = g.rect, g.cell
        for i in range(10):
            p.setPen(QPen(col.thick_line, max(s * 0.05, 1.6)) if i % 3 == 0 else QPen(col.line, 1.0))
            x, y = rect.left() + i * s, rect.top() + i * s
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def _maze(self, p: QPainter, g: GridGeometry, col: BoardColors) -> None:
        answer = self.answer if self.answer is not None and self.answer.shape == self.puzzle.shape else None
        for r in range(self.puzzle.shape[0]):
            for c in range(self.puzzle.shape[1]):
                cr = g.cell_rect(r, c)
                v = int(self.puzzle[r, c])
                colour = {WALL: col.wall, START: col.start, GOAL: col.goal}.get(v, col.open)
                if answer is not None and v not in (START, GOAL) and answer[r, c] == PATH:
                    right = self.solution is not None and self.solution[r, c] == PATH
                    colour = col.path if right else col.conflict
                p.fillRect(cr, colour)
        p.setPen(QPen(col.line, 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(g.rect)
