"""The play-mode clock: time carried over from a saved game, paused and resumed, shown as m:ss or h:mm:ss."""
from __future__ import annotations

from trm_app.play_clock import PlayClock, clock_text


def test_clock_carries_pauses_and_reads(qapp) -> None:
    clock = PlayClock()
    clock.reset(75.0)                      # a saved game's time
    assert clock.text() == "1:15" and not clock.running
    clock.run()
    assert clock.running and clock.elapsed() >= 75.0
    clock.halt()
    paused = clock.elapsed()
    assert not clock.running and clock.elapsed() == paused  # stopped: no time passes
    clock.reset()
    assert clock.elapsed() == 0.0
    assert clock_text(3725) == "1:02:05" and clock_text(59.9) == "0:59"
