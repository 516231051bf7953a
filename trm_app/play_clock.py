"""The clock of a game in play mode: time played, paused and resumed, a tick every second."""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal


def clock_text(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class PlayClock(QObject):
    tick = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.seconds = 0.0                # played before the current run
        self._since: float | None = None  # when the current run began
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def reset(self, seconds: float = 0.0) -> None:
        self.halt()
        self.seconds = seconds

    def run(self) -> None:
        if self._since is None:
            self._since = time.monotonic()
            self._timer.start()

    def halt(self) -> None:
        self.seconds = self.elapsed()
        self._since = None
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed(self) -> float:
        return self.seconds + (time.monotonic() - self._since if self._since is not None else 0.0)

    def text(self) -> str:
        return clock_text(self.elapsed())
