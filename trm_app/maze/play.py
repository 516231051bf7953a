"""Play mode for the maze page, without widgets: the person's path (solver.puzzles.maze_play), its undo
history, the dead end it runs into, the hint, the clock, "solved", and the game kept in the library.
The board feeds it cells and arrow keys; the play panel and the board show what it says."""
from __future__ import annotations

from PySide6.QtCore import QObject

from solver.puzzles import maze_play

from ..context import AppContext
from ..play_session import PlaySessionBase
from .document import MazeDocument


class MazePlaySession(PlaySessionBase):
    """`changed`: the path, the dead end, the hint or the clock moved; `solved`: the seconds it took."""

    def __init__(self, ctx: AppContext, doc: MazeDocument, parent: QObject | None = None):
        super().__init__(ctx, parent)
        self.doc = doc
        self.grid = doc.grid.copy()
        self.path: maze_play.Path = ()
        self.history: list[maze_play.Path] = []   # paths before each move or stroke, for Undo
        self.dead: int | None = None               # the path runs into a dead end: index to back up to
        self.hint: maze_play.MazeHint | None = None
        self.shortest: int | None = None
        self._stroke_from: maze_play.Path | None = None

    # --- start and stop -----------------------------------------------------------------------------

    def start(self, entry_id: int | None) -> str:
        """Play the maze on the page; a saved game of this library entry comes back. Returns a note."""
        self.grid = self.doc.grid.copy()
        self.path = maze_play.start_of(self.grid)   # the page checks S and G before it starts
        self._begin(entry_id)
        self.history, self.hint = [], None
        self.shortest = maze_play.shortest_moves(self.grid)
        note = self._resume(lambda state: maze_play.decode(state, self.grid), self._restore, "path") \
            or "Play: drag from S, or use the arrow keys; Backspace takes a move back."
        self._update()
        if not self.is_solved:
            self.clock.run()
        self.changed.emit()
        return note

    def _restore(self, path: maze_play.Path) -> None:
        self.path = path

    def _stopped(self) -> None:
        self.hint = None

    def _state(self) -> str:
        return maze_play.encode(self.path)

    # --- moves ----------------------------------------------------------------------------------------

    def begin_stroke(self) -> None:
        self._stroke_from = self.path

    def point(self, cell: tuple[int, int]) -> bool:
        """The mouse is over `cell`: the path grows to it or backs up to it, if it can."""
        if not self.active or self.is_solved:
            return False
        new = maze_play.move_to(self.grid, self.path, cell)
        if new is None or new == self.path:
            return False
        if self._stroke_from is None:
            self.history.append(self.path)  # a click outside a stroke is a move of its own
        self._set(new)
        return True

    def end_stroke(self) -> None:
        if self._stroke_from is not None and self._stroke_from != self.path:
            self.history.append(self._stroke_from)
        self._stroke_from = None

    def arrow(self, dr: int, dc: int) -> bool:
        if not self.active or self.is_solved:
            return False
        new = maze_play.step(self.grid, self.path, dr, dc)
        if new is None:
            return False
        self.history.append(self.path)
        self._set(new)
        return True

    def back(self) -> None:
        """One cell back along the path (Backspace)."""
        if self.active and not self.is_solved and len(self.path) > 1:
            self.history.append(self.path)
            self._set(self.path[:-1])

    def undo(self) -> None:
        if self.active and self.history and not self.is_solved:
            self._set(self.history.pop())

    def restart(self) -> None:
        """Back to S; after a solve, a fresh game with the clock at zero."""
        if not self.active or len(self.path) <= 1:
            return
        if self.is_solved:
            self.is_solved, self.history, self.hints = False, [], 0
            self.clock.reset()
            self.clock.run()
        else:
            self.history.append(self.path)
        self._set(self.path[:1])

    def ask_hint(self) -> None:
        """The next few moves of a shortest way from the path's end (a BFS on at most 900 cells: quick)."""
        if self.active and not self.is_solved:
            self.hint = maze_play.hint(self.grid, self.path)
            self.hints += 1
            self.save()
            self.changed.emit()

    def _set(self, path: maze_play.Path) -> None:
        self.path, self.hint = path, None
        self._update()
        self._after_move(maze_play.solved(self.grid, path))

    def _update(self) -> None:
        self.dead = maze_play.dead_end(self.grid, self.path) if not self.is_solved else None

    # --- for the board and the panel --------------------------------------------------------------------

    def moves(self) -> int:
        return max(len(self.path) - 1, 0)

    def hint_cells(self) -> tuple[tuple[int, int], ...]:
        return self.hint.moves if self.hint is not None else ()
