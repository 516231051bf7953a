"""What a game in play mode has whatever the kind: the clock, the library entry its progress is kept
under, the hint count, "solved", a saved game brought back at the start, and the save on every move,
every 15 s and at the stop. A kind's session (maze/play.py, sudoku/play.py) adds its moves and hints."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from solver.puzzles.base import PuzzleError

from .context import AppContext
from .play_clock import PlayClock

T = TypeVar("T")


class PlaySessionBase(QObject):
    changed = Signal()        # the game, the hint or the clock moved
    solved = Signal(float)    # seconds it took

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.active = False
        self.entry_id: int | None = None
        self.hints = 0
        self.is_solved = False
        self.clock = PlayClock(self)
        self.clock.tick.connect(self._tick)

    # --- for the kind's session ---------------------------------------------------------------------------

    def _state(self) -> str:
        """The game as the library keeps it (the kind's encode)."""
        raise NotImplementedError

    def _stopped(self) -> None:
        """The kind's own clean-up when play stops (before `changed`)."""

    def _begin(self, entry_id: int | None) -> None:
        self.active, self.entry_id, self.is_solved = True, entry_id, False
        self.hints = 0
        self.clock.reset()

    def _resume(self, decode: Callable[[str], T], apply: Callable[[T], None], what: str) -> str | None:
        """The saved game of the entry, if any: decoded, applied, with its clock, hints and solved state.
        Returns the note for the person, or None when there was no saved game."""
        saved = self.ctx.library.progress(self.entry_id) if self.entry_id is not None else None
        if saved is None:
            return None
        try:
            state = decode(saved.state)
        except PuzzleError as e:
            return f"The saved game could not be restored ({e}); starting afresh."
        apply(state)
        self.clock.reset(saved.seconds)
        self.hints, self.is_solved = saved.hints, saved.solved
        return f"Welcome back: your {what} is restored ({self.clock.text()} played)."

    def _after_move(self, now_solved: bool) -> None:
        """After a move: saved, and when it solved the puzzle the clock stops and `solved` says so."""
        if now_solved:
            self.clock.halt()
            self.is_solved = True
            self.save()
            self.solved.emit(self.clock.elapsed())
        else:
            self.save()
        self.changed.emit()

    # --- stop and save ------------------------------------------------------------------------------------

    def stop(self) -> None:
        if not self.active:
            return
        self.save()
        self.clock.halt()
        self.active = False
        self._stopped()
        self.changed.emit()

    def abandon(self) -> None:
        """The page now holds another puzzle: end the game without saving over it."""
        if self.active:
            self.entry_id = None
            self.stop()

    def save(self) -> None:
        if self.active and self.entry_id is not None:
            self.ctx.library.save_progress(self.entry_id, self._state(), self.clock.elapsed(), self.hints,
                                           self.is_solved)

    def _tick(self) -> None:
        if int(self.clock.elapsed()) % 15 == 0:
            self.save()  # the time played survives a crash, give or take 15 s
        self.changed.emit()
