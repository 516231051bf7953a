"""`trm-app [FILE] [--kind sudoku|maze|arc] [--model NAME|PATH|search] [--screenshot PNG [--solve]]`

With --screenshot the app opens FILE, optionally solves it to the end (waiting for the worker), saves a
picture of the whole window and exits: 0 on success, 2 with a one-line message on a bad file. A photo
opens the import dialog: the picture is of that dialog, once the photo is read. Works headless with
QT_QPA_PLATFORM=offscreen."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from solver.checkpoint import ModelFileError, resolve
from solver.puzzles import KIND_NAMES

from . import APP_NAME, APP_TITLE, engine_loader
from .context import AppContext
from .errors import setup_logging
from .main_window import MainWindow
from .model_picker import SEARCH
from .theme import apply_theme

SOLVE_TIMEOUT_S = 600.0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="trm-app", description=f"{APP_TITLE}: solve Sudoku, mazes and ARC "
                                 "grids with a Tiny Recursive Model, step by step.")
    ap.add_argument("file", nargs="?", help="a puzzle file to open")
    ap.add_argument("--kind", choices=KIND_NAMES, help="the file's kind (default: from its contents)")
    ap.add_argument("--model", metavar="NAME|PATH", help="the model to solve with: a model name, a "
                    ".safetensors file, or 'search' for the exact search (default: the last one picked)")
    ap.add_argument("--screenshot", metavar="PNG", help="save a picture of the window and exit")
    ap.add_argument("--solve", action="store_true", help="with --screenshot: solve first, to the end")
    ap.add_argument("--size", default="1440x900", help="with --screenshot: window size WxH (default %(default)s)")
    args = ap.parse_args(argv)
    if args.solve and not args.screenshot:
        ap.error("--solve needs --screenshot (in the app, press F5)")
    return args


def _wait_for(condition, timeout_s: float) -> bool:
    """Run the event loop until condition() holds or the time is up."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def screenshot(win: MainWindow, path: Path, solve: bool, size: str) -> int:
    try:
        w, h = (int(v) for v in size.lower().split("x"))
    except ValueError:
        print(f"trm-app: --size {size!r} is not WxH, e.g. 1440x900", file=sys.stderr)
        return 2
    win.resize(w, h)
    win.show()
    _wait_for(lambda: False, 0.2)  # let layouts settle
    if solve:
        page = win.page
        if not page.solve():
            print(f"trm-app: {win.ctx.reporter.last}", file=sys.stderr)
            return 2
        if not _wait_for(lambda: not page.session.running, SOLVE_TIMEOUT_S):
            print(f"trm-app: the solve did not finish within {SOLVE_TIMEOUT_S:.0f} s", file=sys.stderr)
            return 3
        page.session.finish_playback()
        if page.session.error:
            print(f"trm-app: {page.session.error}", file=sys.stderr)
            return 3
    _wait_for(lambda: False, 0.2)
    shown = win
    photo = win.photo_dialog
    if photo is not None and photo.isVisible():
        if not _wait_for(lambda: not photo.reading, SOLVE_TIMEOUT_S):
            print(f"trm-app: the photo was not read within {SOLVE_TIMEOUT_S:.0f} s", file=sys.stderr)
            return 3
        _wait_for(lambda: False, 0.2)
        shown = photo
    path.parent.mkdir(parents=True, exist_ok=True)
    if not shown.grab().save(str(path), "PNG"):
        print(f"trm-app: {path}: could not write the picture", file=sys.stderr)
        return 2
    return 0


def choose_model(win: MainWindow, name: str) -> bool:
    """Pick the model for the current page's kind; a bad name is reported."""
    picker = win.page.panel.models
    if name == SEARCH:
        picker.select_search()
        return True
    try:
        info = resolve(name, win.page.kind)
        if info is None:
            raise ModelFileError(f"no {win.page.kind} model named {name!r}")
        picker.select_path(info.path)
    except ModelFileError as e:
        win.ctx.reporter.exception("Cannot use this model", e)
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    headless = args.screenshot is not None
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName("trm-puzzle-studio")  # Wayland matches the window to the launcher and icon
    setup_logging()
    ctx = AppContext.create(interactive=not headless)
    if not headless:
        ctx.reporter.install_excepthook()
    apply_theme(app, ctx.settings.theme())
    win = MainWindow(ctx)
    try:
        if args.kind and not args.file:
            win.show_kind(args.kind)
        if args.file and not win.open_path(args.file, args.kind) and headless:
            print(f"trm-app: {ctx.reporter.last}", file=sys.stderr)
            return 2
        if args.model and not choose_model(win, args.model) and headless:
            print(f"trm-app: {ctx.reporter.last}", file=sys.stderr)
            return 2
        if headless:
            return screenshot(win, Path(args.screenshot), args.solve, args.size)
        win.show()
        # The window is up: torch and the network load in the background (the first Solve waits for them).
        QTimer.singleShot(0, lambda: engine_loader.warm_up(ctx.workers))
        return app.exec()
    finally:
        win.close()
        ctx.close()
        win.deleteLater()


if __name__ == "__main__":
    sys.exit(main())
