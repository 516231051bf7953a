"""A puzzle-book line maze in the photo import dialog: read as its block maze, solved on the photo."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from solver.puzzles import maze
from solver.vision.synthetic_line_maze import line_maze_photo

TIMEOUT = 60000


def test_line_maze_read_and_its_path_drawn_on_the_photo(qtbot, window, tmp_path: Path) -> None:
    sample = line_maze_photo(np.random.default_rng(3), style="letters", scan=True, h=6, w=8)
    path = tmp_path / "maze.png"
    cv2.imwrite(str(path), sample.image)
    d = window.open_photo(path)
    d.kind_combo.setCurrentIndex(d.kind_combo.findData("maze"))
    d.reread()
    qtbot.waitUntil(lambda: d.result is not None and not d.reading and d.result.reading is not None
                    and d.result.reading.kind == "maze", timeout=TIMEOUT)
    assert np.array_equal(d.editor.grid, sample.blocks)
    assert d.solve_button.isVisible() and d.photo_view.path is None
    d.solve_on_photo()
    qtbot.waitUntil(lambda: d.photo_view.path is not None, timeout=TIMEOUT)
    answer = maze.bfs_path(maze.MazePuzzle(sample.blocks))
    assert len(d.photo_view.path) == int((answer == maze.PATH).sum()) + 2
    # The path starts in the start cell and ends in the goal cell, on the displayed photo.
    scale = d.result.scale
    tl, tr, bl = sample.corners[0], sample.corners[1], sample.corners[3]
    h, w = sample.maze.shape

    def centre(rc) -> np.ndarray:
        return (tl + (tr - tl) * (rc[1] + 0.5) / w + (bl - tl) * (rc[0] + 0.5) / h) * scale
    pitch = np.linalg.norm(tr - tl) / w * scale
    assert np.linalg.norm(d.photo_view.path[0] - centre(sample.maze.start)) < 0.3 * pitch
    assert np.linalg.norm(d.photo_view.path[-1] - centre(sample.maze.goal)) < 0.3 * pitch
    # A wall typed across the only way: no path, said plainly, nothing drawn.
    d.photo_view.set_path(None)
    first = tuple(int(v) for v in np.argwhere(answer == maze.PATH)[0])
    d.editor.set_cell(*first, maze.WALL)
    d.solve_on_photo()
    qtbot.waitUntil(lambda: "No way from the start" in d.message.text(), timeout=TIMEOUT)
    assert d.photo_view.path is None
    assert d.use_puzzle() and window.maze.doc is not None
