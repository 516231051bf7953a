"""Regenerate docs/screenshots/{sudoku,maze,arc,photo_import}.png headless:

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py

All go through `trm-app FILE --screenshot PNG [--solve]` (the console script's code path); for ARC
the bundled model adapts to the sample task first, which takes about 4 minutes. A photo opens the import
dialog, and its picture is taken once the photo is read. Settings, library and
user models go to a temporary folder, so the real ones are untouched (bundled models are used if
present)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="trm-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var, sub in (("TRM_CONFIG_DIR", "config"), ("TRM_DATA_DIR", "data"), ("TRM_USER_MODELS", "models")):
        os.environ[var] = str(tmp / sub)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from trm_app.main import main as app_main

    QApplication.instance() or QApplication([])
    rc = app_main([str(ROOT / "tests/app/data/sudoku_one.txt"), "--solve", "--screenshot", str(OUT / "sudoku.png")])
    rc |= app_main([str(ROOT / "resources/samples/maze/hard.txt"), "--solve", "--screenshot", str(OUT / "maze.png")])

    # ARC: the bundled model adapts to the sample task (up to 4 minutes), then its answer is shown.
    rc |= app_main([str(ROOT / "resources/samples/arc/fill.json"), "--solve", "--screenshot", str(OUT / "arc.png")])
    rc |= app_main([str(ROOT / "resources/photos/sudoku_tilted.jpg"), "--screenshot", str(OUT / "photo_import.png")])
    return rc


if __name__ == "__main__":
    sys.exit(main())
