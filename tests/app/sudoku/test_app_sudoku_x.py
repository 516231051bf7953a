"""Sudoku X on the Sudoku page: the X toggle, diagonal conflicts, X files, the generator and the solve."""
from __future__ import annotations

import numpy as np

from solver.puzzles import sudoku_x


def _x_puzzle():
    return sudoku_x.generate(np.random.default_rng(3), "medium")


def test_the_toggle_makes_diagonal_repeats_conflicts_and_undoes(window) -> None:
    page = window.sudoku
    page.doc.set_digit(0, 0, 5)
    page.doc.set_digit(4, 4, 5)     # same main diagonal; another row, column and box
    assert not page.doc.conflicts()
    page.x_box.setChecked(True)
    assert page.doc.diagonal and page.kind == "sudoku-x" and page.session.kind == "sudoku-x"
    assert page.doc.conflicts() == {(0, 0), (4, 4)}
    assert "r1c1 and r5c5 both hold 5" in page.status.text()
    assert page.doc.to_text().startswith("X\n")
    assert not page.play_button.isEnabled()   # play mode's hints know the classic rules only
    page.doc.undo_stack.undo()
    assert not page.doc.diagonal and not page.x_box.isChecked() and page.kind == "sudoku"
    assert not page.doc.conflicts()


def test_an_x_file_opens_on_the_sudoku_page_as_sudoku_x(window, tmp_path) -> None:
    p = _x_puzzle()
    path = tmp_path / "x.txt"
    path.write_text("X\n" + sudoku_x.format(p) + "\n")
    assert window.open_path(path)
    page = window.page
    assert page is window.sudoku and page.x_box.isChecked() and page.kind == "sudoku-x"
    assert np.array_equal(page.doc.givens, p.givens)
    plain = tmp_path / "plain.txt"
    plain.write_text(sudoku_x.format(p) + "\n")
    assert window.open_path(plain) and not page.doc.diagonal


def test_solving_an_x_puzzle_without_a_network_uses_the_x_search(qtbot, window) -> None:
    page = window.sudoku
    p = _x_puzzle()
    page.load_text("X\n" + sudoku_x.format(p) + "\n", "x.txt")
    page.panel.models.combo.setCurrentIndex(page.panel.models.combo.count() - 1)  # exact search, no network
    with qtbot.waitSignal(page.session.finished, timeout=30000) as blocker:
        page.solve()
    r = blocker.args[0].result
    assert r.kind == "sudoku-x" and r.verified and np.array_equal(r.answer, p.solution)


def test_the_generator_makes_x_puzzles_when_x_is_on(qtbot, window) -> None:
    page = window.sudoku
    page.x_box.setChecked(True)
    assert [page.difficulty.itemText(i) for i in range(page.difficulty.count())] == list(sudoku_x.DIFFICULTIES)
    page.difficulty.setCurrentText("hard")
    page.generate()
    qtbot.waitUntil(lambda: page.new_button.isEnabled() and page.doc.givens.any(), timeout=30000)
    assert page.doc.diagonal
    assert sudoku_x.solution_count(page.doc.puzzle()) == 1 and 24 <= page.doc.puzzle().n_givens <= 26
