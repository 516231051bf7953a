"""The pages one by one: what the goal page offers and refuses, data that holds nothing usable, the
settings of a model trained from scratch, a training process that fails, and the main window's hooks."""
from __future__ import annotations

import shlex

from PySide6.QtCore import Qt

from training import runs
from training.cli import UNAVAILABLE_KINDS, build_parser


def test_goal_page_without_models_trains_from_scratch_and_cannot_adapt(qtbot, wiz, monkeypatch):
    monkeypatch.setattr("trm_app.wizard.goal_page.list_models", lambda: [])  # whatever is bundled
    w = wiz.open()
    g = w.goal_page
    assert not g.finetune.isEnabled() and g.scratch.isChecked() and "from scratch first" in g.finetune_note.text()
    assert not UNAVAILABLE_KINDS
    assert g.kind_combo.model().item(g.kind_combo.findData("arc")).isEnabled()  # ARC from scratch trains too
    assert not g.arc_task.isEnabled() and "No ARC model" in g.arc_note.text()
    g.kind_combo.setCurrentIndex(g.kind_combo.findData("maze"))
    assert g.isComplete()
    w.next()
    assert w.state.kind == "maze" and w.state.base is None


def test_data_with_nothing_usable_cannot_go_on(qtbot, wiz, tiny_model, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("hello\n" + "1" * 81 + "\n")
    w = wiz.open()
    w.next()
    page = w.data_page
    assert not page.isComplete()
    page.add_paths([bad, tmp_path / "missing.txt"])
    qtbot.waitUntil(lambda: page.summary is not None, timeout=wiz.TIMEOUT)
    assert not page.isComplete() and "No usable" in page.preview.headline.text()
    text = page.preview.problems.toPlainText()
    assert "bad.txt:1:" in text and "bad.txt:2:" in text and "missing.txt" in text
    assert "3 entries will be skipped" in page.preview.problems_label.text()
    # Removing the sources clears the preview.
    page.sources.selectAll()
    page.remove_selected()
    qtbot.waitUntil(lambda: "Add files" in page.preview.headline.text(), timeout=5000)
    w.close()
    assert not w.state.run_dir.exists()  # the wizard's unused run folder is gone


def test_scratch_settings_change_the_shape_and_the_command_says_so(qtbot, wiz, puzzle_dir, monkeypatch):
    monkeypatch.setattr("trm_app.wizard.goal_page.list_models", lambda: [])
    w = wiz.open()
    wiz.to_settings(w, [puzzle_dir])
    sp = w.settings_page
    adv = sp.advanced
    adv.setChecked(True)
    assert adv.T.isEnabled() and adv.n.isEnabled()
    adv.T.setValue(1)
    adv.n.setValue(1)
    adv.batch.setValue(8)
    sp.augment.setChecked(False)
    sp.preset_buttons["standard"].setChecked(True)
    cmd = sp.command.text()
    for flag in ("--base scratch", "--T 1", "--n 1", "--batch-size 8", "--no-augment", "--preset standard"):
        assert flag in cmd
    cfg = sp.train_config()
    assert (cfg.model.T, cfg.model.n, cfg.batch_size, cfg.augment, cfg.max_minutes) == (1, 1, 8, False, 30)
    a = build_parser().parse_args(shlex.split(cmd)[1:])
    assert (a.T, a.n, a.batch_size, a.no_augment) == (1, 1, 8, True)
    qtbot.waitUntil(lambda: sp.calibration is not None and sp.calibration.batch_size == 8, timeout=wiz.TIMEOUT)
    w.close()


def test_a_failing_training_process_is_reported(qtbot, ctx, wiz, tiny_model, puzzle_dir):
    w = wiz.open()
    wiz.to_settings(w, [puzzle_dir])
    (puzzle_dir / "mine.txt").write_text("nothing here any more\n")  # changed after the preview
    w.next()
    tp = w.training_page
    qtbot.waitUntil(lambda: tp.phase == "failed", timeout=wiz.TIMEOUT)
    assert "no usable sudoku puzzles" in tp.status.text() and "no usable sudoku puzzles" in ctx.reporter.last
    assert not tp.isComplete() and tp.resume_button.isEnabled()
    assert runs.run_status(w.state.run_dir) == "failed" and not runs.pending_runs()
    w.close()


def test_the_train_menu_opens_one_wizard(qtbot, wiz):
    win = wiz.main_window()
    action = next(a for m in win.menuBar().actions() for a in m.menu().actions()
                  if a.text().replace("&", "").startswith("Train a model"))
    action.trigger()
    w = win.training_wizard
    assert w is not None and w.isVisible() and w.windowModality() == Qt.WindowModality.NonModal
    action.trigger()
    assert win.training_wizard is w  # one at a time
    w.close()


def test_no_offer_without_pending_runs(qtbot, wiz):
    d = runs.new_run_dir("sudoku")
    runs.write_spec(d, runs.RunSpec("sudoku", (), "t", ""))
    runs.mark(d, runs.CANCELLED_FILE)
    (d / runs.STATE_FILE).write_bytes(b"")
    win = wiz.main_window()
    assert win.training_offer is None


def test_a_crashed_training_process_cannot_take_the_window_down(qtbot, ctx, wiz, tiny_model, puzzle_dir):
    w, tp = wiz.start_training([puzzle_dir], steps=1_000_000, eval_every=1_000_000)
    qtbot.waitUntil(lambda: tp.phase == "running", timeout=wiz.TIMEOUT)
    tp.process.kill()  # as if it crashed: no last word
    qtbot.waitUntil(lambda: tp.phase == "failed", timeout=wiz.TIMEOUT)
    assert "ended unexpectedly" in ctx.reporter.last and w.isVisible()
    assert tp.resume_button.isEnabled()
    w.close()


def test_a_run_that_failed_while_nobody_watched_is_offered_once(qtbot, wiz):
    d = runs.new_run_dir("sudoku")
    runs.write_spec(d, runs.RunSpec("sudoku", ("--kind", "sudoku"), "New sudoku model (quick, 5 min)", ""))
    (d / runs.PROGRESS_FILE).write_text('{"event": "error", "message": "the disk is full"}\n')
    win = wiz.main_window()
    offer = win.training_offer
    assert offer is not None and "the disk is full" in offer.text() and offer.go.text() == "&Try again"
    offer.reject_offer()
    assert runs.pending_runs() == []
