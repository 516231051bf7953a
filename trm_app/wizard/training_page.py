"""Page 4, the training: it runs in a separate process; this page shows its progress (bar and ETA), live
loss and accuracy curves, and the current model's answer to one validation puzzle, and it pauses (stop,
keep the checkpoint), resumes (`--resume` on the same run folder) and cancels."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWizard, QWizardPage)

from training import runs

from ..context import AppContext
from ..theme import BoardColors
from .answer_preview import AnswerPreview
from .curve_plot import CurvePlot
from .words import duration, plural
from .state import WizardState
from .training_process import TrainingProcess

PHASES = ("idle", "starting", "running", "pausing", "paused", "cancelling", "cancelled", "finished", "failed")


class TrainingPage(QWizardPage):
    phaseChanged = Signal(str)

    def __init__(self, ctx: AppContext, state: WizardState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle("Training")
        self.setSubTitle("The model learns in a process of its own: you can keep using the app, and closing "
                         "this window can leave it training in the background.")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        self.phase = "idle"
        self.process: TrainingProcess | None = None
        self.last_step = 0
        self.best_exact: float | None = None

        self.status = QLabel("", self)
        bold = QFont(self.status.font())
        bold.setBold(True)
        self.status.setFont(bold)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.eta = QLabel(self)
        self.stats = QLabel(self)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        col = BoardColors.from_palette(self.palette())
        self.loss_plot = CurvePlot("Loss", parent=self)
        self.loss_plot.add_series("loss", "training loss", col.confidence)
        self.acc_plot = CurvePlot("Accuracy", unit_range=True, percent=True, parent=self)
        self.acc_plot.add_series("cells", "training cells", col.muted)
        self.acc_plot.add_series("val_cells", "validation cells", col.confidence, dots=True)
        self.acc_plot.add_series("val_exact", "validation exact", col.changed, dots=True)
        self.preview = AnswerPreview(self)
        preview_box = QGroupBox("One validation puzzle", self)
        pl = QVBoxLayout(preview_box)
        pl.addWidget(self.preview)

        self.pause_button = QPushButton("&Pause", self)
        self.pause_button.setToolTip("Stop after the current step and keep the checkpoint; Resume continues "
                                     "exactly where it stopped (also after a restart of the app)")
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton("&Resume", self)
        self.resume_button.clicked.connect(self.resume)
        self.cancel_button = QPushButton("Ca&ncel training", self)
        self.cancel_button.setToolTip("Stop for good (the best model so far can still be saved)")
        self.cancel_button.clicked.connect(self.cancel)
        self.command = QLabel(self)
        self.command.setWordWrap(True)
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QGridLayout()
        top.addWidget(self.status, 0, 0, 1, 2)
        top.addWidget(self.progress, 1, 0, 1, 2)
        top.addWidget(self.stats, 2, 0)
        top.addWidget(self.eta, 2, 1, Qt.AlignmentFlag.AlignRight)
        plots = QVBoxLayout()
        plots.addWidget(self.loss_plot, 1)
        plots.addWidget(self.acc_plot, 1)
        middle = QHBoxLayout()
        middle.addLayout(plots, 3)
        middle.addWidget(preview_box, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(middle, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.command)
        self._set_phase("idle")

    # --- the page's life ----------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self.process is None:
            self.begin()

    def begin(self) -> None:
        """Start, resume, or follow the run in the state's run folder, as its files say."""
        run_dir = self.state.run_dir
        assert run_dir is not None
        self.process = TrainingProcess(run_dir, self)
        self.process.event.connect(self._event)
        self.process.finished.connect(self._finished)
        self.process.failed.connect(self._failed)
        if runs.run_status(run_dir) == "running" and self.process.attach():
            self._set_phase("running")
        elif runs.run_status(run_dir) == "finished":  # (asked again: a running one may just have ended)
            self.state.result = runs.read_json(run_dir / runs.RESULT_FILE)
            self.process.replay()
            self._set_phase("finished")
        else:
            # A saved state is always continued, never overwritten by a fresh start.
            self._launch(resume=(run_dir / runs.STATE_FILE).exists())

    def _launch(self, resume: bool) -> None:
        assert self.process is not None
        if resume:
            (self.process.run_dir / runs.CANCELLED_FILE).unlink(missing_ok=True)
        (self.process.run_dir / runs.SEEN_FILE).unlink(missing_ok=True)  # a new outcome to see
        try:
            self.process.start(resume=resume)
        except OSError as e:
            self.ctx.reporter.exception("Cannot start the training process", e)
            self._set_phase("failed")
            return
        spec = self.state.spec
        if spec is not None:
            self.command.setText("After a pause, this continues it from a terminal too: <tt>" +
                                 spec.command_line(resume=True)
                                 .replace("&", "&amp;").replace("<", "&lt;") + "</tt>")
        self._set_phase("starting")

    def isComplete(self) -> bool:
        if self.phase == "finished":
            return True
        return self.phase in ("paused", "cancelled") and self._has_best()

    def _has_best(self) -> bool:
        d = self.state.run_dir
        return d is not None and (d / f"{runs.BEST_MODEL}.safetensors").exists()

    def validatePage(self) -> bool:
        if self.state.result is None and self.state.run_dir is not None:
            self.state.result = runs.read_json(self.state.run_dir / runs.RESULT_FILE)
        return self.isComplete()

    # --- control ------------------------------------------------------------------------------------

    def pause(self) -> None:
        if self.process is not None and self.phase in ("starting", "running"):
            self.process.pause()
            self._set_phase("pausing")

    def resume(self) -> None:
        if self.phase in ("paused", "cancelled", "failed"):
            self.state.result = None
            self._launch(resume=True)

    def cancel(self) -> None:
        if self.process is None:
            return
        running = self.phase in ("starting", "running", "pausing")
        self.process.cancel()
        self._set_phase("cancelling" if running else "cancelled")

    @property
    def running(self) -> bool:
        return self.phase in ("starting", "running", "pausing", "cancelling")

    # --- events --------------------------------------------------------------------------------------

    def _event(self, ev: dict) -> None:
        kind = ev.get("event")
        live = self.process is not None and ev.get("session") == self.process.session
        if kind == "start":
            prev = ev.get("preview") or {}
            self.preview.set_puzzle(str(ev.get("kind", self.state.kind)), prev.get("puzzle"), prev.get("solution"))
            if live:
                self._set_phase("running")
                n, v, skipped = ev.get("train", 0), ev.get("val", 0), ev.get("skipped", 0)
                k = str(ev.get("kind", self.state.kind))
                held = f"{v:,} test pair{'s' if v != 1 else ''}" if k == "arc" else f"{v:,}"
                self.stats.setText(f"{plural(n, k)} to train on, {held} for validation"
                                   + (f", {skipped:,} entries skipped" if skipped else ""))
        elif kind == "step":
            step = int(ev.get("step", 0))
            self.last_step = max(self.last_step, step)
            self.loss_plot.append("loss", step, ev.get("loss"))
            self.acc_plot.append("cells", step, ev.get("token_accuracy"))
            seconds, eta = float(ev.get("seconds") or 0.0), ev.get("eta_seconds")
            if eta is not None:
                total = seconds + float(eta)
                self.progress.setValue(int(1000 * seconds / total) if total > 0 else 0)
                self.eta.setText(f"{duration(seconds)} trained, about {duration(float(eta))} left")
            if live and self.phase == "running":
                self.status.setText(f"Training: step {step:,}, loss {float(ev.get('loss') or 0):.3f}")
        elif kind == "eval":
            step = int(ev.get("step", 0))
            self.acc_plot.append("val_exact", step, ev.get("exact"))
            self.acc_plot.append("val_cells", step, ev.get("cells"))
            if ev.get("exact") is not None:
                self.best_exact = max(self.best_exact or 0.0, float(ev["exact"]))
            self.preview.set_answer(step, ev.get("answer"))
        elif kind == "done" and not live:
            self.last_step = max(self.last_step, int(ev.get("steps") or 0))

    def _finished(self, ev: dict) -> None:
        self.state.result = {k: v for k, v in ev.items() if k not in ("event", "session", "t")} or None
        cancelled = (self.state.run_dir / runs.CANCELLED_FILE).exists()
        if ev.get("stopped") == "cancelled":
            self._set_phase("cancelled" if cancelled else "paused")
        else:
            self.progress.setValue(1000)
            self._set_phase("finished")

    def _failed(self, message: str) -> None:
        if self.state.run_dir is not None:
            runs.mark(self.state.run_dir, runs.SEEN_FILE)  # shown here: not offered again at start-up
        self._set_phase("failed", message)
        self.ctx.reporter.error("The training failed", message)

    def _set_phase(self, phase: str, message: str = "") -> None:
        assert phase in PHASES
        self.phase = phase
        steps = int((self.state.result or {}).get("steps") or self.last_step)
        step = f" at step {steps:,}" if steps else ""
        text = {
            "idle": "",
            "starting": "Starting the training process…",
            "running": self.status.text() or "Training…",
            "pausing": "Pausing after the current step (the checkpoint is being saved)…",
            "paused": f"Paused{step}: the checkpoint is kept. Resume continues exactly where it stopped.",
            "cancelling": "Cancelling…",
            "cancelled": f"Cancelled{step}." + (" The best model so far can still be compared and saved: "
                                                 "Next." if self._has_best() else ""),
            "finished": f"Finished after {steps:,} steps. Next: compare before and after, and save.",
            "failed": f"The training failed: {message}" if message else "The training failed.",
        }[phase]
        self.status.setText(text)
        self.pause_button.setEnabled(phase in ("starting", "running"))
        self.resume_button.setEnabled(phase in ("paused", "failed") or (phase == "cancelled" and
                                                                        not self._finished_marker()))
        self.cancel_button.setEnabled(phase in ("starting", "running", "pausing", "paused"))
        self.phaseChanged.emit(phase)
        self.completeChanged.emit()

    def _finished_marker(self) -> bool:
        d = self.state.run_dir
        return d is not None and (d / runs.FINISHED_FILE).exists()
