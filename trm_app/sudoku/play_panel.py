"""The play panel beside the Sudoku board: clock, candidates, mistake check, undo, the Hint button in
three levels (the technique and where, then the cells, then the deduction; a further click applies it),
and the network's hint with how its belief grew and its confidence overlay."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from solver.puzzles.sudoku_search import UNITS

from ..play_panel_base import PlayPanelBase
from .belief_plot import BeliefPlot
from .board import BoardHighlight
from .play import PlaySession

HINT_BUTTON = {0: "Hint", 1: "Show the cells", 2: "Explain", 3: "Apply the step"}


def highlight_for(step, level: int) -> BoardHighlight:
    """What the board shows of a step at hint level 1 (its units), 2 (and cells), 3 (and its outcome)."""
    if step is None or level <= 0:
        return BoardHighlight()
    units = tuple(divmod(i, 9) for u in step.units for i in UNITS[u])
    if level == 1:
        return BoardHighlight(units)
    cells = tuple(step.cells)
    if level == 2:
        return BoardHighlight(units, cells)
    return BoardHighlight(units, cells, tuple(step.placements), tuple(step.eliminations))


class PlayPanel(PlayPanelBase):
    highlightChanged = Signal()

    def __init__(self, play: PlaySession, model_info: Callable[[], object], parent: QWidget | None = None):
        super().__init__(parent)
        self.play, self.doc = play, play.doc
        self.model_info = model_info       # the model the solve panel has picked
        self.net = None                    # the network's latest hint (solver.network_hint.NetworkHint)
        self.net_shown = False             # its cell is highlighted
        self.step = None                   # the hint being shown
        self.level = 0                     # how much of it is shown (0: none)
        self._applying = False
        self._asking = False
        self._preloaded = False

        self.auto = QCheckBox("Auto candidates", self)
        self.auto.setToolTip("Fill in every candidate and keep them up to date as you write digits")
        self.auto.toggled.connect(self._auto_toggled)
        self.check = QCheckBox("Show mistakes", self)
        self.check.setToolTip("Digits that do not fit the puzzle's only solution turn red")
        self.check.toggled.connect(self.highlightChanged)
        self.fill = self._button("Fill candidates", "Pencil in every digit the rules still allow, in every empty "
                                 "cell (undoable)", self.doc.fill_marks)
        self.undo = self._button("Undo", "Take back the last move (Ctrl+Z)", self.doc.undo_stack.undo)
        self.restart = self._button("Start again", "Clear your digits and marks (undoable)", self.doc.restart)

        self.hint_button = self._button(HINT_BUTTON[0], "Ask for the next logical step; click again for more",
                                        self.next_level)
        self.hint_title = QLabel(self)
        self.hint_title.setWordWrap(True)
        self.hint_title.setAccessibleName("Hint")
        self.hint_text = QLabel(self)
        self.hint_text.setWordWrap(True)

        self.net_button = self._button("Network's hint", "The empty cell the network is surest of, if its digit is "
                                       "right, and how its belief grew over the refinement", self.ask_network)
        self.net_text = QLabel(self)
        self.net_text.setWordWrap(True)
        self.net_text.setAccessibleName("Network's hint")
        self.belief = BeliefPlot(self)
        self.overlay = QCheckBox("What the network sees", self)
        self.overlay.setToolTip("Tint every empty cell by the network's confidence in it, on your grid as it is")
        self.overlay.toggled.connect(self._overlay_toggled)
        network = QGroupBox("The network", self)
        nl = QVBoxLayout(network)
        nl.addWidget(self.net_button)
        nl.addWidget(self.net_text)
        nl.addWidget(self.belief)
        nl.addWidget(self.overlay)
        self._lay_out([self.auto, self.check], [self.fill, self.undo, self.restart],
                      [self.hint_button, self.hint_title, self.hint_text], [network])

        play.changed.connect(self._sync)
        play.hintReady.connect(self._hint_ready)
        play.failed.connect(self._hint_failed)
        play.networkReady.connect(self._network_ready)
        self.doc.changed.connect(self._board_changed)
        self._sync()

    # --- hints ------------------------------------------------------------------------------------------

    def next_level(self) -> None:
        if self.level == 0:
            self._asking = True
            self.hint_button.setEnabled(False)
            self.hint_title.setText("Looking for the next step…")
            self.play.ask_hint()
        elif self.level < 3:
            self._show(self.level + 1)
        else:
            step, self._applying = self.step, True
            try:
                self.doc.apply_step(step)
            finally:
                self._applying = False
            self.reset_hint()

    def _hint_ready(self, h: object) -> None:
        self._asking = False
        self.hint_button.setEnabled(True)
        step = getattr(h, "step", None)
        if step is None:
            self.reset_hint()
            self.hint_title.setText("Nothing left to do: the grid is solved.")
            return
        self.step = step
        self._show(1)

    def _hint_failed(self, message: str) -> None:
        self.reset_hint()
        self.net_button.setEnabled(True)
        self.hint_title.setText(f"No hint: {message}")

    def _show(self, level: int) -> None:
        self.level = level
        s = self.step
        self.hint_title.setText(f"<b>{s.technique}</b> in {s.region}")
        if level >= 2:
            from solver.puzzles.sudoku_logic import cell

            self.hint_text.setText("Look at " + ", ".join(cell(i) for i in s.cells) + "."
                                   if level == 2 else s.explanation)
        self.hint_button.setText(HINT_BUTTON[level] if s.technique != "Mistake" or level < 3 else "Clear it")
        self.highlightChanged.emit()

    def reset_hint(self) -> None:
        self.play.forget_hint()
        self.step, self.level, self._asking = None, 0, False
        self.hint_button.setEnabled(True)
        self.hint_button.setText(HINT_BUTTON[0])
        self.hint_title.setText("")
        self.hint_text.setText("")
        self.highlightChanged.emit()

    def highlight(self) -> BoardHighlight:
        if self.step is None and self.net_shown and self.net is not None and self.net.cell is not None:
            i = self.net.cell[0] * 9 + self.net.cell[1]
            return BoardHighlight((), (i,), ((i, self.net.digit),))
        return highlight_for(self.step, self.level)

    def overlay_grid(self) -> np.ndarray | None:
        return self.net.confidence_grid if self.overlay.isChecked() and self.net is not None else None

    # --- the network -----------------------------------------------------------------------------------

    def ask_network(self) -> None:
        self.net_shown = True
        self.net_button.setEnabled(False)
        self.net_text.setText("The network is thinking…")
        self.play.ask_network(self.model_info())

    def _network_ready(self, h: object) -> None:
        self.net = h
        self.net_button.setEnabled(True)
        if self.net_shown:
            text = h.sentence()  # type: ignore[attr-defined]
            if h.surest_wrong is not None:  # type: ignore[attr-defined]
                r, c = h.surest_wrong  # type: ignore[attr-defined]
                text += f" It was surer of r{r + 1}c{c + 1}, but wrong there."
            self.net_text.setText(text + f" ({h.seconds:.2f} s)")  # type: ignore[attr-defined]
            self.belief.set_growth(h.growth, h.digit)  # type: ignore[attr-defined]
        self.highlightChanged.emit()

    def _overlay_toggled(self, on: bool) -> None:
        if on:
            self.play.ask_network(self.model_info())
        self.highlightChanged.emit()

    def shown_mistakes(self) -> set[tuple[int, int]]:
        return self.play.mistakes() if self.check.isChecked() else set()

    # --- the rest ---------------------------------------------------------------------------------------

    def _auto_toggled(self, on: bool) -> None:
        self.doc.auto_marks = on
        if on:
            self.doc.fill_marks()

    def _board_changed(self) -> None:
        if self.level and not self._applying:
            self.reset_hint()  # the hint was for the grid before this move
        if self.net_shown:
            self.net_shown = False
            self.net_text.setText("")
        if self.overlay.isChecked() and self.play.active:
            self.play.ask_network(self.model_info())  # the overlay follows the grid
        self.highlightChanged.emit()

    def _sync(self) -> None:
        p = self.play
        if p.active and not self._preloaded:
            self._preloaded = True
            p.preload(self.model_info())  # the first network hint then takes no model loading
        self.clock.setText(p.clock_text())
        if p.is_solved:
            self.verdict.setText(f"Solved in {p.clock_text()}" + (f", with {p.hints} hint{'s' if p.hints != 1 else ''}."
                                                                   if p.hints else ", without a hint."))
        elif p.problem:
            self.verdict.setText(f"No mistake check or hints: {p.problem}")
        else:
            n = int((self.doc.grid() == 0).sum())
            self.verdict.setText(f"{n} cells to go." if p.solution is not None else "Working out the solution…")
        self.check.setEnabled(p.solution is not None)
        self.hint_button.setEnabled(p.solution is not None and not self._asking and not p.is_solved)
        self.net_button.setEnabled(p.solution is not None and not p.is_solved)
