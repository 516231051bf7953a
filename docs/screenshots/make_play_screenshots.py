"""Regenerate docs/screenshots/play_*.png headless: Sudoku play mode with a hint at each level and the
network's hint with its confidence overlay.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_play_screenshots.py

A hard sample is played up to its first step beyond singles (digits written as a person would, auto
candidates on), then the Hint button is pressed three times, then the network's hint is asked and the
overlay turned on. Settings and library go to a temporary folder."""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
tmp = tempfile.mkdtemp(prefix="trm-play-shots-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TRM_DATA_DIR"], os.environ["TRM_CONFIG_DIR"] = tmp + "/data", tmp + "/config"
from PySide6.QtWidgets import QApplication  # noqa: E402

app = QApplication([])
from solver.puzzles.sudoku_logic import Board, find_step  # noqa: E402
from trm_app.context import AppContext  # noqa: E402
from trm_app.main_window import MainWindow  # noqa: E402

out = Path(__file__).resolve().parent
ctx=AppContext.create(interactive=False)
w=MainWindow(ctx); w.resize(1400,900); w.show()
page=w.sudoku
Q="...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
A="438719652692548371517632849364271598859463127271895436125984763986357214743126985"
page.load_text(Q+" "+A+"\n","hard.txt")
def spin(ms=300):
    t=time.time()
    while time.time()-t<ms/1000: app.processEvents(); time.sleep(0.01)
def until(f, s=20):
    t=time.time()
    while not f() and time.time()-t<s: app.processEvents(); time.sleep(0.02)
spin(300)
page.play_button.setChecked(True); spin(300)
page.play_panel.auto.setChecked(True)
# play the singles as a person would, to reach a step beyond singles
b=Board.from_digits([0 if c=='.' else int(c) for c in Q]); sol=[int(c) for c in A]
while True:
    s=find_step(b,sol)
    if not s.placements: break
    s.apply(b); i,d=s.placements[0]; page.doc.set_digit(i//9,i%9,d)
page.board.select(8,8)
spin(300)
pn=page.play_panel
for lvl in range(1,4):
    pn.next_level()
    until(lambda: pn.level==lvl)
    spin(200)
    w.grab().save(f"{out}/play_hint_level{lvl}.png")
    print(lvl, pn.hint_title.text(), '|', pn.hint_text.text())
pn.next_level(); spin(200)
pn.ask_network(); until(lambda: pn.net is not None, 60); spin(200)
print(pn.net_text.text())
pn.overlay.setChecked(True); spin(500)
w.grab().save(f"{out}/play_network_overlay.png")
page.play.stop(); ctx.close()
