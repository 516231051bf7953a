"""ARC editing: flood fill, resize, copy from input, select / copy / paste, flips, undo, checking an
attempt, building a task from scratch."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from solver.puzzles import arc


def open_fill(window, samples_dir) -> None:
    assert window.open_path(samples_dir / "arc" / "fill.json")


def click(qtbot, view, r: int, c: int) -> None:
    pt = view.geometry_for(view.rect().toRectF()).cell_rect(r, c).center()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(int(pt.x()), int(pt.y())))


def test_copy_from_input_flood_fill_and_undo(qtbot, window, samples_dir) -> None:
    open_fill(window, samples_dir)
    page = window.arc
    doc, out = page.doc, page.output
    assert window.tabs.currentWidget() is page and len(doc.train) == 3
    assert doc.target_grid.shape == (3, 3)
    out.copy_from_input()
    assert np.array_equal(doc.target_grid, doc.test_input)
    page.tools.set_tool("fill")
    page.tools.set_colour(4)
    # the inside of the first ring in the test input is background 0 enclosed by 3s
    inside = tuple(int(v) for v in np.argwhere(doc.test_input == 0)[0])
    before = doc.target_grid.copy()
    click(qtbot, out.view, *inside)
    changed = doc.target_grid != before
    assert changed.any() and (doc.target_grid[changed] == 4).all()
    doc.undo_stack.undo()
    assert np.array_equal(doc.target_grid, before)
    doc.undo_stack.undo()
    assert doc.target_grid.shape == (3, 3)


def test_resize_reset_flip_rotate(qtbot, window, samples_dir) -> None:
    open_fill(window, samples_dir)
    out, doc = window.arc.output, window.arc.doc
    out.width_spin.setValue(5)
    out.height_spin.setValue(2)
    out.resize_grid()
    assert doc.target_grid.shape == (2, 5) and "5 x 2" in out.size_label.text()
    doc.paint(0, 0, 2)
    out._transform("flip_h")
    assert doc.target_grid[0, 4] == 2
    out._transform("rot_cw")
    assert doc.target_grid.shape == (5, 2) and doc.target_grid[4, 1] == 2
    out.reset_grid()
    assert doc.target_grid.shape == (3, 3) and not doc.target_grid.any()
    for _ in range(3):  # reset, rotation, flip
        doc.undo_stack.undo()
    assert doc.target_grid.shape == (2, 5) and doc.target_grid[0, 0] == 2


def test_edit_drag_select_copy_paste(qtbot, window, samples_dir) -> None:
    open_fill(window, samples_dir)
    page = window.arc
    doc, view, tools = page.doc, page.output.view, page.tools
    page.output.width_spin.setValue(4)
    page.output.height_spin.setValue(4)
    page.output.resize_grid()
    tools.set_tool("edit")
    qtbot.keyClick(view, Qt.Key.Key_6)  # digit keys pick the colour
    assert tools.colour == 6
    click(qtbot, view, 0, 0)
    click(qtbot, view, 0, 1)
    assert doc.target_grid[0, :2].tolist() == [6, 6]
    tools.set_tool("select")
    tools.set_selection((0, 0, 0, 1))
    assert view.copy_selection() and tools.clipboard.tolist() == [[6, 6]]
    tools.set_selection((3, 2, 3, 2))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert doc.target_grid[3, 2:].tolist() == [6, 6]
    tools.set_selection((1, 0, 2, 3))
    tools.pick_colour(8)  # a colour picked with a selection fills it
    assert (doc.target_grid[1:3] == 8).all()
    doc.undo_stack.undo()
    assert not doc.target_grid[1:3].any()


def test_submit_counts_attempts_and_checks(qtbot, window, samples_dir) -> None:
    open_fill(window, samples_dir)
    page = window.arc
    doc, out = page.doc, page.output
    out.check()
    assert doc.attempt_counts[0] == 1 and "not yet" in out.verdict_label.text()
    doc.set_target_grid(doc.expected.copy(), "cheat")
    out.check()
    assert doc.attempt_counts[0] == 2 and doc.last_verdict.ok and "correct" in out.verdict_label.text()
    assert "Attempts: 2" in out.attempts_label.text()


def test_build_a_task_from_scratch_and_save(qtbot, window, tmp_path) -> None:
    page = window.arc
    page.new_task()
    doc = page.doc
    doc.add_pair()
    assert len(doc.train) == 2 and len(page.pairs._labels) == 2
    doc.set_target(("train", 1, 1))
    assert "pair 2 output" in page.output.heading.text()
    doc.paint(1, 1, 3)
    doc.set_target(("test", 0, 1))  # gives the test an expected output
    doc.paint(0, 0, 5)
    page.output.back.click()
    assert doc.target == ("attempt",)
    doc.remove_pair(0)
    assert len(doc.train) == 1 and doc.train[0][1][1, 1] == 3
    page.name_edit.setText("my task")
    page.name_edit.editingFinished.emit()
    saved = page.save_to(tmp_path / "mine.json")
    task = arc.parse_tasks(saved.read_text(), str(saved))[0]
    assert task.train[0][1][1, 1] == 3 and task.test_outputs[0][0, 0] == 5
    doc.undo_stack.undo()  # the rename
    doc.undo_stack.undo()  # the removal
    assert len(doc.train) == 2


def test_browse_the_bundled_samples(qtbot, window) -> None:
    page = window.arc
    names = [page.samples.itemText(i) for i in range(page.samples.count())]
    assert "mirror.json" in names
    page.samples.activated.emit(names.index("collection.json"))
    assert page.item_combo.isVisible() and page.item_combo.count() > 1
    first = page.doc.name
    page.show_item(1)
    assert page.doc.name != first
