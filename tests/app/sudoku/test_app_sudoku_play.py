"""Sudoku play mode driven through the window: entries over fixed givens, candidates by hand and
automatic, the mistake check, undo, hints in three levels, solved with its time, and the game restored
from the library."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

Q = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
A = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"
SOL = np.array([int(c) for c in A], np.int8).reshape(9, 9)


def start(qtbot, window, text: str = Q + "\n"):
    page = window.sudoku
    page.load_text(text, "play.txt")
    page.play_button.setChecked(True)
    qtbot.waitUntil(lambda: page.play.solution is not None, timeout=30000)
    return page


def test_entries_go_over_fixed_givens_and_undo(qtbot, window) -> None:
    page = start(qtbot, window)
    board, doc = page.board, page.doc
    board.select(0, 3)  # a given 7
    qtbot.keyClick(board, Qt.Key.Key_5)
    assert doc.givens[0, 3] == 7 and doc.entries[0, 3] == 0
    board.select(0, 0)
    qtbot.keyClick(board, Qt.Key.Key_4)
    assert doc.entries[0, 0] == 4 and doc.givens[0, 0] == 0 and doc.grid()[0, 0] == 4
    page.play_panel.undo.click()
    assert doc.entries[0, 0] == 0
    assert doc.puzzle().givens[0, 0] == 0  # the puzzle itself never changes in play mode


def test_auto_candidates_are_kept_up_to_date(qtbot, window) -> None:
    page = start(qtbot, window)
    doc = page.doc
    page.play_panel.auto.setChecked(True)
    assert doc.marks[0, 0, 4] and not doc.marks[0, 0, 7]  # 7 is in row 1
    doc.set_digit(0, 0, 4)
    assert not doc.marks[0, 1:, 4].any() and not doc.marks[1:, 0, 4].any() and not doc.marks[:3, :3, 4].any()
    assert doc.marks[4, 4].any()  # elsewhere untouched


def test_pencil_marks_by_hand(qtbot, window) -> None:
    page = start(qtbot, window)
    board = page.board
    board.select(0, 0)
    page.pencil.setChecked(True)
    qtbot.keyClick(board, Qt.Key.Key_3)
    qtbot.keyClick(board, Qt.Key.Key_4)
    assert list(np.flatnonzero(page.doc.marks[0, 0])) == [3, 4] and page.doc.entries[0, 0] == 0


def test_mistakes_shown_only_when_asked(qtbot, window) -> None:
    page = start(qtbot, window)
    page.doc.set_digit(0, 1, 9)  # r1c2 is 3
    page.doc.set_digit(0, 0, 4)  # right
    assert page.board.mistakes == set()
    page.play_panel.check.setChecked(True)
    assert page.board.mistakes == {(0, 1)}


def test_hint_in_three_levels_then_applied(qtbot, window) -> None:
    page = start(qtbot, window)
    panel = page.play_panel
    panel.hint_button.click()
    qtbot.waitUntil(lambda: panel.level == 1, timeout=30000)
    assert "Hidden single" in panel.hint_title.text() and "box 2" in panel.hint_title.text()
    assert panel.hint_text.text() == "" and page.board.highlight.units and not page.board.highlight.cells
    panel.hint_button.click()
    assert panel.hint_text.text() == "Look at r2c5." and page.board.highlight.cells == (13,)
    panel.hint_button.click()
    assert panel.hint_text.text().startswith("r2c5 is the only place for 4 in box 2")
    assert page.board.highlight.placements == ((13, 4),)
    panel.hint_button.click()
    assert page.doc.entries[1, 4] == 4 and panel.level == 0 and page.play.hints == 1


def test_a_mistake_hint_clears_the_wrong_digit(qtbot, window) -> None:
    page = start(qtbot, window)
    panel = page.play_panel
    page.doc.set_digit(0, 1, 9)
    panel.hint_button.click()
    qtbot.waitUntil(lambda: panel.level == 1, timeout=30000)
    assert "Mistake" in panel.hint_title.text()
    for _ in range(3):
        panel.hint_button.click()
    assert page.doc.entries[0, 1] == 0


def test_solved_with_the_time_taken_and_kept_in_the_library(qtbot, window) -> None:
    page = start(qtbot, window)
    doc = page.doc
    for r, c in np.argwhere(doc.givens == 0):
        doc.set_digit(int(r), int(c), int(SOL[r, c]))
    assert page.play.is_solved
    assert page.play_panel.verdict.text().startswith("Solved in 0:0")
    lib = page.ctx.library.lib
    assert lib.get(page.library_id).verdict_text.startswith("you solved it in")
    assert lib.progress(page.library_id).solved


def test_the_game_is_restored_when_the_puzzle_comes_back(qtbot, window) -> None:
    page = start(qtbot, window)
    page.doc.set_digit(0, 0, 4)
    page.doc.toggle_mark(0, 1, 3)
    page.play_button.setChecked(False)  # saved
    page.load_text("." * 80 + "1\n", "other.txt")
    assert page.doc.entries.sum() == 0 and not page.play.active
    page.load_text(Q + "\n", "again.txt")
    assert page.play.active and page.play_button.isChecked()  # a game in progress carries on
    assert page.doc.entries[0, 0] == 4 and page.doc.marks[0, 1, 3]
    assert page.doc.givens[0, 0] == 0


@pytest.fixture
def bundled(monkeypatch):
    monkeypatch.delenv("TRM_BUNDLED_MODELS")  # this test plays with the bundled network


def test_network_hint_and_overlay(qtbot, bundled, window) -> None:
    page = start(qtbot, window)
    panel = page.play_panel
    assert page.panel.models.selected_info().bundled
    qtbot.waitUntil(lambda: bool(page.play._models), timeout=30000)  # loaded when play started
    panel.net_button.click()
    qtbot.waitUntil(lambda: panel.net is not None, timeout=30000)
    h = panel.net
    assert h.cell is not None and h.digit == SOL[h.cell]
    assert panel.net_text.text().startswith("The network is surest of") and panel.belief.values
    assert page.board.highlight.placements == ((h.cell[0] * 9 + h.cell[1], h.digit),)
    panel.overlay.setChecked(True)
    assert page.board.overlay is not None and page.board.overlay.shape == (9, 9)
    panel.overlay.setChecked(False)
    assert page.board.overlay is None


def test_a_puzzle_loaded_under_a_game_ends_it(qtbot, window) -> None:
    from solver.puzzles import sudoku

    page = start(qtbot, window)
    page.doc.load(sudoku.from_string("." * 80 + "1"))  # loaded by something other than the page's Open
    assert not page.play.active and not page.play_button.isChecked()
    assert not page.play_panel.isVisibleTo(page) and page.clear_button.isEnabled()
