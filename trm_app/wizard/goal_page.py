"""Page 1, the goal: fine-tune a bundled or user model, train a new one from scratch, or adapt to one ARC
task. What the engine cannot train yet is shown disabled, with the engine's reason."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout,
                               QWizardPage)

from solver.checkpoint import ModelInfo, list_models
from solver.puzzles import KIND_NAMES
from training.cli import UNAVAILABLE_KINDS

from ..context import AppContext
from .state import WizardState

KIND_LABELS = {"sudoku": "Sudoku", "sudoku-x": "Sudoku X (diagonal)", "maze": "Maze", "arc": "ARC"}


class GoalPage(QWizardPage):
    def __init__(self, ctx: AppContext, state: WizardState, initial_kind: str, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle("What do you want to train?")
        self.setSubTitle("Training runs on this computer, offline, in a process of its own: the app stays "
                         "usable and a crash cannot take it down.")
        self.models: list[ModelInfo] = [m for m in list_models() if m.kind not in UNAVAILABLE_KINDS]

        self.finetune = QRadioButton("&Fine-tune a model on your puzzles", self)
        self.model_combo = QComboBox(self)
        self.model_combo.setAccessibleName("Model to fine-tune")
        for m in self.models:
            where = "bundled" if m.bundled else "yours"
            self.model_combo.addItem(f"{m.name}  ({KIND_LABELS.get(m.kind, m.kind)}, {where})", str(m.path))
        self.finetune_note = QLabel(self)
        self.finetune_note.setWordWrap(True)

        self.scratch = QRadioButton("Train a &new model from scratch", self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Puzzle kind")
        for k in KIND_NAMES:
            self.kind_combo.addItem(KIND_LABELS[k], k)
            if k in UNAVAILABLE_KINDS:
                item = self.kind_combo.model().item(self.kind_combo.count() - 1)
                item.setEnabled(False)
                item.setToolTip(f"Not available: {UNAVAILABLE_KINDS[k]}")

        self.arc_task = QRadioButton("&Adapt to a single ARC task", self)
        self.arc_note = QLabel(self)
        self.arc_note.setWordWrap(True)
        arc_reason = UNAVAILABLE_KINDS.get("arc")
        if arc_reason or self.arc_model() is None:
            self.arc_task.setEnabled(False)
            self.arc_note.setText(f"Not available in this version: {arc_reason}." if arc_reason else
                                  "No ARC model is installed to adapt.")
            self.arc_note.setEnabled(False)
        else:
            self.arc_note.setText(f"The ARC model “{self.arc_model().name}” learns one task from its "
                                  "demonstration pairs, under rotations, reflections and recolourings; the test pair measures it "
                                  "when the file gives its answer. The saved model then solves that task "
                                  "without adapting again.")

        self.group = QButtonGroup(self)
        for i, b in enumerate((self.finetune, self.scratch, self.arc_task)):
            self.group.addButton(b, i)
        if not self.models:
            self.finetune.setEnabled(False)
            self.model_combo.setEnabled(False)
            self.finetune_note.setText("No trainable model is installed yet: train one from scratch first.")
        else:
            self.finetune_note.setText("It keeps its shape and learns from your puzzles; the Result page "
                                       "compares its accuracy before and after.")

        for combo in (self.model_combo, self.kind_combo):
            combo.setMinimumContentsLength(28)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        lay = QVBoxLayout(self)
        lay.addWidget(self.finetune)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setContentsMargins(24, 0, 0, 8)
        form.addRow("Model:", self.model_combo)
        form.addRow(self.finetune_note)
        lay.addLayout(form)
        lay.addWidget(self.scratch)
        form2 = QFormLayout()
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form2.setContentsMargins(24, 0, 0, 8)
        form2.addRow("Puzzle kind:", self.kind_combo)
        lay.addLayout(form2)
        lay.addWidget(self.arc_task)
        form3 = QFormLayout()
        form3.setContentsMargins(24, 0, 0, 0)
        form3.addRow(self.arc_note)
        lay.addLayout(form3)
        lay.addStretch(1)

        self._preselect(initial_kind)
        self.group.idToggled.connect(self._sync)
        self.model_combo.currentIndexChanged.connect(self._sync)
        self.kind_combo.currentIndexChanged.connect(self._sync)
        self._sync()

    def _preselect(self, kind: str) -> None:
        """The active model of the current tab's kind, else any model of that kind, else from scratch."""
        wanted = self.ctx.settings.model_for(kind)
        index = self.model_combo.findData(wanted) if wanted else -1
        if index < 0:
            index = next((i for i, m in enumerate(self.models) if m.kind == kind), -1)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
            self.finetune.setChecked(True)
        else:
            self.scratch.setChecked(True)
        k = self.kind_combo.findData(kind if kind not in UNAVAILABLE_KINDS else "sudoku")
        self.kind_combo.setCurrentIndex(max(k, 0))

    def arc_model(self) -> ModelInfo | None:
        """The ARC model to adapt: the active one, else the first installed (the bundled one)."""
        arc = [m for m in self.models if m.kind == "arc"]
        wanted = self.ctx.settings.model_for("arc")
        return next((m for m in arc if str(m.path) == wanted), arc[0] if arc else None)

    def selected_model(self) -> ModelInfo | None:
        i = self.model_combo.currentIndex()
        return self.models[i] if self.finetune.isChecked() and 0 <= i < len(self.models) else None

    def _sync(self, *_args) -> None:
        self.model_combo.setEnabled(self.finetune.isChecked())
        self.kind_combo.setEnabled(self.scratch.isChecked())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.finetune.isChecked():
            return self.selected_model() is not None
        if self.arc_task.isChecked():
            return self.arc_model() is not None
        return self.scratch.isChecked() and self.kind_combo.currentData() not in UNAVAILABLE_KINDS

    def validatePage(self) -> bool:
        s = self.state
        if self.finetune.isChecked():
            s.goal, s.base = "finetune", self.selected_model()
            s.kind = s.base.kind
        elif self.arc_task.isChecked():
            s.goal, s.base, s.kind = "arc_task", self.arc_model(), "arc"
        else:
            s.goal, s.base, s.kind = "scratch", None, str(self.kind_combo.currentData())
        return True
