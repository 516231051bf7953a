"""The rating of a Sudoku (the hardest technique its logical solution needs, beside the search's level) is
shown in the editor's status and kept in the library, whose list shows it."""
from __future__ import annotations

from trm_app.library_panel import COLUMNS

Q = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
EASY = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_rating_in_the_editor_and_the_library(qtbot, window) -> None:
    page = window.sudoku
    page.load_text(Q + "\n", "hard.txt")
    qtbot.waitUntil(lambda: "Rated" in page.status.text(), timeout=30000)
    assert "Rated fiendish: needs X-chain" in page.status.text() and "search level" in page.status.text()
    first = page.library_id
    page.load_text(EASY + "\n", "easy.txt")
    qtbot.waitUntil(lambda: "Rated easy" in page.status.text(), timeout=30000)
    window.library_dock.show()
    panel = window.library_panel
    panel.refresh()
    col = COLUMNS.index("Rating")
    shown = {e.id: panel.table.item(row, col).text() for row, e in enumerate(panel.entries)}
    assert shown[first].startswith("fiendish: needs X-chain") and shown[page.library_id].startswith("easy")


def test_a_typed_puzzle_is_rated_when_played(qtbot, window) -> None:
    page = window.sudoku
    page.load_text("." * 81 + "\n", "blank.txt")
    for i, ch in enumerate(EASY):
        if ch != ".":
            page.doc.set_digit(i // 9, i % 9, int(ch))
    assert "Rated" not in page.status.text()
    page.play_button.setChecked(True)
    qtbot.waitUntil(lambda: "Rated easy" in page.status.text(), timeout=30000)
    assert window.ctx.library.ratings([page.library_id])[page.library_id].startswith("easy")
