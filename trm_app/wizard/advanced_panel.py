"""The advanced settings: learning rate, batch, steps, EMA, evaluation interval, and the recursion
(T, n: from scratch only, a fine-tuned model keeps its shape; N_sup may change). Unticked, the preset's
values apply; ticked, every value that differs from them becomes a `trm train` flag."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QSpinBox, QWidget

from training.cli import Overrides


@dataclass(frozen=True)
class Defaults:
    """What the preset and the model give when nothing is overridden."""
    lr: float
    batch_size: int
    ema_decay: float
    eval_every: int
    T: int
    n: int
    N_sup: int
    scratch: bool


def _spin(parent: QWidget, lo: int, hi: int, tip: str) -> QSpinBox:
    s = QSpinBox(parent)
    s.setRange(lo, hi)
    s.setToolTip(tip)
    s.setAccelerated(True)
    return s


class AdvancedPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Advanced settings (unticked: the preset's)", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.defaults: Defaults | None = None
        self.lr = QDoubleSpinBox(self)
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 1.0)
        self.lr.setSingleStep(1e-4)
        self.lr.setToolTip("Peak learning rate (after the warm-up). Fine-tuning uses a smaller one.")
        self.batch = _spin(self, 1, 4096, "Samples per optimizer step; larger is smoother and slower per step")
        self.steps = _spin(self, 0, 100_000_000, "Stop after this many optimizer steps (0: the time budget alone)")
        self.steps.setSpecialValueText("no limit (the time budget)")
        self.ema = QDoubleSpinBox(self)
        self.ema.setDecimals(5)
        self.ema.setRange(0.0, 0.99999)
        self.ema.setSingleStep(0.0005)
        self.ema.setToolTip("Decay of the weights' moving average, which is what gets saved")
        self.eval_every = _spin(self, 1, 10_000_000, "Measure validation accuracy every N steps")
        self.T = _spin(self, 1, 64, "Answer updates per supervision step")
        self.n = _spin(self, 1, 64, "Latent updates per answer update")
        self.N_sup = _spin(self, 1, 64, "Supervision steps: the most refinement steps the model takes")
        for w in (self.lr, self.batch, self.steps, self.ema, self.eval_every, self.T, self.n, self.N_sup):
            w.setMinimumWidth(180)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        left.addRow("Learning rate:", self.lr)
        left.addRow("Batch size:", self.batch)
        left.addRow("Steps:", self.steps)
        left.addRow("EMA decay:", self.ema)
        right.addRow("Validate every (steps):", self.eval_every)
        right.addRow("T (answer updates):", self.T)
        right.addRow("n (latent updates):", self.n)
        right.addRow("N_sup (supervision steps):", self.N_sup)
        row = QHBoxLayout(self)
        row.addLayout(left)
        row.addSpacing(24)
        row.addLayout(right)
        row.addStretch(1)
        for w in (self.lr, self.ema):
            w.valueChanged.connect(lambda _v: self.changed.emit())
        for w in (self.batch, self.steps, self.eval_every, self.T, self.n, self.N_sup):
            w.valueChanged.connect(lambda _v: self.changed.emit())
        self.toggled.connect(self._toggled)

    def set_defaults(self, d: Defaults) -> None:
        """Show the preset's values (unless the person changed them already)."""
        old, self.defaults = self.defaults, d
        widgets = {"lr": self.lr, "batch_size": self.batch, "ema_decay": self.ema, "eval_every": self.eval_every,
                   "T": self.T, "n": self.n, "N_sup": self.N_sup}
        for name, w in widgets.items():
            w.blockSignals(True)
            if old is None or not self.isChecked() or w.value() == getattr(old, name):
                w.setValue(getattr(d, name))
            w.blockSignals(False)
        shape_tip = ("Answer and latent updates per step" if d.scratch else
                     "A fine-tuned model keeps its shape: T and n are the base model's")
        for w in (self.T, self.n):
            w.setToolTip(shape_tip)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        scratch = self.defaults is not None and self.defaults.scratch
        for w in (self.T, self.n):
            w.setEnabled(self.isChecked() and scratch)

    def _toggled(self, _on: bool) -> None:
        self._sync_enabled()
        self.changed.emit()

    def batch_size(self) -> int:
        return self.batch.value() if self.isChecked() or self.defaults is None else self.defaults.batch_size

    def overrides(self, augment: bool) -> Overrides:
        d = self.defaults
        if not self.isChecked() or d is None:
            return Overrides(augment=augment)

        def differs(value, default):
            return value if value != default else None

        return Overrides(
            lr=differs(round(self.lr.value(), 6), round(d.lr, 6)),
            max_steps=self.steps.value() or None,
            ema_decay=differs(round(self.ema.value(), 5), round(d.ema_decay, 5)),
            augment=augment,
            eval_every=differs(self.eval_every.value(), d.eval_every),
            T=differs(self.T.value(), d.T) if d.scratch else None,
            n=differs(self.n.value(), d.n) if d.scratch else None,
            N_sup=differs(self.N_sup.value(), d.N_sup))
