"""Regenerate docs/screenshots/wizard_*.png headless (one picture per page of the training wizard):

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_wizard_screenshots.py [--arc]

The bundled Sudoku model is fine-tuned for a few hundred steps on generated puzzles (plus a bad line,
an unreadable photo and a maze file, so the preview lists what it skips). Settings, library, runs and
models go to a temporary folder; the real ones are untouched.
With --arc: the "adapt to a single ARC task" goal instead, the bundled ARC model learning
resources/samples/arc/fill.json for 60 steps (wizard_arc_*.png)."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SIZE = (1040, 720)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="trm-wizard-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var, sub in (("TRM_CONFIG_DIR", "config"), ("TRM_DATA_DIR", "data"), ("TRM_USER_MODELS", "models")):
        os.environ[var] = str(tmp / sub)
    os.environ.setdefault("TRM_TRAIN_THREADS", "1")
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import torch
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from solver.puzzles import sudoku
    from solver.puzzles.sudoku_generate import generate
    from trm_app.context import AppContext
    from trm_app.theme import apply_theme
    from trm_app.wizard import TrainingWizard

    torch.set_num_threads(1)
    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")

    def wait_for(cond, timeout_s: float = 300.0) -> None:
        loop, deadline = QEventLoop(), time.monotonic() + timeout_s
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError("the wizard did not get there in time")
            QTimer.singleShot(30, loop.quit)
            loop.exec()

    def shot(w, name: str) -> None:
        wait_for(lambda: True)
        QTimer.singleShot(0, lambda: None)
        path = OUT / f"wizard_{name}.png"
        w.grab().save(str(path), "PNG")
        print(path)

    def walk(ctx, kind: str, prefix: str, paths, steps: int, eval_every: int, saved_as: str,
             picks: int = 0, arc_task: bool = False) -> None:
        """Goal, data, settings, training (shot mid-run when it is long enough), result."""
        w = TrainingWizard(ctx, kind)
        w.close_policy = lambda: "stop"
        w.resize(*SIZE)
        w.show()
        if arc_task:
            w.goal_page.arc_task.setChecked(True)
        shot(w, prefix + "1_goal")
        w.next()
        w.data_page.add_paths(paths)
        if picks:
            w.data_page.picker.set_ticked([e.id for e in w.data_page.picker.entries.values()][:picks])
        wait_for(w.data_page.isComplete)
        shot(w, prefix + "2_data")
        w.next()
        sp = w.settings_page
        wait_for(lambda: sp.calibration is not None)
        sp.advanced.setChecked(True)
        sp.advanced.steps.setValue(steps)
        sp.advanced.eval_every.setValue(eval_every)
        wait_for(lambda: sp.calibration is not None and not sp._recalibrate.isActive())
        shot(w, prefix + "3_settings")
        w.next()
        tp = w.training_page
        if steps >= 200:
            wait_for(lambda: tp.last_step >= steps * 5 // 8)
        else:
            wait_for(lambda: tp.phase == "finished")
        shot(w, prefix + "4_training")
        wait_for(lambda: tp.phase == "finished")
        w.next()
        w.result_page.name.setText(saved_as)
        w.result_page.save()
        shot(w, prefix + "5_result")
        w.close()

    ctx = AppContext.create(interactive=False)
    if "--arc" in sys.argv[1:]:
        walk(ctx, "arc", "arc_", [ROOT / "resources" / "samples" / "arc" / "fill.json"], 60, 20, "fill-task",
             arc_task=True)
    else:
        data = tmp / "my puzzles"
        data.mkdir()
        levels = ["easy"] * 30 + ["medium"] * 14 + ["hard"] * 4
        lines = [sudoku.to_line(generate(np.random.default_rng(i), lv).givens) for i, lv in enumerate(levels)]
        (data / "newspaper.txt").write_text("\n".join(lines[:40]) + "\n53..7....6..195 (half a line)\n"
                                            + "." * 81 + "\n")
        (data / "weekend.sdk").write_text("\n".join(lines[40:]) + "\n")
        (data / "IMG_0412.jpg").write_bytes(b"\xff\xd8 a photo cut short")
        (data / "maze.txt").write_text("#######\n#S...G#\n#######\n")
        for line in lines[44:]:
            ctx.library.record("sudoku", line, source="typed in the app")
        walk(ctx, "sudoku", "", [data], 240, 30, "sudoku-mine", picks=3)
    ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
