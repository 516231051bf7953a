"""The training wizard: goal, data, settings, training, result. A window of its own (not modal): the app
stays usable while a model trains. Opened on a run folder, it continues that run (resume, follow, or
show its result)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from training import runs

from ..context import AppContext
from .data_page import DataPage
from .goal_page import GoalPage
from .result_page import ResultPage
from .settings_page import SettingsPage
from .state import WizardState
from .training_page import TrainingPage

GOAL, DATA, SETTINGS, TRAINING, RESULT = range(5)
CLOSE_CHOICES = ("background", "stop", "stay")


class TrainingWizard(QWizard):
    modelsChanged = Signal(str)   # kind: a model of that kind was saved or made active

    def __init__(self, ctx: AppContext, kind: str = "sudoku", parent: QWidget | None = None,
                 run_dir: Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = WizardState(kind=kind)
        self.setWindowTitle("Train a model")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        # What closing mid-run does, asked by default; tests and headless runs set an answer.
        self.close_policy: Callable[[], str] | None = None

        self.goal_page = GoalPage(ctx, self.state, kind, self)
        self.data_page = DataPage(ctx, self.state, self)
        self.settings_page = SettingsPage(ctx, self.state, self)
        self.training_page = TrainingPage(ctx, self.state, self)
        self.result_page = ResultPage(ctx, self.state, self)
        for pid, page in ((GOAL, self.goal_page), (DATA, self.data_page), (SETTINGS, self.settings_page),
                          (TRAINING, self.training_page), (RESULT, self.result_page)):
            self.setPage(pid, page)
        self.result_page.modelSaved.connect(lambda k, _p: self.modelsChanged.emit(k))
        self.result_page.modelActivated.connect(lambda k, _p: self.modelsChanged.emit(k))
        if run_dir is not None:
            self._open_run(Path(run_dir))
        self.resize(1040, 720)

    def _open_run(self, run_dir: Path) -> None:
        """Continue a run found at start-up: resume or follow it on the Training page, or show its result."""
        spec = runs.read_spec(run_dir)
        s = self.state
        s.kind, s.run_dir, s.spec = spec.kind, run_dir, spec
        finished = runs.run_status(run_dir) == "finished"
        if finished:
            s.result = runs.read_json(run_dir / runs.RESULT_FILE)
        self.setWindowTitle(f"Train a model — {spec.title}")
        self.setStartId(RESULT if finished else TRAINING)

    # --- closing ------------------------------------------------------------------------------------

    def confirm_leave(self) -> bool:
        """Closing while a model trains: keep it training in the background, stop it (the checkpoint is
        kept, the next start offers to resume), or stay. True when the window may close."""
        page = self.training_page
        if page.process is None or not page.process.running:
            return True  # nothing to decide (or decided already: the process is on its own)
        choice = self._ask_close()
        if choice == "background":
            page.process.detach()
            self.ctx.reporter.note("Training goes on in the background; its model is in "
                                   f"{self.state.run_dir}. The next start shows the result.")
            return True
        if choice == "stop":
            page.process.pause()
            page.process.detach()  # it saves its state and ends by itself
            return True
        return False

    def _ask_close(self) -> str:
        if self.close_policy is not None:
            return self.close_policy()
        if not self.ctx.reporter.interactive:
            return "stop"
        box = QMessageBox(QMessageBox.Icon.Question, "A model is training",
                          "The training is still running. Keep it training in the background (it writes its "
                          "model; the next start shows the result), or stop it now (the checkpoint is kept, "
                          "and the next start offers to resume)?", QMessageBox.StandardButton.NoButton, self)
        bg = box.addButton("Keep training in the &background", QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("&Stop (resume later)", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(bg)
        box.exec()  # a decision the close waits for
        return "background" if box.clickedButton() is bg else "stop" if box.clickedButton() is stop else "stay"

    def reject(self) -> None:
        if self.confirm_leave():
            super().reject()

    def done(self, result: int) -> None:
        self.data_page.cleanupPage()
        self.settings_page.cleanupPage()
        if self.state.run_dir is not None and self.state.spec is None:
            runs.forget_unstarted(self.state.run_dir)  # the wizard made it for a run that never started
        super().done(result)
