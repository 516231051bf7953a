"""Handwriting in the Sudoku editor: strokes drawn into a cell with the mouse are read by the photo digit
classifier in a worker; the digit goes into the cell (undoable); an unreadable scribble leaves it."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

TIMEOUT = 20000


def _send(pad, kind, pos: QPointF, buttons) -> None:
    button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    e = QMouseEvent(kind, pos, pad.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pad, e)


def write(pad, r: int, c: int, strokes: list[list[tuple[float, float]]]) -> None:
    """Draw strokes (points in the cell's 0-1 units) into cell (r, c) as mouse drags."""
    cr = pad.geometry(pad.rect().toRectF()).cell_rect(r, c)

    def at(x: float, y: float) -> QPointF:
        return QPointF(cr.left() + x * cr.width(), cr.top() + y * cr.height())

    left = Qt.MouseButton.LeftButton
    for stroke in strokes:
        _send(pad, QMouseEvent.Type.MouseButtonPress, at(*stroke[0]), left)
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for t in (0.25, 0.5, 0.75, 1.0):
                _send(pad, QMouseEvent.Type.MouseMove, at(x0 + t * (x1 - x0), y0 + t * (y1 - y0)), left)
        _send(pad, QMouseEvent.Type.MouseButtonRelease, at(*stroke[-1]), Qt.MouseButton.NoButton)


def test_handwritten_one_lands_in_the_cell_and_undoes(qtbot, window) -> None:
    page = window.sudoku
    page.handwriting.setChecked(True)
    assert page.pad.isVisible()
    write(page.pad, 2, 5, [[(0.38, 0.32), (0.52, 0.2), (0.52, 0.8)]])      # a 1 with its flag
    assert page.board.selected == (2, 5)
    qtbot.waitUntil(lambda: page.doc.givens[2, 5] == 1, timeout=TIMEOUT)
    assert "Read 1 in r3c6 (confidence" in page.status.text()
    qtbot.waitUntil(lambda: not page.pad._pending)                          # its ink is gone
    page.board.setFocus()
    qtbot.keyClick(page.board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.doc.givens[2, 5] == 0


def test_two_strokes_make_one_digit(qtbot, window) -> None:
    page = window.sudoku
    page.handwriting.setChecked(True)
    write(page.pad, 0, 0, [[(0.55, 0.2), (0.3, 0.6), (0.7, 0.6)], [(0.58, 0.35), (0.58, 0.8)]])   # a 4
    qtbot.waitUntil(lambda: page.doc.givens[0, 0] != 0, timeout=TIMEOUT)
    assert page.doc.givens[0, 0] == 4
    assert page.doc.undo_stack.count() == 1


def test_unreadable_scribble_leaves_the_cell(qtbot, window) -> None:
    page = window.sudoku
    page.doc.set_digit(4, 4, 6)
    page.handwriting.setChecked(True)
    write(page.pad, 4, 4, [[(0.5, 0.5), (0.52, 0.5)]])                       # a tap, not a digit
    qtbot.waitUntil(lambda: "Could not read that" in page.status.text(), timeout=TIMEOUT)
    assert page.doc.givens[4, 4] == 6


def test_mode_off_passes_clicks_to_the_board(qtbot, window) -> None:
    page = window.sudoku
    page.handwriting.setChecked(True)
    page.handwriting.setChecked(False)
    assert not page.pad.isVisible()
    rect = page.board.geometry_for(page.board.rect().toRectF()).cell_rect(7, 1)
    qtbot.mouseClick(page.board, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert page.board.selected == (7, 1)
