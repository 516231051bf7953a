"""`trm train --kind arc`: the user's tasks trained on their demonstrations, each with rows of its own,
their test pairs as validation, and a saved model that solves its tasks without adapting again."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from solver.arc_adapt import task_key
from solver.checkpoint import load_model, save_model
from solver.model import TRM, TRMConfig
from solver.puzzles import arc
from solver.puzzles.arc import ArcPuzzle, ArcTask
from training import cli as train_cli
from training.arc_run import arc_run, split_tasks
from training.calibrate import calibrate

TINY = TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=8, ffn_multiple=8, mixer="conv",
                 conv_kernel=3, T=1, n=1, N_sup=2, puzzle_emb_len=1, num_puzzle_ids=4)


def _task(name: str, shift: int, with_answer: bool = True) -> ArcTask:
    def out(g):
        return (np.asarray(g) + shift) % 10
    grids = [np.array([[1, 0], [0, 2]]), np.array([[3, 3, 0]]), np.array([[0, 4], [5, 0], [1, 1]])]
    return ArcTask(name, tuple((g, out(g)) for g in grids[:2]), (grids[2],),
                   (out(grids[2]) if with_answer else None,), source=f"{name}.json")


def _write(path: Path, task: ArcTask) -> Path:
    def pair(i, o):
        return {"input": np.asarray(i).tolist(), **({} if o is None else {"output": np.asarray(o).tolist()})}
    path.write_text(json.dumps({"train": [pair(i, o) for i, o in task.train],
                                "test": [pair(i, o) for i, o in zip(task.test_inputs, task.test_outputs)]}))
    return path


def test_tasks_train_on_demonstrations_and_validate_on_answered_tests():
    a, b, c = _task("a", 1), _task("b", 2, with_answer=False), _task("a-copy", 1)
    train, val = split_tasks([ArcPuzzle(a), ArcPuzzle(b), ArcPuzzle(c)])
    assert [p.task.name for p in train] == ["a", "b"]          # the copy of a (same demonstrations) once
    assert [p.task.name for p in val] == ["a"]                  # b has no answer: it trains, it cannot validate
    run = arc_run(train, val, augmentations=3, seed=0)
    assert sorted({int(i) for _, _, ids in [run.source.draw(64)] for i in ids}) == list(range(6))
    assert run.val_ids == [0] and [t["first_row"] for t in run.meta] == [0, 3]
    assert run.meta[0]["key"] == task_key(a) == task_key(c) != task_key(b)
    # only demonstrations are trained on: the test input never appears as a sample
    test_in = arc.encode_grid(a.test_inputs[0], (0, 0))
    assert not any(np.array_equal(x, test_in) for x in (arc.encode_grid(e.input, (0, 0)) for e in run.source.items))


@pytest.fixture
def base(tmp_path) -> Path:
    import torch
    torch.manual_seed(0)
    return save_model(TRM(TINY), tmp_path / "arc-base", "arc",
                      {"inference": {"adapt_steps": 5, "augmentations": 2}})


def test_trm_train_arc_fine_tunes_and_the_model_knows_its_tasks(tmp_path, base, capsys):
    files = [_write(tmp_path / "a.json", _task("a", 1)), _write(tmp_path / "b.json", _task("b", 2))]
    out = tmp_path / "run"
    assert train_cli.main(["train", "--kind", "arc", "--data", *map(str, files), "--base", str(base),
                           "--max-steps", "4", "--eval-every", "2", "--batch-size", "4", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "2 task(s)" in err and "validation at step 0" in err
    model, info = load_model(out / "best.safetensors", "arc")
    assert model.cfg.num_puzzle_ids == 4 and [t["name"] for t in info.meta["arc_tasks"]] == ["a", "b"]
    assert info.meta["inference"] == {"adapt_steps": 5, "augmentations": 2}  # the base's defaults carry over
    # --neural-only: the program search would answer this colour shift before the network is asked
    assert train_cli.main(["solve", "--model", str(out / "best.safetensors"), str(files[1]), "--neural-only",
                           "--format", "json"]) in (0, 1)
    d = json.loads(capsys.readouterr().out)
    d = d[0] if isinstance(d, list) else d
    assert d["known_task"] is True and "adapt_steps" not in d
    # a task it was not trained on is adapted to, as with any ARC model
    other = _write(tmp_path / "c.json", _task("c", 3))
    train_cli.main(["solve", "--model", str(out / "best.safetensors"), str(other), "--neural-only", "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    d = d[0] if isinstance(d, list) else d
    assert "known_task" not in d and d["adapt_steps"] == 5


def test_trm_train_arc_from_scratch_and_a_model_without_embedding_is_refused(tmp_path, capsys):
    f = _write(tmp_path / "a.json", _task("a", 1))
    assert train_cli.main(["train", "--kind", "arc", "--data", str(f), "--base", "scratch", "--max-steps", "2",
                           "--batch-size", "2", "--out", str(tmp_path / "s")]) == 0
    model, info = load_model(tmp_path / "s" / "best.safetensors", "arc")
    assert model.cfg.mixer == "conv" and model.cfg.puzzle_emb_len == 1 and model.cfg.num_puzzle_ids == 8
    plain = save_model(TRM(TRMConfig.from_dict({**TINY.to_dict(), "puzzle_emb_len": 0, "num_puzzle_ids": 0})),
                       tmp_path / "no-emb", "arc", {})
    capsys.readouterr()
    assert train_cli.main(["train", "--kind", "arc", "--data", str(f), "--base", str(plain), "--max-steps", "2",
                           "--out", str(tmp_path / "x")]) != 0
    assert "not trained for ARC" in capsys.readouterr().err


def test_without_augmentation_each_task_has_its_identity_row_alone(tmp_path, base):
    from solver.solve import options_for, solve
    f = _write(tmp_path / "a.json", _task("a", 1))
    assert train_cli.main(["train", "--kind", "arc", "--data", str(f), "--base", str(base), "--no-augment",
                           "--max-steps", "2", "--batch-size", "2", "--out", str(tmp_path / "r")]) == 0
    model, info = load_model(tmp_path / "r" / "best.safetensors", "arc")
    assert model.cfg.num_puzzle_ids == 1 and info.meta["arc_tasks"][0]["augmentations"] == 1
    r = solve(ArcPuzzle(_task("a", 1)), "arc", model, options_for(info, neural_only=True))
    assert r.known_task and r.attempt_votes == [1]  # one row, one voter
    assert options_for(info).adapt.augmentations == 2  # other tasks adapt as the base did


def test_calibration_of_an_arc_run(base):
    from training.config import TrainConfig
    model, _ = load_model(base, "arc")
    train, val = split_tasks([ArcPuzzle(_task("a", 1))])
    cal = calibrate(TrainConfig(kind="arc", model=model.cfg, batch_size=4), arc.KIND, train, val, model, steps=1)
    assert cal.step_seconds > 0 and cal.eval_seconds > 0


def test_from_scratch_shapes_are_the_recipes():
    from training.recipes import arc as arc_recipe
    from training.recipes import maze as maze_recipe
    assert train_cli.default_model_config("maze") == maze_recipe.MODEL
    assert train_cli.default_model_config("arc") == TRMConfig.from_dict(
        {**arc_recipe.MODEL.to_dict(), "puzzle_emb_len": 0, "num_puzzle_ids": 0})


def test_a_known_task_is_refined_with_its_own_rows(tmp_path, base):
    """The animated identity copy of the second task must use that task's rows, not the first task's."""
    import torch

    from solver.arc_adapt import known_task
    from solver.refine import refine_batch
    from solver.solve import options_for, solve
    files = [_write(tmp_path / "a.json", _task("a", 1)), _write(tmp_path / "b.json", _task("b", 2))]
    out = tmp_path / "run"
    assert train_cli.main(["train", "--kind", "arc", "--data", *map(str, files), "--base", str(base),
                           "--max-steps", "2", "--batch-size", "2", "--out", str(out)]) == 0
    model, info = load_model(out / "best.safetensors", "arc")
    torch.manual_seed(0)
    with torch.no_grad():  # random weights, rows far apart: which rows were used shows in the answer
        for prm in model.parameters():
            prm.copy_(torch.randn_like(prm))
        model.puzzle_emb.weight.mul_(3)
    opts = options_for(info, neural_only=True, keep_trace=True)
    puzzle = ArcPuzzle(_task("b", 2))
    r = solve(puzzle, "arc", model, opts)
    own = known_task(model, opts.arc_tasks[task_key(puzzle.task)]).model
    assert torch.equal(own.puzzle_emb.weight, model.puzzle_emb.weight[2:4])  # task b: rows 2 and 3

    def answer_of(m):
        res = refine_batch([puzzle], m, arc.KIND, max_steps=r.steps, stop_on_halt=False, stop_on_rules=False,
                           puzzle_ids=[0])
        return res.answers[0]
    assert r.known_task and np.array_equal(r.trace[-1].answer, answer_of(own))
    assert not np.array_equal(answer_of(own), answer_of(model))  # task a's row 0 answers otherwise
