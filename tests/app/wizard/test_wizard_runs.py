"""Pause, resume and cancel a training process; closing mid-run keeps it training in the background or
stops it; an interrupted run is offered for resumption at the next start, a finished one for its result."""
from __future__ import annotations

import json

from training import runs

TIMEOUT = 60_000


def test_pause_resume_at_the_next_start_then_cancel(qtbot, wiz, tiny_model, puzzle_dir):
    w, tp = wiz.start_training([puzzle_dir], steps=1_000_000, eval_every=1_000_000)
    qtbot.waitUntil(lambda: tp.phase == "running" and tp.last_step >= 2, timeout=TIMEOUT)
    tp.pause()
    assert tp.phase == "pausing"
    qtbot.waitUntil(lambda: tp.phase == "paused", timeout=TIMEOUT)
    paused_at = tp.state.result["steps"]
    run_dir = w.state.run_dir
    assert paused_at >= 2 and (run_dir / runs.STATE_FILE).exists()
    assert tp.resume_button.isEnabled() and not tp.pause_button.isEnabled()
    w.close()
    assert runs.run_status(run_dir) == "interrupted"

    # The next start offers it; Resume opens the wizard on the training page, which continues the run.
    win = wiz.main_window()
    offer = win.training_offer
    assert offer.info.dir == run_dir and "interrupted" in offer.text() and f"{paused_at:,}" in offer.text()
    offer.accept_offer()
    w2 = win.training_wizard
    tp2 = w2.training_page
    assert w2.currentPage() is tp2
    qtbot.waitUntil(lambda: tp2.phase == "running" and tp2.last_step > paused_at, timeout=TIMEOUT)
    assert tp2.loss_plot.series["loss"].points[0][0] <= paused_at  # the curves hold the earlier session too
    # The new session resumed the saved state: its first step is the one after the pause, not step 1.
    events = [json.loads(line) for line in (run_dir / runs.PROGRESS_FILE).read_text().splitlines()]
    session = [e for e in events if e["session"] == tp2.process.session]
    assert session[0]["event"] == "start" and session[0]["resumed"] is True
    assert next(e["step"] for e in session if e["event"] == "step") == paused_at + 1
    tp2.cancel()
    qtbot.waitUntil(lambda: tp2.phase == "cancelled", timeout=TIMEOUT)
    assert runs.run_status(run_dir) == "cancelled" and not runs.pending_runs()
    w2.close()


def test_closing_mid_run_keeps_training_in_the_background(qtbot, wiz, tiny_model, puzzle_dir):
    w, tp = wiz.start_training([puzzle_dir], steps=150, eval_every=50)
    qtbot.waitUntil(lambda: tp.phase == "running", timeout=TIMEOUT)
    run_dir = w.state.run_dir
    asked = []
    w.close_policy = lambda: asked.append(1) or "background"
    assert w.close() and asked == [1] and not w.isVisible()

    # A start while it trains: the offer follows it (the curves come back from its events).
    win = wiz.main_window()
    offer = win.training_offer
    assert offer.info.status == "running" and "still training in the background" in offer.text()
    offer.accept_offer()
    w2 = win.training_wizard
    tp2 = w2.training_page
    assert w2.currentPage() is tp2 and tp2.phase == "running"
    qtbot.waitUntil(lambda: tp2.loss_plot.count("loss") > 0, timeout=TIMEOUT)
    w2.close_policy = lambda: "background"
    win.close()  # the app quits; the training does not

    # Nobody watches; the process finishes alone and writes its model; the next start shows the result.
    # A wait, not a speed check: 150 steps took over 60 s at load 20 on 2 cores (the full suite's failure).
    qtbot.waitUntil(lambda: (run_dir / runs.FINISHED_FILE).exists(), timeout=5 * TIMEOUT)
    assert (run_dir / "best.safetensors").exists()
    win = wiz.main_window()
    offer = win.training_offer
    assert offer.info.status == "finished" and "finished while the app was closed" in offer.text()
    offer.accept_offer()
    w3 = win.training_wizard
    assert w3.currentPage() is w3.result_page and w3.result_page.after.exact.text().endswith("%")
    assert "150 training steps" in w3.result_page.summary.text()
    w3.close()
    assert not runs.pending_runs()  # seen


def test_closing_the_main_window_mid_run_can_stop_it_for_later(qtbot, wiz, tiny_model, puzzle_dir):
    win = wiz.main_window()
    assert win.training_offer is None  # nothing pending yet
    w = win.open_training_wizard()
    w.close_policy = lambda: "stop"
    w, tp = wiz.start_training([puzzle_dir], 1_000_000, 1_000_000, w=w)
    qtbot.waitUntil(lambda: tp.phase == "running", timeout=TIMEOUT)
    run_dir = w.state.run_dir
    win.close()
    assert not w.isVisible()
    # The process saves its state and ends by itself; the run is then offered for resumption.
    qtbot.waitUntil(lambda: runs.run_status(run_dir) == "interrupted", timeout=TIMEOUT)
    assert [i.dir for i in runs.pending_runs()] == [run_dir]
