"""Photo import: the dialog reads the fixture photos in a worker, shows what it found, lets cells be
checked and corrected, and "Use this puzzle" opens the puzzle in its editor and the library."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from trm_app.photo.webcam import Webcam

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"
EXPECTED = json.loads((PHOTOS / "expected.json").read_text())
TIMEOUT = 20000


def read(qtbot, window, name: str):
    d = window.open_photo(PHOTOS / name)
    qtbot.waitUntil(lambda: d.result is not None, timeout=TIMEOUT)
    return d


def grid_rows(d) -> list[str]:
    g = d.editor.grid
    if d.editor.kind == "maze":
        return ["".join("#.SG"[int(v)] for v in row) for row in g]
    return ["".join(str(int(v)) for v in row) for row in g]


def click_cell(qtbot, editor, r: int, c: int) -> None:
    rect = editor.geometry_for(editor.rect().toRectF()).cell_rect(r, c)
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))


def drop(widget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    e = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                   Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(e)


class FakeCapture:
    def __init__(self, frame: np.ndarray | None):
        self.frame = frame

    def isOpened(self) -> bool:
        return self.frame is not None

    def read(self):
        return (self.frame is not None), self.frame

    def release(self) -> None:
        pass


def test_sudoku_photo_read_and_used(qtbot, window) -> None:
    d = read(qtbot, window, "sudoku_upright.jpg")
    assert "".join(grid_rows(d)) == EXPECTED["sudoku_upright.jpg"]["grid"]
    assert d.photo_view.corners is not None and d.warped_view.image is not None
    assert "Read a Sudoku" in d.message.text() and d.check_label.text() == "No cells to check"
    assert d.use_button.isEnabled()
    assert not d.grab().isNull()
    qtbot.mouseClick(d.use_button, Qt.MouseButton.LeftButton)
    assert window.photo_dialog is None and window.page is window.sudoku
    line = EXPECTED["sudoku_upright.jpg"]["grid"]
    assert "".join(str(int(v)) for v in window.sudoku.doc.givens.ravel()) == line
    assert window.sudoku.path is None            # Save asks: it never writes over the photo
    entry = window.ctx.library.search(kind="sudoku")[0]
    assert entry.photo == str(PHOTOS / "sudoku_upright.jpg") and entry.text.replace(".", "0") == line
    window.sudoku.doc.undo_stack.undo()           # the load is undoable, like opening a file
    assert not window.sudoku.doc.givens.any()


@pytest.mark.parametrize("name", ["maze_photo.jpg", "arc_screenshot.png", "sudoku_sideways.jpg"])
def test_each_kind_through_the_dialog(qtbot, window, name: str) -> None:
    d = read(qtbot, window, name)
    exp = EXPECTED[name]
    assert d.editor.kind == exp["kind"]
    rows = grid_rows(d)
    assert ("".join(rows) if exp["kind"] == "sudoku" else rows) == exp["grid"]
    if exp.get("quarter_turns"):
        assert "turned 90°" in d.message.text()
    assert d.use_puzzle()
    page = window.pages[exp["kind"]]
    assert window.page is page
    if exp["kind"] == "maze":
        assert np.array_equal(page.doc.grid, d.editor.grid)
    elif exp["kind"] == "arc":
        assert np.array_equal(page.doc.test_input, d.editor.grid)
        assert page.doc.name == Path(name).stem
    assert window.ctx.library.search(kind=exp["kind"])[0].photo == str(PHOTOS / name)


def test_no_grid_is_a_message_not_a_puzzle(qtbot, window) -> None:
    d = read(qtbot, window, "no_grid_text.jpg")
    assert d.result.reading is None
    assert "No grid found" in d.message.text()
    assert not d.use_button.isEnabled() and not d.editor.grid.size
    # Nothing was near a grid: a square outline to drag onto one (tests/app/photo/test_app_photo_corners.py).
    assert d.photo_view.image is not None and d.photo_view.offered and d.result.offered is None
    assert not d.use_puzzle()
    assert window.ctx.reporter.messages == []     # an outcome, not an error
    assert not window.sudoku.doc.givens.any()


def test_unreadable_file_goes_to_the_reporter(qtbot, window, tmp_path: Path) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_text("not a picture")
    d = window.open_photo(bad)
    qtbot.waitUntil(lambda: bool(window.ctx.reporter.messages), timeout=TIMEOUT)
    assert "not an image" in window.ctx.reporter.last
    assert "could not be read" in d.message.text() and not d.use_button.isEnabled()


def test_low_confidence_cells_are_checked_and_corrected(qtbot, window) -> None:
    d = read(qtbot, window, "sudoku_upright.jpg")
    r = d.result.reading
    conf = r.confidence.copy()
    low = [(0, 1), (4, 4), (8, 8)]
    for cell in low:
        conf[cell] = 0.4
    d.show_result(dataclasses.replace(d.result, reading=dataclasses.replace(r, confidence=conf)))
    assert d.check_label.text() == "3 cells to check"
    ed = d.editor
    assert ed.selected == (0, 1)                  # the first cell to check is selected
    qtbot.mouseClick(d.next_button, Qt.MouseButton.LeftButton)
    assert ed.selected == (4, 4)
    qtbot.mouseClick(d.prev_button, Qt.MouseButton.LeftButton)
    assert ed.selected == (0, 1)
    qtbot.mouseClick(d.prev_button, Qt.MouseButton.LeftButton)   # wraps around
    assert ed.selected == (8, 8)
    click_cell(qtbot, ed, 4, 4)                   # correct one: click and type
    qtbot.keyClick(ed, Qt.Key.Key_9)
    assert ed.grid[4, 4] == 9 and d.check_label.text() == "2 cells to check"
    click_cell(qtbot, ed, 0, 1)
    qtbot.keyClick(ed, Qt.Key.Key_Return)         # confirm as read; moves on to the next one
    assert d.check_label.text() == "1 cell to check" and ed.selected == (8, 8)
    click_cell(qtbot, ed, 0, 0)
    qtbot.keyClick(ed, Qt.Key.Key_Delete)         # any cell can be corrected, also a sure one
    assert ed.grid[0, 0] == 0
    qtbot.keyClick(ed, Qt.Key.Key_4)
    assert d.problems.text()                      # a second 4 in row 1: said before the puzzle is used
    qtbot.keyClick(ed, Qt.Key.Key_0)
    assert d.use_puzzle()
    assert window.sudoku.doc.givens[4, 4] == 9 and window.sudoku.doc.givens[0, 0] == 0


def test_maze_cell_to_check_and_start_moves(qtbot, window) -> None:
    d = read(qtbot, window, "maze_photo.jpg")
    ed = d.editor
    assert d.check_label.text() == "1 cell to check" and ed.selected == (6, 16)
    qtbot.mouseClick(d.confirm_button, Qt.MouseButton.LeftButton)
    assert d.check_label.text() == "No cells to check"
    click_cell(qtbot, ed, 0, 0)
    qtbot.keyClick(ed, Qt.Key.Key_S)              # the start moves: a maze has one
    assert ed.grid[0, 0] == 2 and ed.grid[6, 16] == 1 and (ed.grid == 2).sum() == 1
    qtbot.keyClick(ed, Qt.Key.Key_W)
    assert "exactly one start" in d.problems.text()


def test_webcam_frame_is_read_and_kept(qtbot, window, isolated_dirs: Path) -> None:
    frame = cv2.imread(str(PHOTOS / "sudoku_tilted.jpg"))
    window.photo_webcam = Webcam(opener=lambda _i: FakeCapture(frame))
    d = window.open_photo()
    qtbot.waitUntil(d.webcam_button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(d.webcam_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.result is not None, timeout=TIMEOUT)
    assert "".join(grid_rows(d)) == EXPECTED["sudoku_tilted.jpg"]["grid"]
    saved = Path(d.result.photo)
    assert saved.is_file() and saved.is_relative_to(isolated_dirs / "data")
    assert d.use_puzzle()
    assert window.ctx.library.search(kind="sudoku")[0].photo == str(saved)


def test_no_camera(qtbot, window) -> None:
    window.photo_webcam = Webcam(opener=lambda _i: FakeCapture(None))
    d = window.open_photo()
    qtbot.waitUntil(lambda: "No webcam" in d.webcam_button.toolTip(), timeout=TIMEOUT)
    assert not d.webcam_button.isEnabled()
    with pytest.raises(OSError, match="no webcam"):
        window.photo_webcam.grab()
    assert Webcam(index=99).probe() is False      # OpenCV itself, on a camera that is not there


def test_drop_an_image_on_the_window_and_on_the_dialog(qtbot, window) -> None:
    drop(window, PHOTOS / "arc_screenshot.png")
    d = window.photo_dialog
    assert d is not None
    qtbot.waitUntil(lambda: d.result is not None, timeout=TIMEOUT)
    assert d.editor.kind == "arc"
    drop(d, PHOTOS / "sudoku_small.jpg")
    qtbot.waitUntil(lambda: d.result is not None and d.result.name == "sudoku_small.jpg", timeout=TIMEOUT)
    assert "".join(grid_rows(d)) == EXPECTED["sudoku_small.jpg"]["grid"]


def test_read_as_another_kind(qtbot, window) -> None:
    d = read(qtbot, window, "arc_screenshot.png")
    d.kind_combo.setCurrentIndex(d.kind_combo.findData("sudoku"))
    d.reread()
    qtbot.waitUntil(lambda: d.result is not None and d.result.reading is None, timeout=TIMEOUT)
    assert "No grid found" in d.message.text()
