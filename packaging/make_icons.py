"""Render the app icon's PNG sizes, and the Windows .ico and macOS .icns, from resources/icons/app.svg.

    python packaging/make_icons.py [--out DIR]

The results are committed (packaging/linux/share/icons/hicolor/..., packaging/icons/app.ico and
app.icns), so that installing needs no renderer; run this again after changing the SVG. Qt's own SVG
renderer draws the PNGs (PySide6 is a dependency already); Pillow packs the .ico and .icns.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICON_NAME = "trm-puzzle-studio"  # the Icon= of the .desktop file
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 1024  # Pillow makes the .icns's smaller members from it


def hicolor_png(share: Path, size: int) -> Path:
    return share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent size x size square, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - fonts, painter
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def make_all(out_linux_share: Path, out_icons: Path, svg: Path = SVG) -> list[Path]:
    from PIL import Image

    written = []
    for size in PNG_SIZES:
        path = hicolor_png(out_linux_share, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_png(svg, size))
        written.append(path)
    scalable = out_linux_share / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(svg.read_bytes())
    written.append(scalable)

    out_icons.mkdir(parents=True, exist_ok=True)
    big = Image.open(io.BytesIO(render_png(svg, 256))).convert("RGBA")
    ico = out_icons / "app.ico"
    big.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    icns = out_icons / "app.icns"
    Image.open(io.BytesIO(render_png(svg, ICNS_SIZE))).convert("RGBA").save(icns, format="ICNS")
    return written + [ico, icns]


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--svg", type=Path, default=SVG)
    ap.add_argument("--linux-share", type=Path, default=here / "linux" / "share")
    ap.add_argument("--icons", type=Path, default=here / "icons")
    args = ap.parse_args(argv)
    for p in make_all(args.linux_share, args.icons, args.svg):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
