"""Regenerate docs/screenshots/maze_play_*.png headless: maze play mode with a path run into a dead end
(flagged, with the hint leading out), and the maze solved.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_maze_play_screenshots.py

The medium sample is played as a person might: along a shortest way for a while, then down a side
branch until it ends; Hint is pressed there; then the hints are followed to the goal. Settings and
library go to a temporary folder."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="trm-maze-shots-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TRM_DATA_DIR"], os.environ["TRM_CONFIG_DIR"] = tmp + "/data", tmp + "/config"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from solver.puzzles import maze_play
    from trm_app.context import AppContext
    from trm_app.main_window import MainWindow

    def spin(ms: int = 300) -> None:
        t = time.time()
        while time.time() - t < ms / 1000:
            app.processEvents()
            time.sleep(0.01)

    ctx = AppContext.create(interactive=False)
    w = MainWindow(ctx)
    w.resize(1400, 900)
    w.show()
    page = w.maze
    w.tabs.setCurrentWidget(page)
    page.load_text((ROOT / "resources/samples/maze/medium.txt").read_text(), "medium.txt")
    page.play_button.setChecked(True)
    play, grid = page.play, page.play.grid
    spin()
    # Along a shortest way, then off it at the first branch that ends in a dead end at least 4 cells deep.
    way = [play.path[-1]]
    while not maze_play.solved(grid, tuple(way)):
        way += maze_play.hint(grid, tuple(way), count=1).moves
    branch = None
    for k in range(2, len(way) - 1):
        for dr, dc in maze_play.DIRECTIONS:
            path = tuple(way[:k])
            nxt = maze_play.step(grid, path, dr, dc)
            if nxt is None or len(nxt) <= len(path) or nxt[-1] == way[k]:
                continue
            while True:  # keep going while there is a way on
                for dr2, dc2 in maze_play.DIRECTIONS:
                    on = maze_play.step(grid, nxt, dr2, dc2)
                    if on is not None and len(on) > len(nxt):
                        nxt = on
                        break
                else:
                    break
            if maze_play.dead_end(grid, nxt) is not None and len(nxt) - k >= 4:
                branch = nxt
                break
        if branch:
            break
    assert branch is not None, "no side branch found in the sample"
    for cell in branch[1:]:
        play.point(cell)
    play.ask_hint()
    spin()
    w.grab().save(str(OUT / "maze_play_dead_end.png"))
    print(page.play_panel.warning.text(), "|", page.play_panel.hint_text.text())
    while not play.is_solved:
        play.ask_hint()
        for cell in play.hint_cells():
            play.point(cell)
    spin()
    w.grab().save(str(OUT / "maze_play_solved.png"))
    print(page.play_panel.verdict.text())
    page.play.stop()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
