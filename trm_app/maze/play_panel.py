"""The play panel beside the maze board: the clock, moves so far against the shortest, the dead end the
path ran into, the Hint button (the next few moves of a shortest way, drawn on the board), Undo, Back
and Start again."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from solver.puzzles.maze_play import HINT_MOVES, where

from ..play_panel_base import PlayPanelBase
from .play import MazePlaySession


class MazePlayPanel(PlayPanelBase):
    def __init__(self, play: MazePlaySession, parent: QWidget | None = None):
        super().__init__(parent)
        self.play = play
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Dead end")
        self.undo = self._button("Undo", "Take back the last move or stroke", play.undo)
        self.back = self._button("Back", "One cell back along the path (Backspace)", play.back)
        self.restart = self._button("Start again", "Back to S (undoable)", play.restart)
        self.hint_button = self._button("Hint", f"Show the next {HINT_MOVES} moves of a shortest way from the end "
                                        "of your path", play.ask_hint)
        self.hint_text = QLabel(self)
        self.hint_text.setWordWrap(True)
        self.hint_text.setAccessibleName("Hint")
        self._lay_out([self.warning], [self.undo, self.back, self.restart], [self.hint_button, self.hint_text])
        self.setMinimumWidth(260)
        play.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        p = self.play
        self.clock.setText(p.clock.text())
        best = f"the shortest takes {p.shortest}" if p.shortest is not None else "there is no way through"
        if p.is_solved:
            extra = "the shortest way" if p.moves() == p.shortest else f"{best}"
            self.verdict.setText(f"Solved in {p.clock.text()}: {p.moves()} moves ({extra}).")
        else:
            self.verdict.setText(f"{p.moves()} moves so far; {best}.")
        if p.dead is not None and p.path:
            self.warning.setText(f"<b>Dead end</b> at {where(p.path[-1])}: the goal cannot be reached from here "
                                 f"without going back; back up to {where(p.path[p.dead])}.")
        else:
            self.warning.setText("")
        self.hint_text.setText(p.hint.sentence if p.hint is not None else "")
        ongoing = p.active and not p.is_solved
        self.hint_button.setEnabled(ongoing)
        self.undo.setEnabled(ongoing and bool(p.history))
        self.back.setEnabled(ongoing and len(p.path) > 1)
        self.restart.setEnabled(p.active and len(p.path) > 1)
