"""Regenerate docs/screenshots/play_*.png headless: Sudoku play mode with a hint at each level and the
network's hint with its confidence overlay.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_play_screenshots.py

A hard sample is played up to its first step beyond singles (digits written as a person would, auto
candidates on), then the Hint button is pressed three times, then the network's hint is asked and the
overlay turned on. Settings and library go to a temporary folder; the bundled model is used."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
Q = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
A = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="trm-play-shots-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TRM_DATA_DIR"], os.environ["TRM_CONFIG_DIR"] = tmp + "/data", tmp + "/config"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from solver.puzzles.sudoku_logic import Board, find_step
    from trm_app.context import AppContext
    from trm_app.main_window import MainWindow

    def until(done, seconds: float = 0.3) -> None:
        """Process events until done() (or, with done None, for `seconds`)."""
        t = time.time()
        while (done is None or not done()) and time.time() - t < (seconds if done is None else 60):
            app.processEvents()
            time.sleep(0.01)

    ctx = AppContext.create(interactive=False)
    w = MainWindow(ctx)
    w.resize(1400, 900)
    w.show()
    page = w.sudoku
    page.load_text(Q + " " + A + "\n", "hard.txt")
    until(lambda: "Rated" in page.status.text())
    page.play_button.setChecked(True)
    until(None)
    page.play_panel.auto.setChecked(True)
    # Play the singles as a person would, up to the first step beyond them.
    b, sol = Board.from_digits([0 if c == "." else int(c) for c in Q]), [int(c) for c in A]
    while (s := find_step(b, sol)).placements:
        s.apply(b)
        i, d = s.placements[0]
        page.doc.set_digit(i // 9, i % 9, d)
    page.board.select(8, 8)
    until(None)
    panel = page.play_panel
    for level in range(1, 4):
        panel.next_level()
        until(lambda: panel.level == level)
        until(None, 0.2)
        w.grab().save(str(OUT / f"play_hint_level{level}.png"))
        print(level, panel.hint_title.text(), "|", panel.hint_text.text())
    panel.next_level()  # applied
    until(lambda: bool(page.play._models))  # the network, loaded when play started
    panel.ask_network()
    until(lambda: panel.net is not None)
    print(panel.net_text.text())
    panel.overlay.setChecked(True)
    until(None, 0.5)
    w.grab().save(str(OUT / "play_network_overlay.png"))
    page.play.stop()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
