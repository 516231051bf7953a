"""Open, save, recent files, drag and drop: good files load, bad ones are reported by file and line."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from solver.puzzles.maze import WALL


def test_open_each_kind(window, data_dir: Path, samples_dir: Path) -> None:
    assert window.open_path(data_dir / "sudoku_one.txt")
    assert window.tabs.currentWidget() is window.sudoku and window.sudoku.doc.puzzle().n_givens == 30
    assert window.open_path(samples_dir / "maze" / "hard.txt")
    assert window.tabs.currentWidget() is window.maze and window.maze.doc.shape == (30, 30)
    assert window.open_path(samples_dir / "arc" / "mirror.json")
    assert window.tabs.currentWidget() is window.arc and window.arc.doc.name == "mirror"
    recent = window.ctx.settings.recent_files()
    assert recent[0].endswith("mirror.json") and len(recent) == 3
    assert window.recent_menu.isEnabled() and len(window.recent_menu.actions()) == 5  # 3, separator, clear
    assert "mirror.json" in window.windowTitle()


def test_a_file_of_several_puzzles(window, data_dir: Path) -> None:
    assert window.open_path(data_dir / "sudoku_three.txt")
    page = window.sudoku
    assert page.item_combo.count() == 3 and page.path is None  # Save must ask, not overwrite three
    page.show_item(2)
    assert page.doc.givens[0, 2] == 3


def test_bad_files_are_reported_with_file_and_line(window, ctx, data_dir: Path, tmp_path: Path) -> None:
    window.open_path(data_dir / "sudoku_one.txt")
    before = window.sudoku.doc.givens.copy()
    assert not window.open_path(data_dir / "sudoku_bad.txt")
    assert ctx.reporter.last.startswith(f"{data_dir / 'sudoku_bad.txt'}:2:")
    assert (window.sudoku.doc.givens == before).all()  # nothing changed

    bad_maze = tmp_path / "maze.txt"
    bad_maze.write_text("#####\n#S G#\n#####\n#S.G#\n")
    bad_maze.write_text("#####\n#S.G#\n#.#\n")
    assert not window.open_path(bad_maze, "maze")
    assert ctx.reporter.last.startswith(f"{bad_maze}:3:") and "equally wide" in ctx.reporter.last

    bad_json = tmp_path / "task.json"
    bad_json.write_text('{"train": [\n  {"input": [[1]], "output": [[1]]},\n  oops\n]}')
    assert not window.open_path(bad_json)
    assert ctx.reporter.last.startswith(f"{bad_json}:3:") and "invalid JSON" in ctx.reporter.last

    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    assert not window.open_path(binary)
    assert "binary" in ctx.reporter.last
    assert not window.open_path(tmp_path / "missing.txt")
    assert "no such file" in ctx.reporter.last
    assert "Traceback" not in "".join(ctx.reporter.messages)


def test_save_and_reopen(window, data_dir: Path, tmp_path: Path) -> None:
    window.open_path(data_dir / "sudoku_one.txt")
    window.sudoku.doc.set_digit(0, 2, 4)
    assert window.windowTitle().startswith("sudoku_one.txt *")
    out = window.sudoku.save_to(tmp_path / "saved")
    assert out.suffix == ".txt" and out.read_text().startswith("534.7....")
    assert "*" not in window.windowTitle()
    window.maze.doc.paint(4, 4, WALL)
    maze_out = window.maze.save_to(tmp_path / "m.txt")
    assert window.open_path(maze_out) and window.maze.doc.grid[4, 4] == WALL


def test_drop_a_file(window, samples_dir: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples_dir / "maze" / "small.txt"))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.event(ev)  # as the drag-and-drop machinery delivers it
    assert window.tabs.currentWidget() is window.maze and window.maze.doc.shape == (5, 9)
    assert window.maze.item_combo.count() == 2


def test_paste_maze_and_arc_text(window, samples_dir: Path) -> None:
    assert window.paste_text("#####\n#S.G#\n#####\n")
    assert window.tabs.currentWidget() is window.maze and window.maze.doc.shape == (3, 5)
    assert window.paste_text((samples_dir / "arc" / "recolour.json").read_text())
    assert window.tabs.currentWidget() is window.arc


def test_settings_live_in_the_config_dir(window, isolated_dirs: Path) -> None:
    window.set_theme("dark")
    assert (isolated_dirs / "config" / "settings.ini").exists()
    assert window.ctx.settings.theme() == "dark"
    window.set_theme("system")
