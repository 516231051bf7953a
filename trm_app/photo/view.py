"""A photo (a BGR numpy image) scaled to fit, with the grid's outline drawn on it. With `editable` set
the outline's four corners are handles the person drags onto the grid's corners (the dialog then reads
the grid there): `corners_edited` says where they were left, in the image's pixels. A path (a maze's
solution, in the image's pixels) can be drawn over the photo."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen,
                           QPolygonF)
from PySide6.QtWidgets import QSizePolicy, QWidget

OUTLINE = QColor("#00c853")
OFFERED = QColor("#ff9800")      # an outline for the person to correct: no grid was read there yet
PATH = QColor("#e91e63")         # a maze's solved path
GRAB_PX = 14.0                   # a press this near a handle (widget pixels) picks it up
HANDLE_PX = 6.0


def to_qimage(bgr: np.ndarray) -> QImage:
    """A QImage that owns its pixels (a copy), from a BGR or grayscale uint8 array."""
    a = np.ascontiguousarray(bgr, dtype=np.uint8)
    if a.ndim == 2:
        return QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_BGR888).copy()


def default_outline(width: int, height: int) -> np.ndarray:
    """A square in the middle of a width x height image, for the person to drag onto a grid the reader
    did not find."""
    side = 0.6 * min(width, height)
    x0, y0 = (width - side) / 2, (height - side) / 2
    return np.array([[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]], np.float64)


class PhotoView(QWidget):
    corners_edited = Signal(object)     # (4, 2) float64 corners in image pixels, after a drag

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.placeholder = placeholder
        self.image: QImage | None = None
        self.corners: np.ndarray | None = None      # (4, 2) in the image's pixels
        self.editable = False                       # the corners are handles to drag
        self.offered = False                        # the outline is a suggestion, not a grid read
        self._dragging: int | None = None           # the handle being dragged
        self.path: np.ndarray | None = None         # (k, 2) a solved path in the image's pixels
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def set_image(self, bgr: np.ndarray | None, corners: np.ndarray | None = None, offered: bool = False) -> None:
        self.image = None if bgr is None else to_qimage(bgr)
        self.corners = None if corners is None else np.asarray(corners, np.float64).reshape(4, 2).copy()
        self.offered = offered
        self._dragging = None
        self.path = None
        self.update()

    def set_path(self, points: np.ndarray | None) -> None:
        self.path = None if points is None or not len(points) else np.asarray(points, np.float64).reshape(-1, 2)
        self.update()

    def set_editable(self, on: bool) -> None:
        self.editable = on
        self.setMouseTracking(on)               # the cursor shows when it is over a handle
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn: fitted into the widget, aspect kept, centred across and at the top
        (so the views side by side line up under their titles)."""
        if self.image is None or self.image.isNull():
            return QRectF()
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        f = min(area.width() / self.image.width(), area.height() / self.image.height())
        w, h = self.image.width() * f, self.image.height() * f
        return QRectF(area.center().x() - w / 2, area.top(), w, h)

    def to_widget(self, x: float, y: float) -> QPointF:
        """Image pixels -> widget coordinates."""
        t = self.image_rect()
        f = t.width() / self.image.width()
        return QPointF(t.left() + x * f, t.top() + y * f)

    def to_image(self, pos: QPointF) -> tuple[float, float]:
        """Widget coordinates -> image pixels, kept inside the image."""
        t = self.image_rect()
        f = t.width() / self.image.width()
        x = (pos.x() - t.left()) / f
        y = (pos.y() - t.top()) / f
        return min(max(x, 0.0), float(self.image.width())), min(max(y, 0.0), float(self.image.height()))

    # --- dragging the corners -------------------------------------------------------------------------

    def handle_at(self, pos: QPointF) -> int | None:
        if self.image is None or self.corners is None:
            return None
        d = [np.hypot(pos.x() - p.x(), pos.y() - p.y()) for p in (self.to_widget(*c) for c in self.corners)]
        i = int(np.argmin(d))
        return i if d[i] <= GRAB_PX else None

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if self.editable and e.button() == Qt.MouseButton.LeftButton:
            self._dragging = self.handle_at(e.position())
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._dragging is not None and self.corners is not None:
            self.corners[self._dragging] = self.to_image(e.position())
            self.update()
        elif self.editable:
            over = self.handle_at(e.position()) is not None
            self.setCursor(Qt.CursorShape.SizeAllCursor if over else Qt.CursorShape.CrossCursor)
        super().mouseMoveEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._dragging is not None and self.corners is not None:
            self.corners[self._dragging] = self.to_image(e.position())
            self._dragging = None
            self.update()
            self.corners_edited.emit(self.corners.copy())
        super().mouseReleaseEvent(e)

    # --- drawing ------------------------------------------------------------------------------------------

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.image is None:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(self.rect()).adjusted(12, 12, -12, -12),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            p.end()
            return
        p.drawImage(self.image_rect(), self.image)
        if self.corners is not None:
            self._draw_outline(p)
        if self.path is not None:
            line = QPolygonF([self.to_widget(x, y) for x, y in self.path])
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(255, 255, 255, 200), 6.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
            p.drawPolyline(line)
            p.setPen(QPen(PATH, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            p.drawPolyline(line)
        p.end()

    def _draw_outline(self, p: QPainter) -> None:
        colour = OFFERED if self.offered else OUTLINE
        pts = [self.to_widget(x, y) for x, y in self.corners]
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(0, 0, 0, 120), 5.0))
        p.drawPolygon(QPolygonF(pts))
        line = QPen(colour, 2.5)
        if self.offered:
            line.setStyle(Qt.PenStyle.DashLine)
        p.setPen(line)
        p.drawPolygon(QPolygonF(pts))
        if self.editable:
            # The lines the corners put the cells on, faintly: the person sees the 9x9 they are placing.
            p.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 110), 1.0))
            for k in range(1, 9):
                t = k / 9
                for a, b, c, d in ((0, 1, 3, 2), (0, 3, 1, 2)):
                    p.drawLine(pts[a] + (pts[b] - pts[a]) * t, pts[c] + (pts[d] - pts[c]) * t)
        radius = HANDLE_PX * (1.5 if self.editable else 1.0)
        for i, pt in enumerate(pts):
            # The grid's upright top-left corner is filled: it shows how the photo was turned.
            p.setBrush(QBrush(colour if i == 0 else QColor("#ffffff")))
            p.setPen(QPen(QColor("#1b5e20") if not self.offered else QColor("#e65100"), 1.5))
            p.drawEllipse(pt, radius, radius)
