"""The animated solve: steps arrive from the worker and play back, the verdict ends it, cancel works,
no model means the exact search (said plainly)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from trm_app.solve_session import SolveOutcome

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def wait_done(qtbot, session, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: not session.running, timeout=timeout)


def test_solve_with_the_tiny_model_animates_and_ends_with_a_verdict(qtbot, window, tiny_sudoku_model: Path) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    page.panel.models.select_path(tiny_sudoku_model)
    assert page.panel.models.selected_info().name == "tiny"
    seen: list[int] = []
    page.session.frameChanged.connect(lambda: seen.append(page.session.index))
    with qtbot.waitSignal(page.session.finished, timeout=30000) as blocker:
        assert page.solve()
        assert page.session.running and not page.panel.solve_button.isEnabled()
    outcome = blocker.args[0]
    assert isinstance(outcome, SolveOutcome) and outcome.model_name == "tiny"
    frames = page.session.frames
    # N_sup 3 x T 2 answer updates (fewer if it halted), then the final answer
    assert 2 <= len(frames) <= 7 and frames[-1].final and not frames[0].final
    assert all(f.confidence is not None and f.confidence.shape == (9, 9) for f in frames[:-1])
    assert frames[0].changed.all()  # the first update changes everything
    # a random network is wrong: the search repaired it, and the view shows where
    assert outcome.result.solved_by == "network+search" and outcome.result.verified
    assert frames[-1].diff is not None and frames[-1].diff.sum() == outcome.result.cells_changed
    qtbot.waitUntil(lambda: page.session.index == len(frames) - 1 and not page.session.playing, timeout=10000)
    assert [i for i in seen if i >= 0][:3] == [0, 1, 2]  # playback went through the steps in order
    assert page.panel.verdict.text().startswith("Network + search fixed")
    assert "differs from the network's in" in page.panel.details.text()
    assert "solve took" in window.time_label.text() and page.panel.solve_button.isEnabled()
    # the step player scrubs and steps
    page.panel.player.slider.setValue(1)
    assert page.session.index == 1 and "Step 1, update 2" in page.panel.step_label.text()
    page.session.step_by(1)
    assert page.session.index == 2
    # the halting plot has a value per step
    assert len([f for f in frames if f.halt_prob is not None]) == len(frames) - 1
    # the library keeps the verdict and the model
    entry = window.ctx.library.search(kind="sudoku")[0]
    assert entry.verdict == "verified" and entry.model == "tiny" and "fixed" in entry.verdict_text
    # editing the puzzle clears the solve from the board
    page.doc.set_digit(0, 2, 4)
    assert page.session.frame is None and page.panel.verdict.text() == ""


def test_cancel_stops_after_the_current_step(qtbot, window, tiny_sudoku_model: Path) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    page.panel.models.select_path(tiny_sudoku_model)
    # cancel at once: the engine finishes the step it is in, polls should_stop, and stops
    page.solve()
    page.session.cancel()
    wait_done(qtbot, page.session)
    outcome = page.session.outcome
    assert outcome is not None and outcome.cancelled and outcome.result.steps == 1
    assert page.panel.verdict.text().lower().startswith("cancelled after 1 step")


def test_no_model_uses_the_exact_search(qtbot, window) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    page.panel.models.select_search()
    with qtbot.waitSignal(page.session.finished, timeout=20000):
        page.solve()
    r = page.session.outcome.result
    assert r.solved_by == "search" and r.verified and page.session.frames[-1].final
    assert "exact search" in page.panel.verdict.text()
    assert np.count_nonzero(page.session.frames[-1].answer) == 81


def test_no_model_note_and_arc_without_model(qtbot, window, samples_dir: Path) -> None:
    page = window.arc
    if not page.panel.models.has_models():
        assert "No trained ARC model" in page.panel.models.note.text()
    window.open_path(samples_dir / "arc" / "fill.json")
    page.panel.models.select_search()
    with qtbot.waitSignal(page.session.finished, timeout=20000):
        page.solve()
    # the program search answers, and the page says which program, and that it answered
    assert "reproduces all" in page.panel.verdict.text()
    assert "Program: fill enclosed background with 4." in page.panel.details.text()
    assert page.attempts.lines() == ["1. program: fill enclosed background with 4 — <b>the answer</b>, "
                                     "matches the expected output"]
    assert page.session.frames[-1].final


def test_arc_with_no_program_and_no_model_says_so(qtbot, window, tmp_path: Path) -> None:
    page = window.arc
    noise = tmp_path / "noise.json"
    noise.write_text(_noise_task())
    window.open_path(noise)
    page.panel.models.select_search()
    with qtbot.waitSignal(page.session.finished, timeout=20000):
        page.solve()
    assert "No program of the search" in page.panel.verdict.text() and not page.attempts.lines()


def _noise_task() -> str:
    """A task of random grids: no program of the search reproduces it."""
    import json

    import numpy as np

    rng = np.random.default_rng(0)

    def grid():
        return rng.integers(0, 4, (3, 3)).tolist()
    return json.dumps({"train": [{"input": grid(), "output": grid()} for _ in range(3)],
                       "test": [{"input": grid()}]})


def test_maze_solve_draws_the_path(qtbot, window, samples_dir: Path) -> None:
    page = window.maze
    window.open_path(samples_dir / "maze" / "medium.txt")
    page.panel.models.select_search()
    with qtbot.waitSignal(page.session.finished, timeout=20000):
        page.solve()
    page.session.finish_playback()
    assert (page.session.frame.answer == 4).any()
    img = page.board.grab().toImage()
    assert not img.isNull()


def test_a_failing_worker_reaches_the_reporter(qtbot, window, ctx, tmp_path: Path) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    broken = tmp_path / "models" / "broken.safetensors"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not weights")
    (broken.with_suffix(".json")).write_text('{"kind": "sudoku", "format_version": 1, "config": '
                                             '{"vocab_size": 11, "seq_len": 81}}')
    page.panel.models.refresh()
    page.panel.models.select_path(broken)
    with qtbot.waitSignal(page.session.failed, timeout=20000):
        page.solve()
    assert "damaged or not a safetensors file" in ctx.reporter.last
    assert page.panel.verdict.text() == "The solve failed." and page.panel.solve_button.isEnabled()


def test_arc_solve_adapts_to_the_task_then_animates(qtbot, window, tmp_path: Path) -> None:
    import torch

    from solver.checkpoint import save_model
    from solver.model import TRM, TRMConfig

    torch.manual_seed(0)
    tiny = TRM(TRMConfig(vocab_size=12, seq_len=900, hidden_size=8, num_layers=1, ffn_multiple=8, mixer="conv",
                         conv_kernel=3, T=1, n=1, N_sup=2, puzzle_emb_len=1, num_puzzle_ids=4))
    path = save_model(tiny, tmp_path / "arc-tiny", "arc", {"inference": {"adapt_steps": 3, "augmentations": 2}})
    page = window.arc
    noise = tmp_path / "noise.json"   # no program of the search reproduces it: the network adapts
    noise.write_text(_noise_task())
    window.open_path(noise)
    page.panel.models.select_path(path)
    progress: list[str] = []
    page.session.adaptChanged.connect(lambda: progress.append(page.panel.details.text()))
    with qtbot.waitSignal(page.session.finished, timeout=300000) as blocker:
        assert page.solve()
    r = blocker.args[0].result
    assert r.adapt_steps == 3 and len(progress) == 3 and "step 3 of 3" in progress[-1]
    # the last step is checked against the demonstrations, and the panel says what the network reproduces
    assert "the network reproduces 0 of 3 demonstrations exactly (at step 3)" in progress[-1]
    assert "reproduces" not in progress[0]
    assert page.session.frames and page.session.frames[-1].final
    assert "adapted to this task" in page.panel.details.text()
    assert page.attempts.lines() and all(line.split(". ", 1)[1].startswith("network, ")
                                         for line in page.attempts.lines())
