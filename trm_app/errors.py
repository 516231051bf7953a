"""One place where every error ends: a message box (or, headless, a status line), never a traceback.

Unexpected exceptions (a bug in a slot, an engine failure) are logged with their traceback to the log
file in the data dir; the person sees one sentence and where the details are.
"""
from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from solver.checkpoint import ModelFileError
from solver.library import LibraryError
from solver.puzzles.base import PuzzleError

from .paths import log_path

log = logging.getLogger("trm_app")

# Errors whose message is written for people; anything else is a bug and gets logged.
EXPECTED = (PuzzleError, ModelFileError, LibraryError, OSError)


def setup_logging() -> None:
    if log.handlers:
        return
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # no writable data dir: still no traceback on screen
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def describe(exc: BaseException) -> str:
    """The sentence a person sees for an exception."""
    if isinstance(exc, OSError) and not isinstance(exc, PuzzleError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, EXPECTED):
        return str(exc)
    log.error("unexpected error\n%s", "".join(traceback.format_exception(exc)))
    return f"Unexpected error ({type(exc).__name__}: {exc}). Details are in {log_path()}."


class ErrorReporter(QObject):
    """Collects errors and shows them. `interactive=False` (tests, --screenshot) shows no dialogs."""

    reported = Signal(str, str)   # title, message
    status = Signal(str)          # a passing note for the status bar

    def __init__(self, interactive: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.interactive = interactive
        self.messages: list[str] = []
        self.dialog_parent: QWidget | None = None
        self._box: QMessageBox | None = None

    def error(self, title: str, message: str) -> None:
        self.messages.append(message)
        log.warning("%s: %s", title, message)
        self.reported.emit(title, message)
        self.status.emit(message)
        if self.interactive:
            # Non-blocking: a worker's error must not freeze the event loop behind a nested exec().
            box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                              self.dialog_parent)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.open()
            self._box = box

    def exception(self, title: str, exc: BaseException) -> None:
        self.error(title, describe(exc))

    def note(self, message: str) -> None:
        self.status.emit(message)

    @property
    def last(self) -> str:
        return self.messages[-1] if self.messages else ""

    def install_excepthook(self) -> None:
        """Exceptions escaping Qt slots reach sys.excepthook; route them here instead of stderr."""
        def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            if issubclass(kind, KeyboardInterrupt):
                sys.__excepthook__(kind, exc, tb)
                return
            self.exception("Error", exc.with_traceback(tb))
        sys.excepthook = hook
