import numpy as np
import pytest
import torch

from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import generate
from training.config import TrainConfig
from training.trainer import Callbacks, Trainer


@pytest.fixture(scope="module")
def puzzles():
    rng = np.random.default_rng(0)
    return [generate(rng, "easy") for _ in range(12)]


def _cfg(model_cfg, **kw):
    base = dict(kind="sudoku", model=model_cfg, batch_size=4, max_steps=6, eval_every=3, eval_limit=4,
                checkpoint_every=3, warmup_steps=2, seed=0)
    base.update(kw)
    return TrainConfig(**base)


class Record(Callbacks):
    def __init__(self):
        self.steps, self.evals, self.ckpts = [], [], []

    def on_step(self, i):
        self.steps.append(i)

    def on_eval(self, e):
        self.evals.append(e)

    def on_checkpoint(self, p):
        self.ckpts.append(p)


def test_trainer_reports_through_callbacks(tmp_path, puzzles, tiny_sudoku_config):
    rec = Record()
    t = Trainer(_cfg(tiny_sudoku_config), sudoku.KIND, puzzles[:8], puzzles[8:], tmp_path, callbacks=rec)
    r = t.run()
    assert r.stopped == "finished" and r.steps == 6 and len(rec.steps) == 6
    assert [e.step for e in rec.evals] == [3, 6] and len(rec.evals[0].exact_by_step) == tiny_sudoku_config.N_sup
    assert rec.steps[-1].eta_seconds is not None and all(np.isfinite(s.loss) for s in rec.steps)
    assert (tmp_path / "best.safetensors").exists() and rec.ckpts


def test_resume_continues_exactly(tmp_path, puzzles, tiny_sudoku_config):
    straight = Trainer(_cfg(tiny_sudoku_config), sudoku.KIND, puzzles, [], tmp_path / "a")
    straight.run()
    first = Trainer(_cfg(tiny_sudoku_config, max_steps=3), sudoku.KIND, puzzles, [], tmp_path / "b")
    first.run()
    # Another seed, so that only the restored state (weights, optimizer, carry, every random generator)
    # can make the resumed run match: a fresh Trainer seeded the same would match without resuming.
    rec = Record()
    resumed = Trainer(_cfg(tiny_sudoku_config, seed=7), sudoku.KIND, puzzles, [], tmp_path / "b", callbacks=rec)
    resumed.run(resume=True)
    assert [i.step for i in rec.steps] == [4, 5, 6] and resumed.step == 6
    for (k, a), b in zip(straight.model.state_dict().items(), resumed.model.state_dict().values()):
        assert torch.allclose(a, b, atol=1e-6), k
    for a, b in zip(straight.ema.model.state_dict().values(), resumed.ema.model.state_dict().values()):
        assert torch.allclose(a, b, atol=1e-6)


def test_the_learning_rate_warms_up_holds_and_decays_to_its_floor(tmp_path, puzzles, tiny_sudoku_config):
    cfg = _cfg(tiny_sudoku_config, lr=1e-3, warmup_steps=10, max_steps=100, decay_from=60, lr_floor=0.1)
    t = Trainer(cfg, sudoku.KIND, puzzles, [], tmp_path)
    rates = {}
    for step in (0, 9, 30, 60, 80, 99, 100):
        t.step = step
        rates[step] = t._lr()
    assert rates[0] == pytest.approx(1e-4) and rates[9] == rates[30] == rates[60] == pytest.approx(1e-3)
    assert rates[80] == pytest.approx(1e-3 * (0.1 + 0.9 * 0.5)) and rates[100] == pytest.approx(1e-4)
    assert rates[60] > rates[80] > rates[99] > rates[100]
    t.cfg = cfg.with_(decay_from=None)
    assert t._lr() == pytest.approx(1e-3)                        # constant without a decay


def test_cancel_is_cooperative_and_saves(tmp_path, puzzles, tiny_sudoku_config):
    calls = []
    t = Trainer(_cfg(tiny_sudoku_config, max_steps=100), sudoku.KIND, puzzles, [], tmp_path,
                should_stop=lambda: len(calls) > 2 or calls.append(1) is not None and False)
    r = t.run()
    assert r.stopped == "cancelled" and r.steps < 100 and (tmp_path / "state.pt").exists()


