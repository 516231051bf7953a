"""The maze board: drag to paint or erase walls, click to place S and G; a solve's path drawn over it."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from solver.puzzles.maze import GOAL, OPEN, PATH, START, WALL

from ..frames import Frame
from ..grid_geometry import GridGeometry
from ..solve_session import SolveSession
from ..theme import BoardColors
from .document import MazeDocument
from .play import MazePlaySession
from .play_view import draw_game

TOOLS = {"wall": WALL, "erase": OPEN, "start": START, "goal": GOAL}
ARROWS = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}


class MazeBoard(QWidget):
    def __init__(self, doc: MazeDocument, session: SolveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.session = doc, session
        self.tool = "wall"
        self._stroke_code: int | None = None
        self.play: MazePlaySession | None = None   # play mode: the mouse and arrow keys draw a path
        self._play_stroke = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(270, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setToolTip("Drag to paint walls (right-drag erases). With the S or G tool, click a cell "
                        "to place the start or the goal.")
        self.setAccessibleName("Maze board")
        doc.changed.connect(self.update)
        session.frameChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    def geometry_for(self, rect: QRectF) -> GridGeometry:
        h, w = self.doc.shape
        return GridGeometry(h, w, rect, margin=6.0)

    def set_tool(self, tool: str) -> None:
        self.tool = tool

    def set_play(self, play: MazePlaySession) -> None:
        self.play = play
        play.changed.connect(self.update)

    def _playing(self) -> bool:
        return self.play is not None and self.play.active

    # --- input -----------------------------------------------------------------------------------

    def mousePressEvent(self, e: QMouseEvent) -> None:
        cell = self.geometry_for(QRectF(self.rect())).cell_at(e.position())
        if cell is None:
            return
        if self._playing():
            self._play_stroke = True
            self.play.begin_stroke()
            self.play.point(cell)
            return
        code = OPEN if e.button() == Qt.MouseButton.RightButton else TOOLS[self.tool]
        if code in (START, GOAL):
            self.doc.paint(*cell, code)  # a click, one command
            return
        self.session.clear()
        self._stroke_code = code
        self.doc.begin_stroke()
        self.doc.paint(*cell, code)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._play_stroke:
            cell = self.geometry_for(QRectF(self.rect())).cell_at(e.position())
            if cell is not None:
                self.play.point(cell)
            return
        if self._stroke_code is None:
            return
        cell = self.geometry_for(QRectF(self.rect())).cell_at(e.position())
        if cell is not None:
            self.doc.paint(*cell, self._stroke_code)

    def mouseReleaseEvent(self, _e: QMouseEvent) -> None:
        if self._play_stroke:
            self._play_stroke = False
            self.play.end_stroke()
        if self._stroke_code is not None:
            what = "Paint walls" if self._stroke_code == WALL else "Erase walls"
            self._stroke_code = None
            self.doc.end_stroke(what)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self._playing() and e.key() in ARROWS:
            self.play.arrow(*ARROWS[e.key()])
        elif self._playing() and e.key() == Qt.Key.Key_Backspace:
            self.play.back()
        else:
            super().keyPressEvent(e)

    # --- drawing -----------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        self.draw(p, QRectF(self.rect()), self.session.frame)
        p.end()

    def draw(self, p: QPainter, rect: QRectF, frame: Frame | None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = BoardColors.from_palette(self.palette())
        g = self.geometry_for(rect)
        grid = self.doc.grid
        h, w = grid.shape
        if frame is not None and frame.answer.shape != grid.shape:
            frame = None  # the maze was resized since; the old answer no longer fits
        diff = frame.diff if frame is not None and self.session.show_diff else None
        font = QFont(self.font())
        font.setPixelSize(max(int(g.cell * 0.6), 6))
        font.setBold(True)
        p.setFont(font)
        for r in range(h):
            for c in range(w):
                cr = g.cell_rect(r, c)
                code = int(grid[r, c])
                p.fillRect(cr, col.wall if code == WALL else col.open)
                if frame is not None and code == OPEN and int(frame.answer[r, c]) == PATH:
                    path = QColor(col.path)
                    conf = 1.0 if frame.confidence is None else float(frame.confidence[r, c])
                    path.setAlphaF(0.35 + 0.65 * conf)
                    p.fillRect(cr.adjusted(1, 1, -1, -1), path)
                if code in (START, GOAL):
                    p.fillRect(cr.adjusted(1, 1, -1, -1), col.start if code == START else col.goal)
                    p.setPen(QColor("#ffffff"))
                    p.drawText(cr, Qt.AlignmentFlag.AlignCenter, "S" if code == START else "G")
                if frame is not None and frame.changed is not None and frame.changed[r, c] and code == OPEN:
                    rad = max(g.cell * 0.12, 1.5)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(col.changed)
                    p.drawEllipse(cr.center(), rad, rad)
                if diff is not None and diff[r, c] and code == OPEN:
                    p.setPen(QPen(col.diff, max(g.cell * 0.08, 1.2)))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(cr.adjusted(2, 2, -2, -2))
        if g.cell >= 6:
            p.setPen(QPen(col.line, 0.6))
            for a, b in g.vertical_lines() + g.horizontal_lines():
                p.drawLine(a, b)
        p.setPen(QPen(col.thick_line, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(g.rect)
        if self._playing() and self.play.grid.shape == grid.shape:
            draw_game(p, g, col, self.play.path, self.play.dead, self.play.hint_cells())
