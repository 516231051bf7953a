"""Sudoku editing: keys, arrows, undo/redo, paste, conflicts, the generator and the uniqueness check."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def click_cell(qtbot, board, r: int, c: int) -> None:
    rect = board.geometry_for(board.rect().toRectF()).cell_rect(r, c)
    qtbot.mouseClick(board, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))


def test_click_type_arrows_delete(qtbot, window) -> None:
    page = window.sudoku
    board = page.board
    click_cell(qtbot, board, 2, 3)
    assert board.selected == (2, 3)
    qtbot.keyClick(board, Qt.Key.Key_7)
    assert page.doc.givens[2, 3] == 7
    qtbot.keyClick(board, Qt.Key.Key_Right)
    qtbot.keyClick(board, Qt.Key.Key_4)
    assert page.doc.givens[2, 4] == 4
    qtbot.keyClick(board, Qt.Key.Key_Down)
    qtbot.keyClick(board, Qt.Key.Key_Left)
    assert board.selected == (3, 3)
    qtbot.keyClick(board, Qt.Key.Key_Up)
    qtbot.keyClick(board, Qt.Key.Key_Delete)
    assert page.doc.givens[2, 3] == 0
    board.select(2, 0)
    qtbot.keyClick(board, Qt.Key.Key_Left)  # wraps around to the row's end
    assert board.selected == (2, 8)


def test_undo_redo_through_the_window(qtbot, window) -> None:
    page = window.sudoku
    board = page.board
    click_cell(qtbot, board, 0, 0)
    for key in (Qt.Key.Key_1, Qt.Key.Key_Right, Qt.Key.Key_2):
        qtbot.keyClick(board, key)
    assert page.doc.givens[0, :2].tolist() == [1, 2]
    qtbot.keyClick(board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.doc.givens[0, :2].tolist() == [1, 0]
    qtbot.keyClick(board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not page.doc.givens.any()
    qtbot.keyClick(board, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert page.doc.givens[0, 0] == 1
    page.doc.clear()
    assert not page.doc.givens.any()
    page.doc.undo_stack.undo()
    assert page.doc.givens[0, 0] == 1


def test_pencil_marks(qtbot, window) -> None:
    page = window.sudoku
    click_cell(qtbot, page.board, 4, 4)
    page.pencil.setChecked(True)
    qtbot.keyClick(page.board, Qt.Key.Key_3)
    qtbot.keyClick(page.board, Qt.Key.Key_5)
    assert page.doc.marks[4, 4, 3] and page.doc.marks[4, 4, 5] and page.doc.givens[4, 4] == 0
    qtbot.keyClick(page.board, Qt.Key.Key_3)  # toggles off
    assert not page.doc.marks[4, 4, 3]
    qtbot.keyClick(page.board, Qt.Key.Key_P)  # back to digits
    qtbot.keyClick(page.board, Qt.Key.Key_9)
    assert page.doc.givens[4, 4] == 9 and not page.doc.marks[4, 4].any()


def test_paste_line_and_bad_paste(qtbot, window, ctx) -> None:
    assert window.paste_text(LINE)
    assert window.tabs.currentWidget() is window.sudoku
    assert window.sudoku.doc.givens[0, :2].tolist() == [5, 3] and window.sudoku.doc.puzzle().n_givens == 30
    before = window.sudoku.doc.givens.copy()
    assert not window.paste_text(LINE[:-1] + "x")
    assert "<clipboard>" in ctx.reporter.last and "'x' at r9c9" in ctx.reporter.last
    assert np.array_equal(window.sudoku.doc.givens, before)  # a bad paste changes nothing


def test_paste_from_the_clipboard_shortcut(qtbot, window) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText(LINE)
    qtbot.keyClick(window.sudoku.board, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.sudoku.doc.puzzle().n_givens == 30


def test_conflicting_givens_are_highlighted(qtbot, window) -> None:
    page = window.sudoku
    page.doc.set_digit(2, 4, 7)
    page.doc.set_digit(2, 7, 7)
    page.doc.set_digit(5, 0, 1)
    assert page.doc.conflicts() == {(2, 4), (2, 7)}
    assert "r3c5 and r3c8 both hold 7" in page.status.text()
    img = page.board.grab().toImage()
    g = page.board.geometry_for(page.board.rect().toRectF())

    def corner(r: int, c: int):
        pt = g.cell_rect(r, c).topLeft()
        return img.pixelColor(int(pt.x()) + 4, int(pt.y()) + 4)

    bad, fine = corner(2, 7), corner(5, 5)
    assert bad.red() - bad.green() > 25 and fine.red() - fine.green() < 10  # red tint only on conflicts
    page.doc.set_digit(2, 7, 0)
    assert page.doc.conflicts() == set()
    assert "Conflicts" not in page.status.text()


def test_generate_in_a_worker(qtbot, window) -> None:
    page = window.sudoku
    page.difficulty.setCurrentText("easy")
    page.generate()
    assert not page.new_button.isEnabled()  # running in the background
    qtbot.waitUntil(lambda: page.new_button.isEnabled(), timeout=20000)
    n = page.doc.puzzle().n_givens
    assert 33 <= n <= 40 and page.doc.puzzle().solution is not None
    assert window.ctx.settings.choice("sudoku/difficulty", "") == "easy"


def test_uniqueness_check(qtbot, window) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    page.check_uniqueness()
    qtbot.waitUntil(lambda: "exactly one solution" in page.status.text(), timeout=10000)
    page.doc.clear()
    page.check_uniqueness()
    qtbot.waitUntil(lambda: "several solutions" in page.status.text(), timeout=10000)
    page.doc.set_digit(0, 0, 5)
    page.doc.set_digit(0, 1, 5)
    page.check_uniqueness()
    qtbot.waitUntil(lambda: "no solution" in page.status.text(), timeout=10000)
