"""The GUI's handle on a training process: starts it (training.run_process, detached), follows its events
file with a timer (reads of a few KB, never a wait), and pauses, cancels, or lets it go on alone.

The process is never a child that the window's end would take along: it runs in its own session and
writes everything to the run folder, so "keep training in the background" only means: stop watching.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from training import run_process, runs

POLL_MS = 100
KILL_AFTER_S = 15.0     # a cancelled process that has not stopped by then is killed (its state is atomic)
LOG_TAIL_LINES = 6


class TrainingProcess(QObject):
    event = Signal(dict)        # every event of the run, history first (curves are rebuilt from it)
    finished = Signal(dict)     # this session's "done" event
    failed = Signal(str)        # this session's "error" event, or the process died without a word

    def __init__(self, run_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.run_dir = Path(run_dir)
        self.session: str | None = None
        self.proc: subprocess.Popen | None = None
        self.pid = 0
        self.reader = runs.EventReader(self.run_dir / runs.PROGRESS_FILE)
        self.ended = True               # this session said done/error, or it was never started
        self._cancel_deadline: float | None = None
        self._last: dict | None = None  # this session's done or error event
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    # --- starting and attaching -------------------------------------------------------------------

    def start(self, resume: bool = False) -> None:
        """Launch a new session (a new run, or --resume of a saved one)."""
        self.session = uuid.uuid4().hex[:12]
        self.ended = False
        self._cancel_deadline = None
        self._last = None
        self.proc = run_process.launch(self.run_dir, resume=resume, session=self.session)
        self.pid = self.proc.pid
        self._timer.start()

    def attach(self) -> bool:
        """Follow a session that is already running (it went on in the background); False if none is."""
        pid = runs.read_pid(self.run_dir)
        if not runs.pid_alive(pid):
            return False
        try:
            self.session = (self.run_dir / runs.SESSION_FILE).read_text().strip()
        except OSError:
            return False
        self.pid, self.proc, self.ended, self._last = pid, None, False, None
        self._timer.start()
        return True

    def replay(self) -> None:
        """Deliver the run's past events (a finished or paused run being shown again)."""
        self._timer.start()

    # --- control ------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return not self.ended

    def pause(self) -> None:
        """Stop after the current step; the state is saved and `--resume` continues exactly."""
        runs.request_stop(self.run_dir)

    def cancel(self) -> None:
        """Stop for good: the run is marked cancelled (never offered again), killed if it lingers."""
        runs.mark(self.run_dir, runs.CANCELLED_FILE)
        if self.running:
            runs.request_stop(self.run_dir)
            self._cancel_deadline = time.monotonic() + KILL_AFTER_S

    def detach(self) -> None:
        """Stop watching; the process goes on alone and writes its model into the run folder."""
        self._timer.stop()
        self.proc = None        # dropping the Popen neither waits for nor kills the process
        self.ended = True

    def kill(self) -> None:
        """For tests and a process that ignores the stop request."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        elif self.pid and runs.pid_alive(self.pid):
            os.kill(self.pid, getattr(signal, "SIGKILL", signal.SIGTERM))

    # --- following ------------------------------------------------------------------------------------

    def _alive(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        return runs.pid_alive(self.pid)

    def poll(self) -> None:
        for ev in self.reader.poll():
            self.event.emit(ev)
            if ev.get("session") == self.session and not self.ended and self._last is None:
                if ev.get("event") in ("done", "error"):
                    self._last = ev  # reported once the process has exited: the folder is then at rest
        if self.ended:
            if self.reader.at_end():
                self._timer.stop()
            return
        if self._cancel_deadline is not None and time.monotonic() > self._cancel_deadline:
            self.kill()
        if self._alive():
            return
        if self._last is None:
            if self.reader.at_end():
                self._died()
            return  # else: still reading what it wrote
        self.ended = True
        if self.reader.at_end():
            self._timer.stop()
        if self._last.get("event") == "done":
            self.finished.emit(self._last)
        else:
            self.failed.emit(str(self._last.get("message", "the training failed")))

    def _died(self) -> None:
        """The process is gone without a last word: killed after a cancel, or it crashed."""
        self.ended = True
        self._timer.stop()
        if self._cancel_deadline is not None:
            self.finished.emit({"event": "done", "stopped": "cancelled", "session": self.session})
            return
        code = self.proc.returncode if self.proc is not None else None
        self.failed.emit(f"The training process ended unexpectedly{f' (exit code {code})' if code else ''}. "
                         f"Its last words: {self._log_tail() or '(none)'}")

    def _log_tail(self) -> str:
        try:
            lines = (self.run_dir / runs.LOG_FILE).read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " / ".join(lines[-LOG_TAIL_LINES:])
