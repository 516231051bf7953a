"""Solve > Network threads: the choice is kept in the settings and reaches the engine's solve."""
from __future__ import annotations

from pathlib import Path

import solver.solve
from solver.threads import AUTO
from trm_app.settings import Settings
from trm_app.threads_menu import ThreadsMenu

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def _solve_threads(qtbot, window, monkeypatch, model: Path) -> list:
    seen = []
    real = solver.solve.solve

    def spy(puzzle, kind, net, options, **kw):
        seen.append(options.threads)
        return real(puzzle, kind, net, options, **kw)

    monkeypatch.setattr(solver.solve, "solve", spy)
    page = window.sudoku
    window.paste_text(LINE)
    page.panel.models.select_path(model)
    assert page.solve()
    qtbot.waitUntil(lambda: not page.session.running, timeout=60_000)
    return seen


def test_the_thread_choice_is_kept_and_used(qtbot, window, monkeypatch, tiny_sudoku_model: Path) -> None:
    menu = window.findChild(ThreadsMenu)
    assert menu is not None and menu.choices[AUTO].isChecked()
    assert _solve_threads(qtbot, window, monkeypatch, tiny_sudoku_model) == [AUTO]
    menu.choices[1].trigger()
    assert Settings(window.ctx.settings.path).threads() == 1   # written through to the ini file
    assert _solve_threads(qtbot, window, monkeypatch, tiny_sudoku_model) == [1]


def test_a_bad_stored_value_means_automatic(tmp_path: Path) -> None:
    s = Settings(tmp_path / "s.ini")
    s.set_threads(3)
    assert s.threads() == 3
    (tmp_path / "bad.ini").write_text("[solve]\nthreads=lots\n")
    assert Settings(tmp_path / "bad.ini").threads() is AUTO
