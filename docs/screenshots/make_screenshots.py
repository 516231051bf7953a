"""Regenerate docs/screenshots/{sudoku,maze,arc}.png headless:

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py

Sudoku and maze go through `trm-app FILE --screenshot PNG --solve` (the console script's code path);
the ARC picture shows the output editor part-way through an attempt. Settings, library and user models
go to a temporary folder, so the real ones are untouched (bundled models are used if present)."""
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
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from trm_app import grid_ops
    from trm_app.context import AppContext
    from trm_app.main import _wait_for, main as app_main
    from trm_app.main_window import MainWindow
    from trm_app.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    rc = app_main([str(ROOT / "tests/app/data/sudoku_one.txt"), "--solve", "--screenshot", str(OUT / "sudoku.png")])
    rc |= app_main([str(ROOT / "resources/samples/maze/hard.txt"), "--solve", "--screenshot", str(OUT / "maze.png")])

    apply_theme(app, "light")
    ctx = AppContext.create(interactive=False)
    win = MainWindow(ctx)
    win.resize(1440, 900)
    win.show()
    win.open_path(ROOT / "resources/samples/arc/fill.json")
    page = win.arc
    page.output.copy_from_input()
    page.tools.set_tool("fill")
    page.tools.set_colour(4)
    r, c = (int(v) for v in np.argwhere(page.doc.expected == 4)[0])

    page.doc.set_target_grid(grid_ops.flood_filled(page.doc.target_grid, r, c, 4), "Flood fill")
    page.output.check()
    _wait_for(lambda: False, 0.3)
    ok = win.grab().save(str(OUT / "arc.png"), "PNG")
    win.close()
    ctx.close()
    return rc or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
