"""Maze play mode driven through the window: a path drawn with the mouse and the arrow keys, walls
refused, a dead end flagged, the hint's next moves, undo, solved with its time, and the game restored
from the library."""
from __future__ import annotations

from PySide6.QtCore import Qt

from solver.puzzles.maze import WALL

from .test_app_maze_editor import drag

# S r1c1, G r1c5; a wall down column 3 to row 2; the bottom row ends in a cul-de-sac at r5c4.
MAZE = "S.#.G\n..#..\n.....\n.###.\n....#\n"


def start(qtbot, window, text: str = MAZE):
    page = window.maze
    window.tabs.setCurrentWidget(page)
    page.load_text(text, "play.txt")
    page.play_button.setChecked(True)
    assert page.play.active and page.play_panel.isVisible()
    return page


def test_mouse_and_arrow_keys_draw_the_path_and_walls_stay(qtbot, window) -> None:
    page = start(qtbot, window)
    play, board = page.play, page.board
    walls = page.doc.grid.copy()
    drag(board, [(0, 0), (1, 0), (2, 0), (2, 1)])
    assert play.path == ((0, 0), (1, 0), (2, 0), (2, 1))
    assert (page.doc.grid == walls).all() and page.doc.undo_stack.count() == 1  # the maze is not painted
    qtbot.keyClick(board, Qt.Key.Key_Up)
    assert play.path[-1] == (1, 1)
    qtbot.keyClick(board, Qt.Key.Key_Right)  # a wall
    assert play.path[-1] == (1, 1) and page.doc.grid[1, 2] == WALL
    qtbot.keyClick(board, Qt.Key.Key_Backspace)
    assert play.path[-1] == (2, 1)
    page.play_panel.undo.click()
    assert play.path[-1] == (1, 1)
    page.play_panel.undo.click()
    page.play_panel.undo.click()  # the whole drag was one stroke
    assert play.path == ((0, 0),)
    assert "0 moves so far; the shortest takes 8" in page.play_panel.verdict.text()
    assert not page.tool_buttons["wall"].isEnabled()


def test_dead_end_flagged_and_the_hint_leads_out(qtbot, window) -> None:
    page = start(qtbot, window)
    play, panel = page.play, page.play_panel
    drag(page.board, [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (4, 1), (4, 2), (4, 3)])
    assert play.dead == 2
    assert panel.warning.text().startswith("<b>Dead end</b> at r5c4") and "back up to r3c1" in panel.warning.text()
    panel.hint_button.click()
    assert play.hint_cells() == ((4, 2), (4, 1), (4, 0)) and "dead end" in panel.hint_text.text()
    drag(page.board, [(2, 0), (2, 1)])  # back up onto the path, then out
    assert play.dead is None and panel.warning.text() == "" and play.hint is None


def test_solved_with_the_time_and_kept_in_the_library(qtbot, window) -> None:
    page = start(qtbot, window)
    play, panel = page.play, page.play_panel
    while not play.is_solved:
        panel.hint_button.click()
        for cell in play.hint_cells():
            drag(page.board, [play.path[-1], cell])
    assert play.moves() == 8 and panel.verdict.text().startswith("Solved in 0:0")
    assert "8 moves (the shortest way)" in panel.verdict.text() and not panel.hint_button.isEnabled()
    lib = window.ctx.library.lib
    assert lib.get(page.library_id).verdict_text.startswith("you found the way in")
    assert lib.progress(page.library_id).solved


def test_the_game_is_restored_when_the_maze_comes_back(qtbot, window) -> None:
    page = start(qtbot, window)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Right):
        qtbot.keyClick(page.board, key)
    page.play_button.setChecked(False)  # saved
    page.load_text("S...G\n", "other.txt")
    assert not page.play.active
    page.load_text(MAZE, "again.txt")
    assert page.play.active and page.play_button.isChecked()
    assert page.play.path == ((0, 0), (1, 0), (2, 0), (2, 1))


def test_a_maze_without_a_goal_cannot_be_played(qtbot, window) -> None:
    page = window.maze
    page.load_text(MAZE, "play.txt")
    page.doc.grid[0, 4] = 1  # G removed by hand
    page.play_button.setChecked(True)
    assert not page.play.active and not page.play_button.isChecked()


def test_undoing_the_maze_under_a_game_ends_it(qtbot, window) -> None:
    page = start(qtbot, window)
    qtbot.keyClick(page.board, Qt.Key.Key_Down)
    page.doc.undo_stack.undo()  # Edit > Undo: the maze's loading taken back
    assert not page.play.active and not page.play_button.isChecked() and page.tool_buttons["wall"].isEnabled()
