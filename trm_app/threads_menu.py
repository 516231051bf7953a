"""Solve > Network threads: automatic (solver.threads's policy) or a count the user picks, kept in the
settings and used from the next solve on (the `--threads` of `trm solve`)."""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from solver.threads import AUTO, MAX_THREADS, cores

from .settings import Settings


class ThreadsMenu(QMenu):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__("Network &threads", parent)
        self.settings = settings
        self.setToolTipsVisible(True)
        group = QActionGroup(self)
        current = settings.threads()
        self.choices: dict[int | None, QAction] = {}
        counts = range(1, max(1, min(cores(), MAX_THREADS)) + 1)
        for n in (AUTO, *counts):
            text = "&Automatic" if n is AUTO else f"&{n} thread{'s' if n > 1 else ''}"
            a = QAction(text, self, checkable=True)
            if n is AUTO:
                a.setToolTip("One thread for small networks (fastest beside other programs), more for large ones")
            a.setChecked(n == current)
            a.triggered.connect(lambda _c=False, n=n: self.settings.set_threads(n))
            group.addAction(a)
            self.addAction(a)
            self.choices[n] = a
