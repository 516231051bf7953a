"""Saving the trained model: a full disk or a refused folder is reported, and nothing half-written is left."""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from solver.checkpoint import load_model, save_model, user_models_dir
from training import runs


@pytest.fixture
def finished_run(tiny_model: Path) -> Path:
    """A run folder as the training process leaves it when it finished."""
    model, _ = load_model(tiny_model)
    d = runs.new_run_dir("sudoku")
    save_model(model, d / "best", "sudoku", {"trained_steps": 5})
    result = {"stopped": "finished", "steps": 5, "seconds": 1.0, "base": "tiny", "train": 10, "val": 2,
              "before": {"exact": 0.0, "cells": 0.1, "n": 2}, "after": {"exact": 0.5, "cells": 0.75, "n": 2}}
    runs.write_spec(d, runs.RunSpec("sudoku", ("--kind", "sudoku"), "Fine-tune tiny (quick, 5 min)", "tiny"))
    runs.write_json(d / runs.RESULT_FILE, result)
    runs.write_json(d / runs.FINISHED_FILE, result)
    return d


def result_page(qtbot, ctx, run_dir: Path):
    from trm_app.wizard import TrainingWizard

    w = TrainingWizard(ctx, "sudoku", run_dir=run_dir)
    qtbot.addWidget(w)
    w.show()
    assert w.currentPage() is w.result_page
    return w.result_page


def leftovers() -> list[str]:
    d = user_models_dir()
    return sorted(p.name for p in d.iterdir() if p.name != "tiny.safetensors" and p.name != "tiny.json")


def test_before_and_after_side_by_side(qtbot, ctx, finished_run):
    rp = result_page(qtbot, ctx, finished_run)
    assert rp.before.title() == "Before: tiny" and rp.before.exact.text() == "0.0%"
    assert rp.after.exact.text() == "50.0%" and "75.0% of cells" in rp.after.detail.text()
    assert "on 2 Sudokus" in rp.after.detail.text()


@pytest.mark.parametrize("failing_write", [1, 2])  # the weights, or the description after them
def test_a_full_disk_is_reported_and_nothing_is_left(qtbot, ctx, finished_run, monkeypatch, failing_write):
    rp = result_page(qtbot, ctx, finished_run)
    real, calls = runs._write, []

    def full(f, data):
        calls.append(1)
        if len(calls) == failing_write:
            f.write(data[: len(data) // 2])  # half of it reached the disk, then no more space
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(f, data)

    monkeypatch.setattr(runs, "_write", full)
    rp.name.setText("full")
    assert rp.save() is None
    assert "No space left on device" in rp.save_status.text() and "Nothing was written" in rp.save_status.text()
    assert "No space left on device" in ctx.reporter.last
    assert leftovers() == []  # neither the model, its description, nor a temporary file
    assert not rp.activate_button.isEnabled() and rp.state.saved_model is None

    monkeypatch.setattr(runs, "_write", real)  # space freed: saving again works
    saved = rp.save()
    assert saved is not None and leftovers() == ["full.json", "full.safetensors"]
    load_model(saved, "sudoku")


def test_export_to_a_refused_folder_is_reported(qtbot, ctx, finished_run, tmp_path, monkeypatch):
    rp = result_page(qtbot, ctx, finished_run)

    def refused(path, *a, **kw):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr("builtins.open", refused)
    assert rp.export_to(tmp_path / "locked" / "m.safetensors") is None
    monkeypatch.undo()
    assert "Permission denied" in ctx.reporter.last and not (tmp_path / "locked" / "m.safetensors").exists()


def test_replacing_a_file_keeps_the_old_one_when_the_new_one_fails(finished_run, tmp_path, monkeypatch):
    dest = tmp_path / "shared.safetensors"
    runs.copy_model(finished_run / "best.safetensors", dest, {"v": 1})
    before = dest.read_bytes()
    real, calls = runs._write, []

    def second_fails(f, data):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(f, data)

    monkeypatch.setattr(runs, "_write", second_fails)
    with pytest.raises(OSError):
        runs.copy_model(finished_run / "best.safetensors", dest, {"v": 2})
    assert dest.read_bytes() == before and json.loads(dest.with_suffix(".json").read_text())["v"] == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_bad_name_is_refused(qtbot, ctx, finished_run):
    rp = result_page(qtbot, ctx, finished_run)
    for bad in ("", "../escape", ".hidden", "a/b"):
        rp.name.setText(bad)
        assert rp.save() is None
    assert leftovers() == []


def test_the_result_says_whether_it_helped(qtbot, ctx, finished_run):
    rp = result_page(qtbot, ctx, finished_run)
    assert "Better than before" in rp.summary.text()
    from trm_app.wizard.result_page import verdict

    assert "Not better" in verdict({"exact": 0.5, "cells": 0.9}, {"exact": 0.5, "cells": 0.8})
    assert verdict(None, {"exact": 1.0}) == ""


def test_the_saved_model_becomes_the_main_windows_active_model(qtbot, wiz, finished_run):
    win = wiz.main_window()
    w = win.open_training_wizard(finished_run)
    rp = w.result_page
    assert w.currentPage() is rp
    rp.name.setText("picked")
    saved = rp.save()
    rp.make_active()
    picker = win.sudoku.panel.models
    assert picker.selected_info() is not None and picker.selected_info().path == saved
    assert "exact on 2 Sudokus" in picker.note.text()  # the sidecar's accuracy, as the picker shows it
    w.close()
    qtbot.waitUntil(lambda: win.training_wizard is None, timeout=5000)
