"""Maze editing: painting and erasing walls by dragging, S and G, sizes, the generator, undo."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from solver.puzzles.maze import GOAL, OPEN, START, WALL


def centre(board, r: int, c: int) -> QPointF:
    return board.geometry_for(board.rect().toRectF()).cell_rect(r, c).center()


def drag(board, cells, button=Qt.MouseButton.LeftButton) -> None:
    """A press on the first cell, moves across the others, a release: one stroke."""
    points = [centre(board, r, c) for r, c in cells]

    def send(kind, pt, buttons) -> None:
        ev = QMouseEvent(kind, pt, board.mapToGlobal(pt), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(board, ev)

    send(QMouseEvent.Type.MouseButtonPress, points[0], button)
    for pt in points[1:]:
        send(QMouseEvent.Type.MouseMove, pt, button)
    send(QMouseEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def test_drag_paints_walls_as_one_undo_step(qtbot, window) -> None:
    page = window.maze
    doc = page.doc
    assert doc.shape == (10, 10)
    drag(page.board, [(2, c) for c in range(1, 8)])
    assert (doc.grid[2, 1:8] == WALL).all() and doc.undo_stack.count() == 1
    drag(page.board, [(2, 3), (2, 4)], button=Qt.MouseButton.RightButton)  # right-drag erases
    assert doc.grid[2, 3] == OPEN and doc.grid[2, 4] == OPEN and doc.grid[2, 5] == WALL
    doc.undo_stack.undo()
    assert (doc.grid[2, 1:8] == WALL).all()
    doc.undo_stack.undo()
    assert not (doc.grid == WALL).any()
    doc.undo_stack.redo()
    assert (doc.grid[2, 1:8] == WALL).all()


def test_erase_tool_and_walls_spare_s_and_g(qtbot, window) -> None:
    page = window.maze
    drag(page.board, [(0, 0), (0, 1), (0, 2)])  # S sits at r1c1: the stroke must leave it
    assert page.doc.grid[0, 0] == START and (page.doc.grid[0, 1:3] == WALL).all()
    page.tool_buttons["erase"].click()
    drag(page.board, [(0, 1), (0, 2)])
    assert (page.doc.grid[0, 1:3] == OPEN).all()


def test_place_start_and_goal(qtbot, window) -> None:
    page = window.maze
    page.tool_buttons["start"].click()
    pt = centre(page.board, 5, 5)
    qtbot.mouseClick(page.board, Qt.MouseButton.LeftButton, pos=QPoint(int(pt.x()), int(pt.y())))
    assert page.doc.grid[5, 5] == START and (page.doc.grid == START).sum() == 1
    page.tool_buttons["goal"].click()
    pt = centre(page.board, 6, 6)
    qtbot.mouseClick(page.board, Qt.MouseButton.LeftButton, pos=QPoint(int(pt.x()), int(pt.y())))
    assert page.doc.grid[6, 6] == GOAL and (page.doc.grid == GOAL).sum() == 1
    page.doc.undo_stack.undo()
    assert page.doc.grid[9, 9] == GOAL


def test_resize_with_spin_boxes(qtbot, window, ctx) -> None:
    page = window.maze
    page.rows.setValue(30)
    page.cols.setValue(25)
    assert page.doc.shape == (30, 25)
    page.rows.setValue(5)
    assert page.doc.shape == (5, 25)
    assert "goal" in page.status.text()  # G was cut off: the status says what is missing
    assert not page.solve() and "needs a goal (G)" in ctx.reporter.last
    page.doc.undo_stack.undo()
    assert page.doc.shape == (30, 25) and page.rows.value() == 30


def test_generate_by_level(qtbot, window) -> None:
    page = window.maze
    page.level.setCurrentText("medium")
    page.generate()
    qtbot.waitUntil(lambda: page.generate_button.isEnabled(), timeout=10000)
    assert page.doc.shape == (20, 20) and page.rows.value() == 20
    assert (page.doc.grid == START).sum() == 1 and (page.doc.grid == GOAL).sum() == 1
