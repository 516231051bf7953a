"""The window stays responsive while the network solves beside a CPU-bound program (issue 25): the event
loop keeps running during the solve, Cancel stops it within a step, and the first Solve shows that the
model is loading instead of freezing."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from solver.bench import HARDEST
from solver.bench_busy import BusyLoop
from solver.resources import resource_path
from trm_app import engine_loader

SUDOKU_MODEL = resource_path("models", "sudoku.safetensors")  # the bundled network: a real solve's work
STALL_GUARD_S = 1.0    # 10x the 100 ms target: a loaded 2-core machine delays timers too
CANCEL_GUARD_S = 2.0   # 10x the 200 ms target


class GapMeter:
    """Ticks of a 10 ms timer on the GUI thread: the longest wait between two is the longest stall."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.times.append(time.perf_counter())

    def max_gap(self) -> float:
        return max(b - a for a, b in zip(self.times, self.times[1:]))


def _solve_hardest(qtbot, window) -> object:
    page = window.sudoku
    # One round of the K=8 ensemble does not solve it: all 16 steps, then the sidecar's further rounds
    window.paste_text(HARDEST[0])
    page.panel.models.select_path(SUDOKU_MODEL)
    assert page.solve()
    return page


def test_the_event_loop_runs_during_a_solve_beside_a_busy_process(qtbot, window) -> None:
    meter = GapMeter()
    with BusyLoop():
        meter.start()   # the machine's own delays first: the event loop with nothing to do, as long
        qtbot.wait(2000)
        meter.stop()
        baseline = meter.max_gap()
        meter.start()
        t = time.perf_counter()
        page = _solve_hardest(qtbot, window)
        qtbot.waitUntil(lambda: not page.session.running, timeout=120_000)
        seconds = time.perf_counter() - t
        meter.stop()
    outcome = page.session.outcome
    assert outcome is not None and outcome.result.steps > 16 and not outcome.cancelled
    ticks = len(meter.times) - 2
    print(f"\nsolve {seconds:.2f} s beside a busy process: {ticks} timer ticks, longest event-loop gap "
          f"{meter.max_gap() * 1000:.0f} ms (with nothing to do: {baseline * 1000:.0f} ms)")
    # A solve on the GUI thread would leave one gap as long as the solve and no ticks during it; the
    # guard grows with what the machine itself does to the event loop (a loaded 2-core machine).
    assert meter.max_gap() < min(max(STALL_GUARD_S, 10 * baseline), seconds / 2)
    assert ticks >= 5


def test_cancel_stops_the_solve_within_a_step_beside_a_busy_process(qtbot, window) -> None:
    with BusyLoop():
        page = _solve_hardest(qtbot, window)
        qtbot.waitUntil(lambda: len(page.session.frames) >= 2, timeout=120_000)  # loaded and refining
        t = time.perf_counter()
        page.panel.cancel_button.click()
        qtbot.waitUntil(lambda: not page.session.running, timeout=120_000)
        latency = time.perf_counter() - t
    outcome = page.session.outcome
    print(f"\ncancel took {latency * 1000:.0f} ms beside a busy process")
    assert outcome is not None and outcome.cancelled and outcome.result.steps < 16
    assert latency < CANCEL_GUARD_S
    assert page.panel.solve_button.isEnabled()


def test_the_first_solve_says_the_model_is_loading(qtbot, window, monkeypatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(engine_loader, "ready", lambda: False)
    monkeypatch.setattr(engine_loader, "load", lambda: release.wait(60))  # torch "loading" until released
    page = _solve_hardest(qtbot, window)
    panel = page.panel
    qtbot.waitUntil(lambda: page.session.loading, timeout=10_000)
    assert panel.verdict.text() == "Loading the model…" and panel.cancel_button.isEnabled()
    assert not page.session.frames
    release.set()
    qtbot.waitUntil(lambda: len(page.session.frames) >= 1, timeout=120_000)
    assert not page.session.loading and panel.verdict.text() == "Solving…"
    page.session.cancel()
    qtbot.waitUntil(lambda: not page.session.running, timeout=120_000)
