"""The wizard's third goal, adapting to one ARC task: a tiny ARC model learns a task drawn by the user
in a training process, the result is saved, and the saved model then solves that task without adapting."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from solver.puzzles import arc

TIMEOUT = 90_000


@pytest.fixture
def tiny_arc_model(isolated_dirs: Path) -> Path:
    import torch

    from solver.checkpoint import save_model, user_models_dir
    from solver.model import TRM, TRMConfig

    torch.manual_seed(0)
    cfg = TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=16, ffn_multiple=16, mixer="conv",
                    conv_kernel=3, T=1, n=1, N_sup=2, puzzle_emb_len=1, num_puzzle_ids=8)
    return save_model(TRM(cfg), user_models_dir() / "tiny-arc", "arc", {"inference": {"augmentations": 2}})


def _task(tmp_path: Path) -> Path:
    """Swap colours 1 and 2 (the user's own task, not an ARC one)."""
    def pair(g):
        return {"input": g, "output": [[{1: 2, 2: 1}.get(v, v) for v in row] for row in g]}
    path = tmp_path / "swap.json"
    path.write_text(json.dumps({"train": [pair([[1, 0], [2, 2]]), pair([[0, 1, 1], [2, 0, 1]])],
                                "test": [pair([[2, 1], [1, 0]])]}))
    return path


def test_adapt_to_one_arc_task(qtbot, ctx, wiz, tiny_arc_model: Path, tmp_path: Path):
    from solver.checkpoint import load_model
    from solver.puzzles.base import read_text_file
    from solver.solve import options_for, solve

    task = _task(tmp_path)
    w = wiz.open("arc")
    g = w.goal_page
    assert g.arc_task.isEnabled() and "tiny-arc" in g.arc_note.text()
    g.arc_task.setChecked(True)
    s = wiz.to_settings(w, [task])
    assert w.state.goal == "arc_task" and w.state.kind == "arc" and w.state.base.name == "tiny-arc"
    assert (len(s.train), len(s.val), s.puzzles) == (1, 1, 1)
    assert "trained on its demonstration pairs" in w.data_page.preview.split.text()

    sp = w.settings_page
    qtbot.waitUntil(lambda: sp.calibration is not None, timeout=TIMEOUT)
    wiz.short_run(w, steps=6, eval_every=3)
    assert "--kind arc" in sp.command.text()
    w.next()
    tp = w.training_page
    qtbot.waitUntil(lambda: tp.phase == "finished", timeout=TIMEOUT)

    w.next()
    rp = w.result_page
    r = w.state.result
    assert r["before"]["n"] == 1 and r["after"]["n"] == 1 and r["train"] == 1
    rp.name.setText("swap colours")
    saved = rp.save()
    side = json.loads(saved.with_suffix(".json").read_text())
    assert [t["name"] for t in side["arc_tasks"]] == ["swap"] and side["inference"]["augmentations"] == 2

    model, info = load_model(saved, "arc")
    assert model.cfg.num_puzzle_ids == 2  # one task, two augmentations
    puzzle = arc.KIND.parse(read_text_file(task), str(task))[0]
    result = solve(puzzle, "arc", model, options_for(info, neural_only=True))
    assert result.known_task and result.adapt_steps == 0 and len(result.attempts) >= 1
