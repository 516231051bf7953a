"""Pictures to share: the board as PNG, the whole refinement as an animated GIF (Pillow).

Boards paint through their own `draw(painter, rect, frame)`, so exports look like the screen without
depending on the widget's size; PNGs render at twice the logical size for high-DPI crispness."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPalette

from .frames import Frame

Draw = Callable[[QPainter, QRectF, "Frame | None"], None]
CAPTION_H = 28
MIN_CAPTION_W = 420


def render(draw: Draw, frame: Frame | None, palette: QPalette, size: QSize, caption: str = "",
           scale: float = 1.0) -> QImage:
    """One picture of the board (and a caption line under it) as a QImage."""
    # A narrow board (a 5x9 maze) still gets room for its caption; the board is centred in it.
    w = max(size.width(), MIN_CAPTION_W) if caption else size.width()
    h = size.height() + (CAPTION_H if caption else 0)
    img = QImage(int(w * scale), int(h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(scale)
    img.fill(palette.color(QPalette.ColorRole.Base))
    p = QPainter(img)
    try:
        draw(p, QRectF(0, 0, w, size.height()), frame)
        if caption:
            font = QFont()
            font.setPixelSize(14)
            p.setFont(font)
            p.setPen(palette.color(QPalette.ColorRole.Text))
            text = QFontMetrics(font).elidedText(caption, Qt.TextElideMode.ElideRight, int(w - 16))
            p.drawText(QRectF(8, size.height(), w - 16, CAPTION_H), Qt.AlignmentFlag.AlignCenter, text)
    finally:
        p.end()
    return img


def to_pillow(img: QImage) -> Image.Image:
    rgba = img.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())
    return Image.frombuffer("RGBA", (rgba.width(), rgba.height()), data, "raw", "RGBA",
                            rgba.bytesPerLine(), 1).copy()


def _atomic_save(path: Path, save: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{path.suffix}")
    try:
        save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def export_png(draw: Draw, frame: Frame | None, palette: QPalette, path: str | Path,
               size: QSize = QSize(540, 540), caption: str = "") -> Path:
    path = Path(path)
    img = render(draw, frame, palette, size, caption, scale=2.0)

    def save(tmp: Path) -> None:
        if not img.save(str(tmp), "PNG"):
            raise OSError(f"{path}: could not write the PNG")
    _atomic_save(path, save)
    return path


def export_gif(draw: Draw, frames: Sequence[Frame], captions: Sequence[str], palette: QPalette,
               path: str | Path, size: QSize = QSize(420, 420), ms_per_frame: int = 160,
               hold_last_ms: int = 2000) -> Path:
    """Every frame of a solve, in order, as a looping GIF."""
    if not frames:
        raise ValueError("there are no steps to export yet: solve first")
    path = Path(path)
    images = [to_pillow(render(draw, f, palette, size, c)).convert("RGB") for f, c in zip(frames, captions)]
    durations = [ms_per_frame] * (len(images) - 1) + [hold_last_ms]
    _atomic_save(path, lambda tmp: images[0].save(tmp, format="GIF", save_all=True,
                                                  append_images=images[1:], duration=durations, loop=0))
    return path
