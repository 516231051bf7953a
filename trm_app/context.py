"""What every part of the app shares, passed explicitly (there is no global main window)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ErrorReporter
from .library_model import LibraryModel
from .settings import Settings
from .workers import Workers


@dataclass
class AppContext:
    settings: Settings
    reporter: ErrorReporter
    workers: Workers
    library: LibraryModel

    @classmethod
    def create(cls, interactive: bool = True) -> AppContext:
        reporter = ErrorReporter(interactive)
        return cls(Settings(), reporter, Workers(), LibraryModel(reporter))

    def close(self) -> None:
        self.workers.cancel_all()
        self.workers.wait(10000)
        self.library.close()
