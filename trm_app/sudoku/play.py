"""Play mode for the Sudoku page, without widgets: the clock, the solution (found in a worker, for the
mistake check and the hints), the saved game in the library, "solved", and hints asked of the engine in
a worker. The play panel shows it; the board draws what it says."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from solver.puzzles import sudoku_play

from ..context import AppContext
from ..play_session import PlaySessionBase
from ..workers import Job
from .document import SudokuDocument


def _solve(givens: np.ndarray) -> np.ndarray:
    from solver.puzzles.sudoku_logic import unique_solution

    return np.array(unique_solution(givens.ravel().tolist()), np.int8).reshape(9, 9)


def _hint(givens: np.ndarray, grid: np.ndarray, masks: list[int] | None, solution: np.ndarray) -> object:
    from solver.puzzles.sudoku_logic import hint

    return hint(givens.ravel().tolist(), grid.ravel().tolist(), masks, solution.ravel().tolist())


def _load(info, cache: dict) -> object:
    from solver.checkpoint import load_model

    key = str(info.path)
    if key not in cache:
        cache.clear()
        cache[key] = load_model(info, "sudoku")[0]
    return cache[key]


def _network(info, cache: dict, grid: np.ndarray, solution: np.ndarray) -> object:
    from solver.network_hint import network_hint

    return network_hint(grid, solution, _load(info, cache))


class PlaySession(PlaySessionBase):
    """`changed`: clock, solution, mistakes or the solved state moved; `solved`: the seconds it took."""
    hintReady = Signal(object)    # a sudoku_logic.Hint
    networkReady = Signal(object)  # a solver.network_hint.NetworkHint
    failed = Signal(str)

    def __init__(self, ctx: AppContext, doc: SudokuDocument, parent: QObject | None = None):
        super().__init__(ctx, parent)
        self.doc = doc
        self.solution: np.ndarray | None = None
        self.problem = ""                 # why there is no solution to check against
        self._job: Job | None = None
        self._net_job: Job | None = None
        self._net_wanted: object | None = None   # a network hint asked for while another job ran (its model)
        self._models: dict = {}           # the loaded network, by file (used in workers, one at a time)
        doc.changed.connect(self._moved)

    # --- start and stop -----------------------------------------------------------------------------

    def start(self, entry_id: int | None) -> str:
        """Play the document's puzzle; a saved game of this library entry comes back. Returns a note."""
        self._begin(entry_id)
        self.doc.playing = True
        note = self._resume(lambda state: sudoku_play.decode(state, self.doc.givens), self.doc.restore_play, "game") \
            or "Play: type digits; P for pencil marks."
        self._find_solution()
        if not self.is_solved:
            self.clock.run()
        self.changed.emit()
        return note

    def _stopped(self) -> None:
        self.doc.playing = False

    def _state(self) -> str:
        return self.doc.play_state()

    def _find_solution(self) -> None:
        self.solution, self.problem = self.doc.known_solution(), ""
        if self.solution is not None:
            return
        givens = self.doc.givens.copy()

        def done(sol: object) -> None:
            if self.active and np.array_equal(givens, self.doc.givens):
                self.solution = sol  # type: ignore[assignment]
                self.changed.emit()
                self._moved()

        def failed(message: str) -> None:
            self.problem = message
            self.changed.emit()

        self.ctx.workers.submit(lambda _j: _solve(givens), done, failed, label="sudoku solution")

    # --- the clock, the saved game, solved -------------------------------------------------------------

    def elapsed(self) -> float:
        return self.clock.elapsed()

    def clock_text(self) -> str:
        return self.clock.text()

    def mistakes(self) -> set[tuple[int, int]]:
        return sudoku_play.wrong_entries(self.doc.entries, self.solution)

    def _moved(self) -> None:
        if not self.active:
            return
        grid = self.doc.grid()
        self._after_move(not self.is_solved and self.solution is not None and np.array_equal(grid, self.solution))

    # --- hints ----------------------------------------------------------------------------------------

    def ask_hint(self) -> None:
        """The engine's next step for the player's grid, in a worker; hintReady or failed answers."""
        if self.solution is None:
            self.failed.emit(self.problem or "The solution is still being worked out; try again in a moment.")
            return
        empty = self.doc.grid() == 0
        pencilled = self.doc.marks.any(axis=2)
        # The player's marks count only where every empty cell has some: partial notes are not candidates.
        masks = sudoku_play.marks_to_masks(self.doc.marks) if pencilled[empty].all() and empty.any() else None
        givens, grid, solution = self.doc.givens.copy(), self.doc.grid(), self.solution.copy()

        def done(h: object) -> None:
            if job is self._job:
                self.hints += 1
                self.save()
                self.hintReady.emit(h)

        job = self.ctx.workers.submit(lambda _j: _hint(givens, grid, masks, solution), done, self.failed.emit,
                                      label="sudoku hint")
        self._job = job

    def ask_network(self, info) -> None:
        """The network's hint and its confidence over the grid (solver.network_hint), in a worker."""
        if info is None:
            self.failed.emit("no trained Sudoku network is installed; pick one in the model list")
            return
        if self.solution is None:
            self.failed.emit(self.problem or "The solution is still being worked out; try again in a moment.")
            return
        grid, solution, models = self.doc.grid(), self.solution.copy(), self._models
        if self._net_job is not None:
            self._net_wanted = info  # one at a time (the model cache is not shared): asked again after it
            return

        def done(h: object) -> None:
            self._net_job = None
            if np.array_equal(grid, self.doc.grid()):
                self._net_wanted = None
                self.networkReady.emit(h)
            elif self.active:
                self._net_wanted = info  # the grid moved on meanwhile
            self._net_next()

        def failed(message: str) -> None:
            self._net_job, self._net_wanted = None, None
            self.failed.emit(message)

        self._net_job = self.ctx.workers.submit(lambda _j: _network(info, models, grid, solution), done, failed,
                                                label="network hint")

    def preload(self, info) -> None:
        """Load the network in a worker when play starts, so that the first hint does not wait for torch
        and the weights (about 3 s here)."""
        if info is None or self._net_job is not None or str(info.path) in self._models:
            return
        models = self._models

        def done(_model: object) -> None:
            self._net_job = None
            self._net_next()

        def failed(_message: str) -> None:
            self._net_job = None  # said again, to the person, if they ask for the network's hint
            self._net_next()

        self._net_job = self.ctx.workers.submit(lambda _j: _load(info, models), done, failed,
                                                label="load the network")

    def _net_next(self) -> None:
        if self._net_wanted is not None and self.active:
            info, self._net_wanted = self._net_wanted, None
            self.ask_network(info)

    def forget_hint(self) -> None:
        self._job = None
