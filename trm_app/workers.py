"""Background jobs: engine calls (solve, generate, count solutions) off the GUI thread.

A Job is a QRunnable on a QThreadPool. It calls a plain function with itself as the context, so the
function can `emit` progress (plain Python/numpy objects) and poll `cancelled()`; results and errors come
back through the Job's signals QObject, connected queued, so receivers run on the GUI thread. Widgets
never touch a job's state, only what its signals carry.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from .errors import describe

QUEUED = Qt.ConnectionType.QueuedConnection


class JobSignals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    def __init__(self, fn: Callable[[Job], object], label: str):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (Workers keeps it until it reports back)
        self.fn = fn
        self.label = label
        self.signals = JobSignals()
        self._stop = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def emit(self, value: object) -> None:
        self.signals.progress.emit(value)

    def run(self) -> None:
        try:
            result = self.fn(self)
        except Exception as e:  # noqa: BLE001 - every failure must reach the error reporter
            self.signals.failed.emit(describe(e))
        else:
            self.signals.done.emit(result)
        finally:
            self.finished.set()


class Workers(QObject):
    """The app's thread pool. `submit` runs fn(job) in the background and calls back on the GUI thread."""

    def __init__(self, max_threads: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: set[Job] = set()

    def submit(self, fn: Callable[[Job], object], on_done: Callable[[object], None],
               on_failed: Callable[[str], None], on_progress: Callable[[object], None] | None = None,
               label: str = "") -> Job:
        job = Job(fn, label)
        if on_progress is not None:
            job.signals.progress.connect(on_progress, QUEUED)
        job.signals.done.connect(on_done, QUEUED)
        job.signals.failed.connect(on_failed, QUEUED)
        # Forget the job only after its own callbacks ran (queued in the same order).
        job.signals.done.connect(lambda _r, j=job: self._jobs.discard(j), QUEUED)
        job.signals.failed.connect(lambda _m, j=job: self._jobs.discard(j), QUEUED)
        self._jobs.add(job)
        self.pool.start(job)
        return job

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until every running job has returned (for shutdown and headless runs)."""
        return self.pool.waitForDone(msecs)
