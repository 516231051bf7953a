"""A photo (a BGR numpy image) scaled to fit, with the detected grid's outline drawn on it."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

OUTLINE = QColor("#00c853")


def to_qimage(bgr: np.ndarray) -> QImage:
    """A QImage that owns its pixels (a copy), from a BGR or grayscale uint8 array."""
    a = np.ascontiguousarray(bgr, dtype=np.uint8)
    if a.ndim == 2:
        return QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(a.data, a.shape[1], a.shape[0], a.strides[0], QImage.Format.Format_BGR888).copy()


class PhotoView(QWidget):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.placeholder = placeholder
        self.image: QImage | None = None
        self.corners: np.ndarray | None = None      # (4, 2) in the image's pixels
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def set_image(self, bgr: np.ndarray | None, corners: np.ndarray | None = None) -> None:
        self.image = None if bgr is None else to_qimage(bgr)
        self.corners = None if corners is None else np.asarray(corners, np.float64).reshape(4, 2)
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
        target = self.image_rect()
        p.drawImage(target, self.image)
        if self.corners is not None:
            f = target.width() / self.image.width()
            pts = [QPointF(target.left() + x * f, target.top() + y * f) for x, y in self.corners]
            halo = QColor(0, 0, 0, 120)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(halo, 5.0))
            p.drawPolygon(QPolygonF(pts))
            p.setPen(QPen(OUTLINE, 2.5))
            p.drawPolygon(QPolygonF(pts))
            for i, pt in enumerate(pts):
                # The grid's upright top-left corner is filled: it shows how the photo was turned.
                p.setBrush(QBrush(OUTLINE if i == 0 else QColor("#ffffff")))
                p.setPen(QPen(QColor("#1b5e20"), 1.5))
                p.drawEllipse(pt, 6.0, 6.0)
        p.end()
