"""Page 3, the settings: a preset (quick / standard / thorough) with what its time buys on this machine
(a short calibration run of the actual model in a worker), augmentation, the advanced panel, and the
equivalent `trm train` command line. Committing writes the run's settings and starts the training."""
from __future__ import annotations

import torch
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QRadioButton, QScrollArea, QVBoxLayout, QWidget, QWizard,
                               QWizardPage)

from solver.checkpoint import load_model
from solver.cli import CliError
from solver.puzzles import get_kind
from training import runs
from training.calibrate import Calibration, estimate
from training.calibrate import calibrate as run_calibration
from training.cli import PRESETS, default_model_config
from training.config import TrainConfig
from training.runs import RunOptions, RunSpec

from ..context import AppContext
from ..errors import describe
from ..workers import Job
from .advanced_panel import AdvancedPanel, Defaults
from .command_line import CommandLineView
from .state import WizardState
from .words import AUGMENT_WORDS, duration

PRESET_WORDS = {"quick": "Quick", "standard": "Standard", "thorough": "Thorough"}
CALIBRATION_STEPS = 3


def device() -> str:
    """What `trm train --device auto` picks, so the calibration measures the same hardware."""
    return "cuda" if torch.cuda.is_available() else "cpu"


class SettingsPage(QWizardPage):
    def __init__(self, ctx: AppContext, state: WizardState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle("How long, and how")
        self.setSubTitle("A preset sets the time budget; the estimates come from a short measurement of this "
                         "model on this computer.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Start &training")
        self.calibration: Calibration | None = None
        self._cal_key: tuple | None = None
        self._job: Job | None = None
        self._generation = 0

        self.preset_group = QButtonGroup(self)
        presets = QGroupBox("Preset", self)
        grid = QGridLayout(presets)
        self.preset_buttons: dict[str, QRadioButton] = {}
        self.estimate_labels: dict[str, QLabel] = {}
        for r, (name, p) in enumerate(PRESETS.items()):
            b = QRadioButton(PRESET_WORDS.get(name, name), presets)
            self.preset_group.addButton(b, r)
            self.preset_buttons[name] = b
            grid.addWidget(b, r, 0)
            grid.addWidget(QLabel(f"{duration(p.minutes * 60)} budget", presets), r, 1)
            est = QLabel("…", presets)
            self.estimate_labels[name] = est
            grid.addWidget(est, r, 2)
        grid.setColumnStretch(2, 1)
        self.preset_buttons["quick"].setChecked(True)
        self.preset_group.idToggled.connect(lambda _i, on: on and self._update())
        self.calibration_label = QLabel(presets)
        self.calibration_label.setWordWrap(True)
        self.measure_button = QPushButton("&Measure again", presets)
        self.measure_button.clicked.connect(lambda: self.calibrate(force=True))
        row = QHBoxLayout()
        row.addWidget(self.calibration_label, 1)
        row.addWidget(self.measure_button)
        grid.addLayout(row, len(PRESETS), 0, 1, 3)

        self.augment = QCheckBox(self)  # its words depend on the kind (initializePage)
        self.augment.setChecked(True)
        self.augment.toggled.connect(lambda _on: self._update())
        self.advanced = AdvancedPanel(self)
        self.advanced.changed.connect(self._advanced_changed)

        self.command = CommandLineView(self)
        cmd_box = QGroupBox("The same from a terminal", self)
        cl = QVBoxLayout(cmd_box)
        cl.addWidget(self.command)

        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(presets)
        lay.addWidget(self.augment)
        lay.addWidget(self.advanced)
        lay.addWidget(cmd_box)
        lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._recalibrate = QTimer(self)
        self._recalibrate.setSingleShot(True)
        self._recalibrate.setInterval(600)  # the batch or the shape settled: measure again
        self._recalibrate.timeout.connect(self.calibrate)

    # --- the run's options ----------------------------------------------------------------------------

    def preset(self) -> str:
        return next(n for n, b in self.preset_buttons.items() if b.isChecked())

    def options(self, preset: str | None = None) -> RunOptions:
        s = self.state
        assert s.run_dir is not None
        return RunOptions(kind=s.kind, data=tuple(s.data_paths), base=s.base_arg, out=str(s.run_dir),
                          preset=preset or self.preset(), batch_size=self.advanced.batch_size(),
                          overrides=self.advanced.overrides(self.augment.isChecked()))

    def train_config(self, preset: str | None = None) -> TrainConfig:
        base_cfg = self.state.base.config if self.state.base is not None else None
        return self.options(preset).train_config(base_cfg, device())

    def _defaults(self) -> Defaults:
        p = PRESETS[self.preset()]
        base = self.state.base
        model = base.config if base is not None else default_model_config(self.state.kind)
        return Defaults(lr=p.lr_finetune if base is not None else p.lr_scratch, batch_size=32,
                        ema_decay=TrainConfig.ema_decay, eval_every=p.eval_every, T=model.T, n=model.n,
                        N_sup=model.N_sup, scratch=base is None)

    # --- the page's life ----------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.augment.setText(f"&Augment: train on symmetric copies too ({AUGMENT_WORDS[self.state.kind]}); "
                             "recommended")
        self.advanced.set_defaults(self._defaults())
        self._update()
        self.calibrate()

    def cleanupPage(self) -> None:
        self._stop_measuring()

    def isComplete(self) -> bool:
        return self.state.summary is not None and bool(self.state.summary.train)

    def validatePage(self) -> bool:
        """Write the run's settings: from here the run folder describes the run, whoever starts it."""
        s = self.state
        try:
            cfg = self.train_config()  # the command's own checks (e.g. T and n when fine-tuning)
            argv = self.options().argv()
            base_name = s.base.name if s.base is not None else ""
            title = (f"Fine-tune {base_name}" if s.base is not None else f"New {s.kind} model") + \
                    f" ({PRESET_WORDS.get(self.preset(), self.preset()).lower()}, {cfg.max_minutes:g} min)"
            s.spec = RunSpec(s.kind, tuple(argv), title, base_name)
            runs.write_spec(s.run_dir, s.spec)
        except (OSError, ValueError, CliError) as e:  # e.g. a full disk, or settings the command refuses
            self.ctx.reporter.error("Cannot start the training", str(e) if isinstance(e, CliError)
                                    else describe(e))
            return False
        self._stop_measuring()
        return True

    # --- updates -----------------------------------------------------------------------------------

    def _advanced_changed(self) -> None:
        self._update()
        if self._cal_key is not None and self._key() != self._cal_key:
            self._recalibrate.start()

    def _update(self) -> None:
        if self.state.run_dir is None:
            return
        if self.advanced.defaults is not None:
            self.advanced.set_defaults(self._defaults())  # a preset changes the lr and eval interval
        self.command.set_command(runs.command_line(self.options().argv()))
        self._update_estimates()

    def _update_estimates(self) -> None:
        cal = self.calibration
        has_val = bool(self.state.summary and self.state.summary.val)
        for name, label in self.estimate_labels.items():
            if cal is None or self._key() != self._cal_key:
                label.setText("measuring…" if self._job is not None else "")
                continue
            try:
                e = estimate(cal, self.train_config(name), has_val)
            except (CliError, ValueError):  # an invalid advanced combination: the commit says why
                label.setText("")
                continue
            stop = (f"stops at {e.steps:,} steps, about {duration(e.seconds)}" if e.limited_by == "steps"
                    else f"about {e.steps:,} training steps")
            label.setText(stop + (f", {e.evaluations:,} validations" if e.evaluations else ""))

    # --- calibration --------------------------------------------------------------------------------

    def _key(self) -> tuple:
        """What the speed depends on: the batch and the recursion."""
        try:
            cfg = self.train_config()
        except (CliError, ValueError):  # an invalid combination: nothing to measure
            return ()
        return (cfg.batch_size, cfg.model.T, cfg.model.n, cfg.model.N_sup, cfg.device)

    def _stop_measuring(self) -> None:
        """No calibration runs or is due: leaving the page must not start one beside the training."""
        self._recalibrate.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def calibrate(self, force: bool = False) -> None:
        key = self._key()
        if not key or self.state.summary is None or not self.state.summary.train:
            return
        if not force and key == self._cal_key and self.calibration is not None:
            return
        self._stop_measuring()
        self._generation += 1
        gen = self._generation
        cfg = self.train_config()
        kind = get_kind(self.state.kind)
        train, val = list(self.state.summary.train), list(self.state.summary.val)
        base = self.state.base
        self._cal_key, self.calibration = key, None
        self.calibration_label.setText(f"Measuring the speed on this computer ({CALIBRATION_STEPS} training "
                                       "steps of this model)…")
        self.measure_button.setEnabled(False)

        def work(job: Job):
            model = load_model(base, base.kind)[0] if base is not None else None  # a fresh copy to train
            return run_calibration(cfg, kind, train, val, model, CALIBRATION_STEPS, should_stop=job.cancelled)

        self._job = self.ctx.workers.submit(work, lambda r, g=gen: self._calibrated(g, r),
                                            lambda m, g=gen: self._failed(g, m), label="calibration")
        self._update_estimates()

    def _calibrated(self, gen: int, cal: object) -> None:
        if gen != self._generation or not isinstance(cal, Calibration):
            return
        self._job = None
        self.calibration = cal
        self.measure_button.setEnabled(True)
        where = "the GPU" if cal.device == "cuda" else "this computer's CPU"
        self.calibration_label.setText(
            f"Measured on {where}: {cal.step_seconds * 1000:.0f} ms per training step (batch "
            f"{cal.batch_size}), {duration(cal.eval_seconds)} per validation. Estimates are approximate; the "
            "budget is kept either way.")
        self._update_estimates()

    def _failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return
        self._job = None
        self.measure_button.setEnabled(True)
        self.calibration_label.setText("The speed could not be measured: " + message)
        self.ctx.reporter.error("Cannot measure the training speed", message)
