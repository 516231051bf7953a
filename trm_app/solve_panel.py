"""The solve controls beside a board: model, Solve / Cancel, the step, the halting plot, the player,
the verdict in words, and where the search changed the network's answer."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from solver.puzzles.base import cell_name

from .errors import ErrorReporter
from .halt_plot import HaltPlot
from .model_picker import ModelPicker
from .settings import Settings
from .solve_session import SolveOutcome, SolveSession
from .step_player import StepPlayer

LEGEND = {
    "sudoku": "Blue digits: the network's answer; the deeper the cell's tint, the surer it is. "
              "Orange dot: changed since the previous update. Red box: the search changed it.",
    "maze": "Yellow: the network's path (stronger = surer). Orange dot: changed since the previous "
            "update. Red box: where the final path differs from the network's.",
    "arc": "The output as the network writes it; pale cells are unsure. Orange dot: changed since the "
           "previous update. Red box: differs from the network's answer.",
}


def _diff_text(frame_diff: np.ndarray | None) -> str:
    if frame_diff is None or not frame_diff.any():
        return ""
    cells = [cell_name(int(r), int(c)) for r, c in np.argwhere(frame_diff)]
    shown = ", ".join(cells[:12]) + (f" and {len(cells) - 12} more" if len(cells) > 12 else "")
    return f"The final answer differs from the network's in {len(cells)} cells: {shown}."


class SolvePanel(QWidget):
    solveRequested = Signal()

    def __init__(self, session: SolveSession, settings: Settings, reporter: ErrorReporter,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.models = ModelPicker(session.kind, settings, reporter, self)
        self.solve_button = QPushButton("Solve", self)
        self.solve_button.setToolTip("Solve with the chosen model, animating every step (F5)")
        self.solve_button.setDefault(True)
        self.solve_button.clicked.connect(self.solveRequested)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop the solve after the current step (Esc)")
        self.cancel_button.clicked.connect(session.cancel)
        self.step_label = QLabel(self)
        self.step_label.setAccessibleName("Step")
        self.plot = HaltPlot(session, self)
        self.player = StepPlayer(session, self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAccessibleName("Verdict")
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_diff = QCheckBox("Mark cells the search changed", self)
        self.show_diff.setChecked(True)
        self.show_diff.setToolTip("On the final answer, outline the cells where it differs from the "
                                  "network's own answer")
        self.show_diff.toggled.connect(session.set_show_diff)
        legend = QLabel(LEGEND[session.kind], self)
        legend.setWordWrap(True)
        legend.setEnabled(False)  # drawn muted: help text, not state

        buttons = QHBoxLayout()
        buttons.addWidget(self.solve_button, 1)
        buttons.addWidget(self.cancel_button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.models)
        lay.addLayout(buttons)
        lay.addWidget(line)
        lay.addWidget(self.step_label)
        lay.addWidget(self.plot)
        lay.addWidget(self.player)
        lay.addWidget(self.verdict)
        lay.addWidget(self.details)
        lay.addWidget(self.show_diff)
        lay.addStretch(1)
        lay.addWidget(legend)
        self.setMinimumWidth(280)

        session.started.connect(self._sync)
        session.finished.connect(self._sync)
        session.failed.connect(self._sync)
        session.cleared.connect(self._sync)
        session.frameChanged.connect(self._sync_step)
        session.adaptChanged.connect(self._sync_adapt)
        session.loadingChanged.connect(self._sync)
        self._sync()

    def showEvent(self, e) -> None:  # noqa: ANN001 - Qt override
        super().showEvent(e)
        if not self.session.running:
            self.models.refresh()  # a model that finished training meanwhile shows up

    def _sync(self, *_args: object) -> None:
        s = self.session
        self.solve_button.setEnabled(not s.running)
        self.cancel_button.setEnabled(s.running)
        outcome: SolveOutcome | None = s.outcome
        if s.running and s.loading:
            self.verdict.setText("Loading the model…")
            self.details.setText("The network and its libraries load once, on the first solve; "
                                 "the solve starts as soon as they are in.")
        elif s.running:
            self.verdict.setText("Solving…")
            self.details.setText("")
        elif s.error:
            self.verdict.setText("The solve failed.")
            self.details.setText(s.error)
        elif outcome is not None:
            r = outcome.result
            self.verdict.setText(outcome.describe()[:1].upper() + outcome.describe()[1:] + ".")
            if r.programs and not r.steps:
                parts = [f"Took {r.seconds:.2f} s: the program search answered, without the network."]
            elif outcome.model_name:
                parts = [f"Took {r.seconds:.2f} s: {r.steps} supervision steps of model {outcome.model_name}."]
            else:
                parts = [f"Took {r.seconds:.2f} s, no network."]
            if r.adapt_steps:
                parts.append(f"It first adapted to this task for {r.adapt_seconds:.0f} s "
                             f"({r.adapt_steps} steps on the demonstrations).")
            elif r.known_task:
                parts.append("The model was trained on this task, so it did not need to adapt first.")
            if r.program is not None:
                parts.append(f"Program: {r.program}.")
            if len(r.attempts) > 1 and r.programs:
                parts.append(f"Shown: attempt {r.answer_index + 1} of {len(r.attempts)} ({r.attempt_source(r.answer_index)}).")
            elif len(r.attempts) > 1:
                parts.append(f"Shown: attempt 1 ({r.attempt_votes[0]} of the votes); attempt 2 had "
                             f"{r.attempt_votes[1]}.")
            summary = r.verdict.summary()
            if not r.verdict.ok and r.verdict.problems and summary not in outcome.describe():
                parts.append("Check: " + summary + ".")
            final = s.frames[-1] if s.frames and s.frames[-1].final else None
            diff = _diff_text(final.diff) if final is not None and outcome.result.network_answer is not None \
                else ""
            if diff:
                parts.append(diff)
            self.details.setText(" ".join(parts))
        else:
            self.verdict.setText("")
            self.details.setText("")
        self._sync_step()

    def _sync_adapt(self) -> None:
        p = self.session.adapting
        if p is not None and self.session.running:
            self.verdict.setText("Adapting to this task…")
            self.details.setText(f"Learning the task from its demonstrations: step {p.step} of {p.steps}{p.limit()}, "
                                 f"{p.demo_accuracy:.0%} of their cells right, {p.seconds:.0f} s so far. "
                                 + (f"Asked each demonstration's input, the network {p.reproduced()}; it stops "
                                    "once it reproduces them all. " if p.demo_exact else "")
                                 + "The network's refinement plays once it is done.")

    def _sync_step(self) -> None:
        f = self.session.frame
        if f is None:
            self.step_label.setText("Press Solve to watch the network refine its answer.")
        elif f.final:
            self.step_label.setText("Final answer")
        else:
            self.step_label.setText(f"{f.label.capitalize()} · halting probability {f.halt_prob:.2f}")
