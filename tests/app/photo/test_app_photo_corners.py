"""Photo import when the grid finder finds no grid or is unsure: the outline's corners are handles the
person drags onto the grid, and "Read at these corners" reads the grid there (in a worker)."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

import trm_app.photo.dialog as photo_dialog
from solver.vision.synthetic_grids import gridless_sudoku

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"
EXPECTED = json.loads((PHOTOS / "expected.json").read_text())
LINE = "530070000600195000098000060800060003400803001700020006060000280000419005000080079"
TIMEOUT = 20000


def _send(view, kind, pos: QPointF, buttons) -> None:
    button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    QApplication.sendEvent(view, QMouseEvent(kind, pos, view.mapToGlobal(pos), button, buttons,
                                             Qt.KeyboardModifier.NoModifier))


def drag(view, i: int, to_xy) -> None:
    """Drag handle i of the photo view to image pixel `to_xy`, as the mouse does."""
    a, b = view.to_widget(*view.corners[i]), view.to_widget(*to_xy)
    left = Qt.MouseButton.LeftButton
    _send(view, QMouseEvent.Type.MouseButtonPress, a, left)
    for t in (0.3, 0.7, 1.0):
        _send(view, QMouseEvent.Type.MouseMove, a + (b - a) * t, left)
    _send(view, QMouseEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)


@pytest.fixture
def asked(monkeypatch) -> list:
    """The corners each read was asked to read at (None: look for the grid)."""
    seen: list = []
    real = photo_dialog.read_image

    def spy(source, kind, photo=None, corners=None):
        seen.append(None if corners is None else np.array(corners))
        return real(source, kind, photo, corners)
    monkeypatch.setattr(photo_dialog, "read_image", spy)
    return seen


def wait_read(qtbot, d, n: int, asked: list) -> None:
    qtbot.waitUntil(lambda: len(asked) >= n and not d.reading, timeout=TIMEOUT)


def grid_line(d) -> str:
    return "".join(str(int(v)) for v in d.editor.grid.ravel())


def test_no_grid_then_corners_dragged_onto_the_grid_and_read(qtbot, window, tmp_path: Path, asked) -> None:
    img, true = gridless_sudoku(LINE)
    path = tmp_path / "gridless.png"
    cv2.imwrite(str(path), img)
    d = window.open_photo(path)
    wait_read(qtbot, d, 1, asked)
    assert d.result.reading is None and "No grid found" in d.message.text()
    v = d.photo_view
    assert v.editable and v.offered and v.corners is not None     # a square to start from: nothing was near
    assert d.corners_button.isEnabled() and not d.use_button.isEnabled()
    for i in range(4):
        drag(v, i, true[i])
    assert np.abs(v.corners - true).max() < 2.0
    qtbot.mouseClick(d.corners_button, Qt.MouseButton.LeftButton)
    wait_read(qtbot, d, 2, asked)
    assert np.abs(asked[1] - true).max() < 2.0                     # the dragged corners reached the reader
    assert grid_line(d) == LINE and "at the corners given" in d.message.text()
    assert not v.offered and d.use_button.isEnabled()
    assert d.use_puzzle()
    assert "".join(str(int(x)) for x in window.sudoku.doc.givens.ravel()) == LINE


def test_dragging_a_handle_changes_the_grid_read(qtbot, window, asked) -> None:
    d = window.open_photo(PHOTOS / "sudoku_upright.jpg")
    wait_read(qtbot, d, 1, asked)
    expected = EXPECTED["sudoku_upright.jpg"]["grid"]
    assert grid_line(d) == expected and d.photo_view.editable and not d.corners_button.isEnabled()
    v = d.photo_view
    found = v.corners.copy()
    # The top-left corner dragged a third of the way into the grid: the outline now cuts through cells.
    moved = found[0] + (found[2] - found[0]) / 3
    drag(v, 0, moved)
    assert d.corners_button.isEnabled() and "Read at these corners" in d.message.text()
    qtbot.mouseClick(d.corners_button, Qt.MouseButton.LeftButton)
    wait_read(qtbot, d, 2, asked)
    assert np.abs(asked[1][0] - moved).max() < 2.0
    assert np.abs(asked[1][1:] - found[1:]).max() < 2.0
    assert grid_line(d) != expected
    # And back onto the grid's corner (the handles now follow the grid read, upright first).
    drag(v, int(np.argmin(np.linalg.norm(v.corners - moved, axis=1))), found[0])
    qtbot.mouseClick(d.corners_button, Qt.MouseButton.LeftButton)
    wait_read(qtbot, d, 3, asked)
    assert grid_line(d) == expected


def test_corners_that_outline_nothing_keep_the_photo(qtbot, window, asked) -> None:
    d = window.open_photo(PHOTOS / "no_grid_crossword.jpg")
    wait_read(qtbot, d, 1, asked)
    v = d.photo_view
    assert v.offered and "nearest to a grid" in d.message.text()  # the finder's best outline is offered
    c = v.corners.copy()
    for i in (1, 2, 3):
        drag(v, i, c[0] + (i, i))                                   # all four corners in one spot
    qtbot.mouseClick(d.corners_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cannot read a grid at these corners" in d.message.text(), timeout=TIMEOUT)
    assert v.image is not None and v.editable and d.corners_button.isEnabled()
    assert window.ctx.reporter.messages == []
