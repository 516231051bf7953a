"""Page 5, the result: validation accuracy before (the base model) and after (the best weights of this run),
side by side, the network alone; then save it as a named model (atomic: both files or none), make it the
active model of its kind, or export the model file anywhere."""
from __future__ import annotations

import re
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWizard, QWizardPage)

from solver.checkpoint import user_models_dir
from training import runs

from ..context import AppContext
from ..errors import describe
from .accuracy_column import AccuracyColumn
from .words import plural
from .words import duration
from .state import WizardState

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,79}$")


def verdict(before: dict | None, after: dict | None) -> str:
    """One sentence on whether the run helped (exact first, then cells), or "" without both numbers."""
    if not before or not after:
        return ""
    def key(a: dict) -> tuple[float, float]:
        return round(float(a.get("exact") or 0), 4), round(float(a.get("cells") or 0), 4)

    if key(after) > key(before):
        return " <b>Better than before</b> on these puzzles."
    if key(after) == key(before):
        return " <b>The same as before</b> on these puzzles."
    return (" <b>Not better than before</b> on these puzzles: keep using the base model, or train longer or "
            "on more puzzles.")


class ResultPage(QWizardPage):
    modelSaved = Signal(str, str)       # kind, path of the new user model
    modelActivated = Signal(str, str)   # kind, path now active for that kind

    def __init__(self, ctx: AppContext, state: WizardState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle("Before and after")
        self.setSubTitle("Accuracy on the validation puzzles (never trained on), the network alone: no search "
                         "repairs its answers here.")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        self.setFinalPage(True)
        self.before = AccuracyColumn("Before", self)
        self.after = AccuracyColumn("After", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.name = QLineEdit(self)
        self.name.setAccessibleName("Model name")
        self.name.setToolTip("Letters, digits, spaces, '.', '_' and '-'; it becomes the file name")
        self.save_button = QPushButton("&Save as a named model", self)
        self.save_button.clicked.connect(self.save)
        self.activate_button = QPushButton("Make it the &active model", self)
        self.activate_button.setEnabled(False)
        self.activate_button.clicked.connect(self.make_active)
        self.export_button = QPushButton("&Export the model file…", self)
        self.export_button.setToolTip("Copy the model (.safetensors and its .json description) anywhere")
        self.export_button.clicked.connect(self._export_dialog)
        self.save_status = QLabel(self)
        self.save_status.setWordWrap(True)
        self.save_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        cols = QHBoxLayout()
        cols.addWidget(self.before)
        cols.addWidget(self.after)
        save_box = QGroupBox("Keep the model", self)
        g = QGridLayout(save_box)
        g.addWidget(QLabel("Name:", save_box), 0, 0)
        g.addWidget(self.name, 0, 1)
        g.addWidget(self.save_button, 0, 2)
        row = QHBoxLayout()
        row.addWidget(self.activate_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        g.addLayout(row, 1, 0, 1, 3)
        g.addWidget(self.save_status, 2, 0, 1, 3)
        g.setColumnStretch(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(cols)
        lay.addWidget(self.summary)
        lay.addWidget(save_box)
        lay.addStretch(1)

    # --- the page's life ----------------------------------------------------------------------------

    @property
    def best_model(self) -> Path | None:
        d = self.state.run_dir
        p = d / f"{runs.BEST_MODEL}.safetensors" if d is not None else None
        return p if p is not None and p.exists() else None

    def initializePage(self) -> None:
        s = self.state
        if s.result is None and s.run_dir is not None:
            s.result = runs.read_json(s.run_dir / runs.RESULT_FILE)
        r = s.result or {}
        base = r.get("base") or (s.base.name if s.base else "")
        self.before.setTitle(f"Before: {base}" if base else "Before")
        self.before.set_accuracy(r.get("before"), s.kind, "a new model starts from nothing" if not base else
                         "no validation puzzles to measure")
        self.after.setTitle("After: this run")
        self.after.set_accuracy(r.get("after"), s.kind, "no model was kept (no validation ran)")
        stopped = {"finished": "Finished", "time": "Used its time budget", "cancelled": "Stopped early"}.get(
            str(r.get("stopped")), "Ended")
        steps, seconds = int(r.get("steps") or 0), float(r.get("seconds") or 0.0)
        self.summary.setText(f"{stopped} after {steps:,} training steps ({duration(seconds)}), on "
                             f"{plural(int(r.get('train') or 0), s.kind)}. The kept weights are the best "
                             "validation result of the run (its moving average)."
                             + verdict(r.get("before"), r.get("after")))
        if not self.name.text():
            stem = re.sub(r"[^A-Za-z0-9._ -]", "-", base or s.kind)
            self.name.setText(f"{stem}-mine-{time.strftime('%Y%m%d-%H%M')}")
        has = self.best_model is not None
        self.save_button.setEnabled(has)
        self.export_button.setEnabled(has)
        if not has:
            self.save_status.setText("This run kept no model to save.")
        if s.run_dir is not None and s.run_dir.is_dir():
            runs.mark(s.run_dir, runs.SEEN_FILE)  # shown: not offered again at start-up

    # --- keeping the model ----------------------------------------------------------------------------

    def _meta(self) -> dict:
        r, s = self.state.result or {}, self.state
        after = r.get("after") or {}
        meta = {"trained_from": r.get("base") or "scratch", "trained_with": s.spec.command_line() if s.spec else "",
                "validation_before": r.get("before"), "validation_after": r.get("after")}
        if after.get("exact") is not None:
            meta["accuracy"] = (f"{100 * after['exact']:.1f}% exact on {plural(int(after.get('n', 0)), s.kind)} "
                                "held out (network alone)")
        return meta

    def save(self) -> Path | None:
        src = self.best_model
        name = self.name.text().strip()
        if src is None:
            return None
        if not NAME_RE.match(name):
            self._say("Choose a name of letters, digits, spaces, '.', '_' or '-' (starting with a letter or "
                      "digit).", error=True)
            return None
        dest = user_models_dir() / f"{name}.safetensors"
        if dest.exists() or dest.with_suffix(".json").exists():
            self._say(f"A model named {name!r} exists already ({dest}); choose another name.", error=True)
            return None
        try:
            path = runs.copy_model(src, dest, {**self._meta(), "name": name})
        except OSError as e:
            self._say(f"Cannot save the model: {describe(e)}. Nothing was written; free some space or fix the "
                      "folder's permissions, then save again.", error=True)
            return None
        self.state.saved_model = path
        self._say(f"Saved as {name!r} in {path.parent}. It is in every model list now.")
        self.activate_button.setEnabled(True)
        self.modelSaved.emit(self.state.kind, str(path))
        return path

    def make_active(self) -> None:
        path = self.state.saved_model
        if path is None:
            return
        self.ctx.settings.set_model_for(self.state.kind, str(path))
        self._say(f"{path.stem!r} is now the active {self.state.kind} model: Solve uses it.")
        self.modelActivated.emit(self.state.kind, str(path))

    def _export_dialog(self) -> None:
        start = str(Path(self.ctx.settings.last_dir()) / f"{self.name.text().strip() or 'model'}.safetensors")
        path, _ = QFileDialog.getSaveFileName(self, "Export the model", start, "Model files (*.safetensors)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        src = self.best_model
        if src is None:
            return None
        try:
            out = runs.copy_model(src, path, self._meta())
        except OSError as e:
            self._say(f"Cannot export the model: {describe(e)}. Nothing was written.", error=True)
            return None
        self._say(f"Exported {out.name} and {out.with_suffix('.json').name} to {out.parent}.")
        return out

    def _say(self, text: str, error: bool = False) -> None:
        self.save_status.setText(text)
        if error:
            self.ctx.reporter.error("The model was not saved", text)
        else:
            self.ctx.reporter.note(text)
