"""Wizard fixtures: a tiny Sudoku model in the (isolated) user models folder, a few generated puzzles, a
one-thread training process, and no training process left behind by a test."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

TINY = dict(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=1, n=1, N_sup=2)


@pytest.fixture(scope="session")
def sudoku_lines() -> list[str]:
    from solver.puzzles import sudoku
    from solver.puzzles.sudoku_generate import generate

    return [sudoku.to_line(generate(np.random.default_rng(i), "easy").givens) for i in range(14)]


@pytest.fixture
def tiny_model(isolated_dirs: Path) -> Path:
    import torch

    from solver.checkpoint import save_model, user_models_dir
    from solver.model import TRM, TRMConfig

    torch.manual_seed(0)
    return save_model(TRM(TRMConfig(**TINY)), user_models_dir() / "tiny", "sudoku", {"accuracy": "none"})


@pytest.fixture
def puzzle_dir(tmp_path: Path, sudoku_lines: list[str]) -> Path:
    d = tmp_path / "puzzles"
    d.mkdir()
    (d / "mine.txt").write_text("\n".join(sudoku_lines[:12]) + "\nthis is not a puzzle\n" + "." * 81 + "\n")
    return d


@pytest.fixture(autouse=True)
def one_thread_training(monkeypatch: pytest.MonkeyPatch):
    """Training processes use one torch thread (the machine is shared); none outlives its test."""
    from training import run_process

    monkeypatch.setenv(run_process.THREADS_ENV, "1")
    started = []
    real = run_process.launch

    def launch(*a, **kw):
        p = real(*a, **kw)
        started.append(p)
        return p

    monkeypatch.setattr(run_process, "launch", launch)
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait(10)


class WizardDriver:
    """Steps through the wizard as a person would (the pages' own methods, no dialogs)."""

    TIMEOUT = 60_000

    def __init__(self, qtbot, ctx):
        self.qtbot, self.ctx = qtbot, ctx

    def open(self, kind: str = "sudoku"):
        from trm_app.wizard import TrainingWizard

        w = TrainingWizard(self.ctx, kind)
        self.qtbot.addWidget(w)
        w.close_policy = lambda: "stop"
        w.show()
        return w

    def to_settings(self, w, paths, library_ids=()):
        assert w.goal_page.isComplete()
        w.next()
        page = w.data_page
        page.add_paths(paths)
        if library_ids:
            page.picker.set_ticked(list(library_ids))
        self.qtbot.waitUntil(page.isComplete, timeout=self.TIMEOUT)
        w.next()
        assert w.currentPage() is w.settings_page
        return page.summary

    @staticmethod
    def short_run(w, steps: int, eval_every: int) -> None:
        adv = w.settings_page.advanced
        adv.setChecked(True)
        adv.steps.setValue(steps)
        adv.eval_every.setValue(eval_every)

    def start_training(self, paths, steps: int, eval_every: int, w=None):
        w = w or self.open()
        self.to_settings(w, paths)
        self.short_run(w, steps, eval_every)
        w.next()
        return w, w.training_page

    def main_window(self):
        from trm_app.main_window import MainWindow

        win = MainWindow(self.ctx)
        self.qtbot.addWidget(win)
        win.show()
        self.qtbot.wait(50)  # the start-up offer is made from the event loop
        return win


@pytest.fixture
def wiz(qtbot, ctx) -> WizardDriver:
    return WizardDriver(qtbot, ctx)