def test_plain_loop_replaces_the_whole_batch(tmp_path, puzzles, tiny_sudoku_config):
    t = Trainer(_cfg(tiny_sudoku_config, replace_halted=False), sudoku.KIND, puzzles, [], tmp_path)
    for _ in range(tiny_sudoku_config.N_sup):
        t.train_step()
    assert t.carry["halted"].all()


def test_stablemax_loss_trains(tmp_path, puzzles, tiny_sudoku_config, monkeypatch):
    from training import trainer

    kinds = []
    losses = trainer.token_losses
    monkeypatch.setattr(trainer, "token_losses", lambda *a: kinds.append(a[2]) or losses(*a))
    runs = {}
    for loss in ("stablemax", "softmax"):
        rec = Record()
        t = Trainer(_cfg(tiny_sudoku_config, loss=loss, max_steps=2), sudoku.KIND, puzzles, [], tmp_path / loss,
                    callbacks=rec)
        assert t.run().steps == 2
        runs[loss] = ([s.loss for s in rec.steps], t.model.state_dict())
    assert kinds == ["stablemax"] * 2 + ["softmax"] * 2  # the configured loss, at every step
    # The same seed and batches: stablemax's different loss gives different numbers and weights.
    assert all(np.isfinite(runs["stablemax"][0])) and runs["stablemax"][0] != runs["softmax"][0]
    a, b = runs["stablemax"][1], runs["softmax"][1]
    assert any(not torch.equal(a[k], b[k]) for k in a)


def test_fine_tune_keeps_its_base_as_the_first_candidate(tmp_path, puzzles, tiny_sudoku_config):
    from solver.checkpoint import load_model
    from solver.model import TRM
    torch.manual_seed(1)
    base = TRM(tiny_sudoku_config)
    start = {k: v.clone() for k, v in base.state_dict().items()}
    rec = Record()
    t = Trainer(_cfg(tiny_sudoku_config), sudoku.KIND, puzzles[:8], puzzles[8:], tmp_path / "a",
                base_model=base, callbacks=rec)
    t.run()
    assert [e.step for e in rec.evals] == [0, 3, 6] and rec.evals[0].best
    # nothing trained: the saved best is the base itself, not a missing file
    r = Trainer(_cfg(tiny_sudoku_config, max_steps=0), sudoku.KIND, puzzles[:8], puzzles[8:], tmp_path / "b",
                base_model=_with(tiny_sudoku_config, start)).run()
    saved, _ = load_model(r.best_path, "sudoku")
    for k, v in saved.state_dict().items():
        assert torch.equal(v, start[k])


def _with(cfg, state):
    from solver.model import TRM
    m = TRM(cfg)
    m.load_state_dict(state)
    return m


def test_fine_tune_ema_starts_at_full_decay_from_the_base(tmp_path, puzzles, tiny_sudoku_config):
    from solver.model import TRM
    base = TRM(tiny_sudoku_config)
    start = [p.detach().clone() for p in base.parameters()]
    t = Trainer(_cfg(tiny_sudoku_config, max_steps=1, ema_decay=0.999), sudoku.KIND, puzzles, [], tmp_path,
                base_model=base)
    t.run()
    for e, p, s in zip(t.ema.model.parameters(), t.model.parameters(), start):
        assert torch.allclose(e, s + 0.001 * (p.detach() - s), atol=1e-7)


def test_one_supervision_step_trains(tmp_path, puzzles, tiny_sudoku_config):
    """`trm train --N-sup 1` ended in a traceback (the halting exploration drew from an empty range)."""
    from dataclasses import replace
    t = Trainer(_cfg(replace(tiny_sudoku_config, N_sup=1), max_steps=2), sudoku.KIND, puzzles, [], tmp_path)
    assert t.run().steps == 2 and (t.carry["min_steps"] <= 1).all()
