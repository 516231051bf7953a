"""A folder of photos into the library: read in a worker with progress and Cancel, each entry with its
confidence, the ones to check listed and opened in the photo import dialog; a corrected reading replaces
its entry."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from trm_app.library_panel import COLUMNS
from trm_app.photo.folder import NO_GRID, READ, UNREADABLE

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"
EXPECTED = json.loads((PHOTOS / "expected.json").read_text())
TIMEOUT = 60000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two Sudoku photos, one without a grid, one file that is no image."""
    out = tmp_path / "photos"
    out.mkdir()
    for name in ("sudoku_upright.jpg", "sudoku_tilted.jpg", "no_grid_text.jpg"):
        shutil.copy(PHOTOS / name, out / name)
    (out / "zz_broken.jpg").write_bytes(b"not a photo")
    return out


def import_folder(qtbot, window, folder: Path):
    d = window.import_photo_folder()
    d.start(folder)
    qtbot.waitUntil(lambda: d.job is None, timeout=TIMEOUT)
    return d


def entry_for(window, name: str):
    hits = [e for e in window.ctx.library.search() if e.photo and Path(e.photo).name == name]
    assert len(hits) == 1
    return hits[0]


def test_folder_read_into_library_with_confidence_and_the_ones_to_check(qtbot, window, folder) -> None:
    d = import_folder(qtbot, window, folder)
    by_name = {p.path.name: p for p in d.rows}
    assert [p.status for p in d.rows] == [NO_GRID, READ, READ, UNREADABLE]      # name order
    assert d.progress.value() == d.progress.maximum() == 4
    for name in ("sudoku_upright.jpg", "sudoku_tilted.jpg"):
        e = entry_for(window, name)
        assert e.text.replace(".", "0") == EXPECTED[name]["grid"]
        reading = window.ctx.library.photo_reading(e.id)
        assert reading == pytest.approx((by_name[name].confidence, by_name[name].unsure))
    assert len(window.ctx.library.search()) == 2                 # no grid, no image: nothing kept
    check = {p.path.name for p in d.to_check()}
    assert {"no_grid_text.jpg", "zz_broken.jpg"} <= check
    assert "4 photos: 2 read into the library" in d.message.text()
    # "Only the ones to check" hides the sure ones.
    d.only_check.setChecked(True)
    shown = {d.rows[r].path.name for r in range(d.table.rowCount()) if not d.table.isRowHidden(r)}
    assert shown == check
    assert window.ctx.reporter.messages == []


def test_cancel_stops_between_photos(qtbot, window, folder) -> None:
    for i in range(6):
        shutil.copy(PHOTOS / "sudoku_upright.jpg", folder / f"more_{i}.jpg")
    d = window.import_photo_folder()
    d.start(folder)
    d.cancel()
    qtbot.waitUntil(lambda: d.job is None, timeout=TIMEOUT)
    assert len(d.rows) < 10 and "(cancelled)" in d.message.text()
    assert d.choose_button.isEnabled() and not d.cancel_button.isEnabled()


def test_a_photo_to_check_opens_in_the_import_dialog_and_its_correction_replaces_the_entry(
        qtbot, window, folder) -> None:
    d = import_folder(qtbot, window, folder)
    row = next(i for i, p in enumerate(d.rows) if p.path.name == "sudoku_upright.jpg")
    old = entry_for(window, "sudoku_upright.jpg")
    d.table.selectRow(row)
    d.open_selected()
    photo = window.photo_dialog
    assert photo is not None and photo._replaces == old.id
    qtbot.waitUntil(lambda: photo.result is not None and not photo.reading, timeout=TIMEOUT)
    photo.editor.set_cell(0, 0, 9)                               # the person corrects a cell
    assert photo.use_puzzle()
    entries = window.ctx.library.search()
    assert old.id not in [e.id for e in entries]                 # the wrong reading is gone
    new = entry_for(window, "sudoku_upright.jpg")
    assert new.text[0] == "9"
    assert window.ctx.library.photo_reading(new.id) == (pytest.approx(photo.editor.least_sure()),
                                                         len(photo.editor.to_check()))


def test_library_panel_lists_photos_to_check(qtbot, window, folder) -> None:
    import_folder(qtbot, window, folder)
    e = entry_for(window, "sudoku_tilted.jpg")
    window.ctx.library.set_photo_reading(e.id, 0.42, 3)
    panel = window.library_panel
    window.library_dock.show()
    panel.to_check.setChecked(True)
    assert [x.id for x in panel.entries] == [e.id]
    assert panel.table.item(0, COLUMNS.index("Photo reading")).text() == "3 cells to check"
    opened: list = []
    panel.checkRequested.connect(opened.append)
    panel.table.selectRow(0)
    panel.open_selected()
    assert [x.id for x in opened] == [e.id]                     # with its photo, not in the editor
    panel.to_check.setChecked(False)
    assert len(panel.entries) == 2


def test_digits_marked_as_own_entries_become_a_game_in_progress(qtbot, window) -> None:
    d = window.open_photo(PHOTOS / "sudoku_upright.jpg")
    qtbot.waitUntil(lambda: d.result is not None and not d.reading, timeout=TIMEOUT)
    grid = np.array([int(ch) for ch in EXPECTED["sudoku_upright.jpg"]["grid"]]).reshape(9, 9)
    own = [tuple(rc) for rc in np.argwhere(grid > 0)[:3]]
    for r, c in own:
        assert d.editor.toggle_own(r, c)
    blank = tuple(np.argwhere(grid == 0)[0])
    assert not d.editor.toggle_own(*blank)                      # a blank cell is nobody's entry
    assert d.own_label.text() == "3 of your entries"
    assert d.use_puzzle()
    doc = window.sudoku.doc
    for r, c in own:
        assert doc.givens[r, c] == 0 and doc.entries[r, c] == grid[r, c]
    assert int((doc.givens > 0).sum()) == int((grid > 0).sum()) - 3
    assert window.sudoku.play_button.isChecked()               # play mode, with the entries restored
    saved = window.ctx.library.progress(window.sudoku.library_id)
    assert saved is not None and saved.state.split(":")[1][own[0][0] * 9 + own[0][1]] == str(grid[own[0]])
