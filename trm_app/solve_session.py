"""One kind's solve: runs the engine's solve() in a worker and plays its refinement back.

Frames arrive from the worker as RefineSteps (plain numpy) and are kept; the player shows one frame at a
time. While frames arrive, playback paces them (speed), so every step is seen even when the network is
faster than the eye. Boards, the step player and the halting plot subscribe to this object."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from solver.threads import AUTO

from . import engine_loader
from .frames import Frame, final_frame, frame_from_step
from .workers import Job, Workers

if TYPE_CHECKING:  # the solve path loads torch; the worker imports it (engine_loader)
    from solver.arc_adapt import AdaptProgress
    from solver.checkpoint import ModelInfo
    from solver.solve import SolveResult

# Playback speeds: frames per second.
SPEEDS = {"0.5x": 4.0, "1x": 8.0, "2x": 16.0, "4x": 32.0, "instant": 0.0}


@dataclass(frozen=True)
class SolveOutcome:
    """What the status bar and the library need: the engine's result, and how the run went."""

    result: SolveResult
    model_name: str
    cancelled: bool

    def describe(self) -> str:
        return self.result.describe()

    @property
    def verdict(self) -> str:
        """The library's verdict category."""
        if self.result.answer is None:
            return "failed"
        return "verified" if self.result.verified else "unverified"


class SolveSession(QObject):
    started = Signal()
    framesChanged = Signal()        # frames added or cleared
    frameChanged = Signal()         # the shown frame changed (index or content)
    playingChanged = Signal(bool)
    finished = Signal(object)       # SolveOutcome
    failed = Signal(str)
    cleared = Signal()
    adaptChanged = Signal()         # ARC: test-time adaptation progressed (see `adapting`)
    loadingChanged = Signal(bool)   # the worker waits for the engine and the model to load (see `loading`)

    def __init__(self, kind: str, workers: Workers, parent: QObject | None = None):
        super().__init__(parent)
        self.kind = kind
        self.workers = workers
        self.frames: list[Frame] = []
        self.index = -1
        self.outcome: SolveOutcome | None = None
        self.error = ""
        self.show_diff = True
        self.adapting: AdaptProgress | None = None  # the latest adaptation progress of this solve
        self.loading = False    # the first solve waits for torch and the network to load
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._fps = SPEEDS["1x"]
        self._playing = False

    # --- running -----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, puzzle: object, model: ModelInfo | None, threads: int | None = AUTO) -> None:
        """Solve `puzzle` with the model (None: exact search), with its own inference defaults and `threads`
        network threads (AUTO: solver.threads's policy). A running solve is cancelled first."""
        self.cancel()
        self._job = None
        self.frames, self.index, self.outcome, self.error = [], -1, None, ""
        self.adapting = None
        self._set_loading(False)
        kind = self.kind
        model_name = model.name if model is not None else ""

        def work(job: Job) -> SolveOutcome:
            # Progress goes out tagged, so the GUI thread never imports the engine to tell it apart.
            if not engine_loader.ready():
                job.emit(("loading", True))
            engine_loader.load()
            from dataclasses import replace

            from solver.checkpoint import load_model
            from solver.solve import options_for, solve

            net = load_model(model, kind)[0] if model is not None else None
            job.emit(("loading", False))
            options = replace(options_for(model), threads=threads)
            result = solve(puzzle, kind, net, options, on_step=lambda s: job.emit(("step", s)),
                           should_stop=job.cancelled, on_adapt=lambda p: job.emit(("adapt", p)))
            return SolveOutcome(result, model_name, job.cancelled())

        job = self.workers.submit(work, on_done=lambda r: self._done(job, r),
                                  on_failed=lambda m: self._failed(job, m),
                                  on_progress=lambda s: self._step(job, s), label=f"solve {kind}")
        self._job = job
        self.framesChanged.emit()
        self.frameChanged.emit()
        self.started.emit()
        self.play()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _set_loading(self, on: bool) -> None:
        if on != self.loading:
            self.loading = on
            self.loadingChanged.emit(on)

    def _step(self, job: Job, progress: object) -> None:
        if job is not self._job:
            return
        what, value = progress
        if what == "loading":
            self._set_loading(value)
            return
        if what == "adapt":
            self.adapting = value
            self.adaptChanged.emit()
            return
        self.frames.append(frame_from_step(value))
        self.framesChanged.emit()
        if self._fps == 0.0:
            self.seek(len(self.frames) - 1)

    def _done(self, job: Job, outcome: object) -> None:
        if job is not self._job or not isinstance(outcome, SolveOutcome):
            return
        self._job = None
        self._set_loading(False)
        self.outcome = outcome
        final = final_frame(outcome.result)
        if final is not None:
            self.frames.append(final)
        self.framesChanged.emit()
        if self._fps == 0.0 or not self._playing:
            self.seek(len(self.frames) - 1)
        self.finished.emit(outcome)

    def _failed(self, job: Job, message: str) -> None:
        if job is not self._job:
            return
        self._job = None
        self._set_loading(False)
        self.error = message
        self.pause()
        self.framesChanged.emit()
        self.frameChanged.emit()
        self.failed.emit(message)

    def clear(self) -> None:
        """Forget the solve (the puzzle was edited): boards go back to the editor's state."""
        self.cancel()
        self._job = None
        self.pause()
        had = bool(self.frames) or self.outcome is not None or bool(self.error)
        self.frames, self.index, self.outcome, self.error = [], -1, None, ""
        self.adapting = None
        self._set_loading(False)
        if had:
            self.framesChanged.emit()
            self.frameChanged.emit()
            self.cleared.emit()

    # --- playback ------------------------------------------------------------------------------------

    @property
    def frame(self) -> Frame | None:
        return self.frames[self.index] if 0 <= self.index < len(self.frames) else None

    @property
    def playing(self) -> bool:
        return self._playing

    def seek(self, i: int) -> None:
        i = min(max(i, 0), len(self.frames) - 1) if self.frames else -1
        if i != self.index:
            self.index = i
            self.frameChanged.emit()

    def step_by(self, delta: int) -> None:
        self.pause()
        self.seek(self.index + delta)

    def set_speed(self, name: str) -> None:
        self._fps = SPEEDS.get(name, SPEEDS["1x"])
        if self._fps == 0.0:
            self.seek(len(self.frames) - 1)
        elif self._playing:
            self._timer.start(int(1000 / self._fps))

    def play(self) -> None:
        if self._fps == 0.0:
            self.seek(len(self.frames) - 1)
            return
        if not self.running and self.index >= len(self.frames) - 1:
            self.seek(0)  # play again from the start
        self._playing = True
        self._timer.start(int(1000 / self._fps))
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if self._playing:
            self._playing = False
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def finish_playback(self) -> None:
        """Jump to the last frame (headless runs, and the user's "end" button)."""
        self.pause()
        self.seek(len(self.frames) - 1)

    def _tick(self) -> None:
        if self.index < len(self.frames) - 1:
            self.seek(self.index + 1)
        elif not self.running:
            self.pause()  # the last frame is shown and no more will come

    def set_show_diff(self, on: bool) -> None:
        self.show_diff = on
        self.frameChanged.emit()
