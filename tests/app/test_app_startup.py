"""The window opens without torch (issue 25): the solve path loads in the background once it is up."""
from __future__ import annotations

import subprocess
import sys

RUN = """
import sys, time
from PySide6.QtWidgets import QApplication
from trm_app import engine_loader
from trm_app.context import AppContext
from trm_app.main_window import MainWindow
app = QApplication([])
ctx = AppContext.create(interactive=False)
win = MainWindow(ctx)
win.open_path(sys.argv[1])
win.show()
for _ in range(20):
    app.processEvents()
shown_without_torch = "torch" not in sys.modules
engine_loader.warm_up(ctx.workers)
deadline = time.monotonic() + 240
while not engine_loader.ready() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(shown_without_torch, engine_loader.ready() and "torch" in sys.modules)
win.close()
ctx.close()
"""


def test_the_window_opens_before_torch_loads(samples_dir, isolated_dirs) -> None:
    p = subprocess.run([sys.executable, "-c", RUN, str(samples_dir / "sudoku" / "hard.txt")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["True", "True"]


def test_torch_libraries_open_before_the_import() -> None:
    code = ("import sys; from trm_app import engine_loader; engine_loader.preload_libraries(); "
            "maps = open('/proc/self/maps').read(); print('libtorch_cpu.so' in maps, 'torch' in sys.modules)")
    if not sys.platform.startswith("linux"):
        return
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["True", "False"]
