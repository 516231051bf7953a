"""The puzzle library as the app uses it: the engine's Library plus a `changed` signal, and its errors
sent to the reporter (a library problem must never stop a solve or an open)."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal

from solver.library import Entry, Library, LibraryError, Progress

from .errors import ErrorReporter


class LibraryModel(QObject):
    changed = Signal()

    def __init__(self, reporter: ErrorReporter, library: Library | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.reporter = reporter
        self.lib: Library | None = library
        if self.lib is None:
            try:
                self.lib = Library()
            except LibraryError as e:
                reporter.exception("The puzzle library is not available", e)
        if self.lib is not None and self.lib.set_aside is not None:
            reporter.error("The puzzle library was damaged",
                           f"{self.lib.path} could not be read. It was set aside as {self.lib.set_aside} "
                           "(nothing was deleted) and a new, empty library was started.")

    @property
    def available(self) -> bool:
        return self.lib is not None

    def record(self, kind: str, text: str, source: str = "", verdict: str = "", verdict_text: str = "",
               model: str = "", photo: str | None = None) -> int | None:
        if self.lib is None or not text.strip():
            return None
        try:
            entry_id = self.lib.add(kind, text, source=source, photo=photo, verdict=verdict,
                                    verdict_text=verdict_text, model=model)
        except (sqlite3.Error, ValueError) as e:
            self.reporter.error("Could not add to the puzzle library", f"{self.lib.path}: {e}")
            return None
        self.changed.emit()
        return entry_id

    def set_photo_reading(self, entry_id: int, confidence: float, unsure: int) -> None:
        """How sure the photo reader was of an entry (solver.library.Library.set_photo_reading)."""
        if self.lib is None:
            return
        try:
            self.lib.set_photo_reading(entry_id, confidence, unsure)
        except (sqlite3.Error, ValueError) as e:
            self.reporter.error("Could not add to the puzzle library", f"{self.lib.path}: {e}")

    def photo_reading(self, entry_id: int) -> tuple[float, int] | None:
        """(least confident cell, cells to check) of an entry read from a photo, or None."""
        if self.lib is None:
            return None
        try:
            return self.lib.photo_reading(entry_id)
        except sqlite3.Error as e:
            self.reporter.error("Could not read the puzzle library", f"{self.lib.path}: {e}")
            return None

    def search(self, text: str = "", kind: str | None = None, verdict: str | None = None) -> list[Entry]:
        if self.lib is None:
            return []
        try:
            return self.lib.search(text, kind=kind, verdict=verdict)
        except sqlite3.Error as e:
            self.reporter.error("Could not read the puzzle library", f"{self.lib.path}: {e}")
            return []

    def delete(self, entry_id: int) -> None:
        if self.lib is None:
            return
        try:
            self.lib.delete(entry_id)
        except sqlite3.Error as e:
            self.reporter.error("Could not change the puzzle library", f"{self.lib.path}: {e}")
        self.changed.emit()

    def save_progress(self, entry_id: int, state: str, seconds: float, hints: int, solved: bool) -> None:
        """A game in progress (play mode); quiet (no `changed`): it is written on every move."""
        if self.lib is None:
            return
        try:
            self.lib.save_progress(entry_id, state, seconds, hints, solved)
        except (sqlite3.Error, ValueError) as e:
            self.reporter.error("Could not save the game in the puzzle library", f"{self.lib.path}: {e}")

    def progress(self, entry_id: int) -> Progress | None:
        if self.lib is None:
            return None
        try:
            return self.lib.progress(entry_id)
        except sqlite3.Error as e:
            self.reporter.error("Could not read the saved game", f"{self.lib.path}: {e}")
            return None

    def set_rating(self, entry_id: int, rating: str) -> None:
        """An entry's difficulty in words (the list shows it): `changed` tells the list."""
        if self.lib is None:
            return
        try:
            self.lib.set_rating(entry_id, rating)
        except (sqlite3.Error, ValueError) as e:
            self.reporter.error("Could not keep the rating in the puzzle library", f"{self.lib.path}: {e}")
            return
        self.changed.emit()

    def ratings(self, entry_ids: list[int]) -> dict[int, str]:
        if self.lib is None:
            return {}
        try:
            return self.lib.ratings(entry_ids)
        except sqlite3.Error as e:
            self.reporter.error("Could not read the puzzle library", f"{self.lib.path}: {e}")
            return {}

    def close(self) -> None:
        if self.lib is not None:
            self.lib.close()
            self.lib = None
