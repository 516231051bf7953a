"""What a time budget buys on this machine: a short calibration run of the actual model and batch.

A few optimizer steps (after one warm-up step, which allocates), one evaluation of a few validation
puzzles and one checkpoint are timed; `estimate` turns that into the steps a preset's minutes pay for,
counting the evaluations and checkpoints the run will make on the way (the trainer's clock includes
them). Qt-free; the app runs it in a worker thread.
"""
from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from solver.arc_adapt import AdaptOptions
from solver.model import TRM
from solver.puzzles.base import PuzzleKind
from solver.refine import refine_batch

from .arc_run import prepare as prepare_arc
from .config import TrainConfig
from .trainer import Trainer

EVAL_SAMPLE = 8   # validation puzzles timed; the cost is scaled to the run's eval_limit


@dataclass(frozen=True)
class Calibration:
    step_seconds: float          # one optimizer step of the batch
    eval_seconds: float          # one evaluation of min(len(val), eval_limit) puzzles (scaled, an upper bound)
    checkpoint_seconds: float
    batch_size: int
    device: str


@dataclass(frozen=True)
class Estimate:
    seconds: float               # training time the run will take (its budget, or less when steps bind)
    steps: int
    evaluations: int
    limited_by: str              # "time" or "steps"


def calibrate(cfg: TrainConfig, kind: PuzzleKind, train: Sequence, val: Sequence,
              base_model: TRM | None = None, steps: int = 3,
              should_stop: Callable[[], bool] | None = None) -> Calibration | None:
    """Time the model on this machine. `base_model` is trained in place: pass a fresh copy.
    Returns None when `should_stop` says so between steps."""
    stop = should_stop or (lambda: False)
    source, ids = None, None
    if kind.per_task:  # tasks train on their demonstrations, each with rows of its own
        run, base_model, model_cfg = prepare_arc(train, val, base_model, cfg.model, AdaptOptions.augmentations,
                                                 cfg.seed)
        cfg, source, ids = cfg.with_(model=model_cfg), run.source, run.val_ids
    with tempfile.TemporaryDirectory(prefix="trm-calibrate-") as tmp:
        t = Trainer(cfg.with_(max_steps=steps + 1), kind, train, [], tmp, base_model=base_model, source=source)
        t.train_step()  # warm-up
        timed = 0
        start = time.perf_counter()
        for _ in range(steps):
            if stop():
                return None
            t.train_step()
            timed += 1
        step_s = (time.perf_counter() - start) / timed
        eval_s = 0.0
        sample = list(val[:EVAL_SAMPLE])
        if sample and not stop():
            start = time.perf_counter()
            refine_batch(sample, t.ema.model, kind, stop_on_halt=False, stop_on_rules=False,
                         puzzle_ids=None if ids is None else ids[:len(sample)])
            per_puzzle = (time.perf_counter() - start) / len(sample)
            eval_s = per_puzzle * min(len(val), cfg.eval_limit)
        start = time.perf_counter()
        t.save_state()
        ckpt_s = time.perf_counter() - start
    return Calibration(step_s, eval_s, ckpt_s, cfg.batch_size, cfg.device)


def estimate(cal: Calibration, cfg: TrainConfig, has_val: bool = True) -> Estimate:
    """The steps and time of a run with `cfg` at the measured speed."""
    per_step = cal.step_seconds + cal.checkpoint_seconds / max(1, cfg.checkpoint_every)
    if has_val:
        per_step += cal.eval_seconds / max(1, cfg.eval_every)
    budget = cfg.max_minutes * 60 if cfg.max_minutes else math.inf
    by_time = budget / per_step if per_step > 0 else math.inf
    if cfg.max_steps <= by_time:
        steps, seconds, limit = cfg.max_steps, cfg.max_steps * per_step, "steps"
    else:
        steps, seconds, limit = int(by_time), budget, "time"
    return Estimate(seconds, steps, steps // max(1, cfg.eval_every) if has_val else 0, limit)
