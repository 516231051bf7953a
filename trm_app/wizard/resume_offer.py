"""At start-up: a run that was interrupted (offer to resume), one still training in the background (offer
to follow it), or one that finished while the app was closed (offer its result). Non-blocking: the box
opens and the app is usable behind it; headless, it is made but not shown."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from training import runs
from training.runs import RunInfo

from ..errors import ErrorReporter


def describe_run(info: RunInfo) -> str:
    r = info.result or {}
    steps = int(r.get("steps") or 0)
    at = f" at step {steps:,}" if steps else ""
    return {
        "interrupted": f"“{info.spec.title}” was interrupted{at}. Its checkpoint is kept: resume it?",
        "running": f"“{info.spec.title}” is still training in the background.",
        "finished": f"“{info.spec.title}” finished while the app was closed. See its result and save it?",
        "failed": f"“{info.spec.title}” failed: {runs.last_error(info.dir) or 'the process ended without a word'}",
    }.get(info.status, info.spec.title)


class ResumeOffer(QMessageBox):
    def __init__(self, info: RunInfo, others: int, open_run: Callable[[Path], None], reporter: ErrorReporter,
                 parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Question, "Training", describe_run(info),
                         QMessageBox.StandardButton.NoButton, parent)
        self.info, self.open_run, self.reporter = info, open_run, reporter
        if others:
            self.setInformativeText(f"{others} more run{'s' if others != 1 else ''} will be offered next time.")
        label = {"interrupted": "&Resume", "running": "&Show its progress", "finished": "&Show the result",
                 "failed": "&Try again"}
        self.go = self.addButton(label.get(info.status, "&Open"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = None
        if info.status in ("interrupted", "failed"):
            self.discard_button = self.addButton("&Discard the run", QMessageBox.ButtonRole.DestructiveRole)
        self.later = self.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.go)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.go:
            self.accept_offer()
        elif button is self.discard_button:
            self.discard()
        else:
            self.reject_offer()

    def accept_offer(self) -> None:
        self.open_run(self.info.dir)
        self.close()

    def reject_offer(self) -> None:
        """Later: a failed run is not offered again (its message was read); others are."""
        if self.info.status == "failed":
            runs.mark(self.info.dir, runs.SEEN_FILE)
        self.close()

    def discard(self) -> None:
        try:
            runs.discard(self.info.dir)
        except OSError as e:
            self.reporter.exception("Cannot discard the run", e)
        self.close()

    @classmethod
    def for_pending(cls, open_run: Callable[[Path], None], reporter: ErrorReporter,
                    parent: QWidget | None = None) -> ResumeOffer | None:
        """The offer for the newest pending run, opened when the app is interactive; None if none."""
        pending = runs.pending_runs()
        if not pending:
            return None
        box = cls(pending[0], len(pending) - 1, open_run, reporter, parent)
        if reporter.interactive:
            box.open()
        return box
