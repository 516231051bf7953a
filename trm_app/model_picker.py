"""Choose the model for a kind: bundled and user models from the engine's registry, another model file,
or none (the exact search; ARC has none, which the note says plainly)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

from solver.checkpoint import ModelFileError, ModelInfo, list_models, read_info

from .errors import ErrorReporter
from .settings import Settings

SEARCH = "search"


class ModelPicker(QWidget):
    modelChanged = Signal()

    def __init__(self, kind: str, settings: Settings, reporter: ErrorReporter, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind, self.settings, self.reporter = kind, settings, reporter
        self._extra: list[ModelInfo] = []   # files picked by hand this session
        self.combo = QComboBox(self)
        self.combo.setToolTip("The network that solves: bundled models first, then yours "
                              "(from the user models folder)")
        self.combo.setAccessibleName("Model")
        self.combo.currentIndexChanged.connect(self._picked)
        refresh = QToolButton(self)
        refresh.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        refresh.setToolTip("Look for models again (a model that finished training appears here)")
        refresh.clicked.connect(self.refresh)
        browse = QToolButton(self)
        browse.setText("…")
        browse.setToolTip("Use a model file (.safetensors with its .json)")
        browse.clicked.connect(self._browse)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Model:", self))
        row.addWidget(self.combo, 1)
        row.addWidget(refresh)
        row.addWidget(browse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.settings.model_for(self.kind)
        models = list_models(self.kind)
        known = {str(m.path) for m in models}
        models += [m for m in self._extra if str(m.path) not in known]
        self.combo.blockSignals(True)
        self.combo.clear()
        for m in models:
            where = "bundled" if m.bundled else "user"
            self.combo.addItem(f"{m.name} ({where})", str(m.path))
        no_model = "exact search, no network" if self.kind != "arc" else "no model"
        self.combo.addItem(no_model, SEARCH)
        index = self.combo.findData(wanted) if wanted else -1
        self.combo.setCurrentIndex(index if index >= 0 else 0)
        self.combo.blockSignals(False)
        self._models = {str(m.path): m for m in models}
        self._update_note()

    def _picked(self, _i: int) -> None:
        self.settings.set_model_for(self.kind, str(self.combo.currentData() or ""))
        self._update_note()
        self.modelChanged.emit()

    def _update_note(self) -> None:
        if not self._models:
            text = (f"No trained {self.kind} model was found, so Solve uses the exact search."
                    if self.kind != "arc" else
                    "No trained ARC model was found, and ARC has no exact search: Solve can only say "
                    "so. Train an ARC model, or pick a model file (…).")
        elif self.selected_info() is None:
            text = "Solve uses the exact search only." if self.kind != "arc" else "Pick a model to solve."
        else:
            info = self.selected_info()
            acc = info.meta.get("accuracy") if info else None
            text = f"Accuracy when trained: {acc}" if isinstance(acc, (int, float, str)) else ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def selected_info(self) -> ModelInfo | None:
        data = self.combo.currentData()
        return self._models.get(data) if isinstance(data, str) and data != SEARCH else None

    def has_models(self) -> bool:
        return bool(self._models)

    def select_path(self, path: str | Path) -> None:
        """Use a model file (also for tests and the command line)."""
        info = read_info(path)
        if info.kind != self.kind:
            raise ModelFileError(f"{info.path}: a {info.kind} model cannot solve {self.kind} puzzles")
        self._extra.append(info)
        self.settings.set_model_for(self.kind, str(info.path))
        self.refresh()

    def select_search(self) -> None:
        self.combo.setCurrentIndex(self.combo.findData(SEARCH))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"Choose a {self.kind} model", self.settings.last_dir(),
                                              "Model files (*.safetensors)")
        if path:
            try:
                self.select_path(path)
            except ModelFileError as e:
                self.reporter.exception("Cannot use this model", e)
