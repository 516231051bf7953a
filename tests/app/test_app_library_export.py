"""The library in the app (kept, searched, opened; a damaged file set aside), and PNG / GIF export."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from solver.library import FILE_NAME

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_library_keeps_searches_and_opens(qtbot, window, samples_dir: Path) -> None:
    window.paste_text(LINE)
    window.open_path(samples_dir / "maze" / "small.txt")
    window.open_path(samples_dir / "arc" / "fill.json")
    panel = window.library_panel
    window.library_dock.show()
    panel.refresh()
    assert panel.count.text() == "3 puzzles"
    panel.kind.setCurrentText("maze")
    assert [e.kind for e in panel.entries] == ["maze"]
    panel.kind.setCurrentText("all kinds")
    panel.search.setText("<clipboard>")
    panel.refresh()
    assert [e.kind for e in panel.entries] == ["sudoku"]
    panel.verdict.setCurrentText("failed")
    assert panel.entries == []
    panel.verdict.setCurrentText("not solved yet")
    assert len(panel.entries) == 1
    window.sudoku.doc.clear()
    panel.table.selectRow(0)
    panel.open_selected()
    assert window.tabs.currentWidget() is window.sudoku and window.sudoku.doc.puzzle().n_givens == 30


def test_generated_puzzles_are_kept(qtbot, window) -> None:
    window.maze.level.setCurrentText("easy")
    window.maze.generate()
    qtbot.waitUntil(lambda: window.maze.generate_button.isEnabled(), timeout=10000)
    entries = window.ctx.library.search(kind="maze")
    assert len(entries) == 1 and entries[0].source == "<generated easy>"


def test_damaged_library_is_set_aside_and_reported(qtbot, isolated_dirs: Path) -> None:
    from trm_app.context import AppContext

    path = isolated_dirs / "data" / FILE_NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 100)
    ctx = AppContext.create(interactive=False)
    try:
        assert "was set aside as" in ctx.reporter.last and ".damaged-" in ctx.reporter.last
        assert ctx.library.available and ctx.library.search() == []
        assert any(p.name.startswith(FILE_NAME + ".damaged-") for p in path.parent.iterdir())
    finally:
        ctx.close()


def test_export_png_and_gif(qtbot, window, tiny_sudoku_model: Path, tmp_path: Path) -> None:
    page = window.sudoku
    window.paste_text(LINE)
    png = page.export_png(tmp_path / "board.png")
    with Image.open(png) as im:
        assert im.size == (1080, 1080)  # 540 logical pixels at twice the density
    page.panel.models.select_path(tiny_sudoku_model)
    with qtbot.waitSignal(page.session.finished, timeout=30000):
        page.solve()
    gif = page.export_gif(tmp_path / "solve.gif")
    with Image.open(gif) as im:
        assert im.format == "GIF" and im.n_frames == len(page.session.frames) and im.n_frames >= 3
        assert im.info.get("loop") == 0
    page.session.seek(0)
    png2 = page.export_png(tmp_path / "step1.png")
    with Image.open(png2) as im:
        assert im.size[1] > 1080  # a caption line under the board: "step 1, update 1 · halting …"


def test_gif_needs_a_solve(window, ctx) -> None:
    window.export_gif()  # nothing solved yet: said so, no dialog, no file
    assert "Solve first" in ctx.reporter.last
