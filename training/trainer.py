"""The Trainer: deep supervision with a detached carry, the halting loss, EMA, AdamW with warm-up.

One optimizer step is one supervision step of the batch in flight (the reference's ACT loop): the carry
(y, z) is detached between steps; a sample leaves the batch when it halts (halting head says so, or after
N_sup steps) and a fresh sample takes its place. With `replace_halted=False` it is the plain N_sup loop.

The trainer reports through callbacks and never prints; `should_stop()` is polled between steps for a
cooperative cancel. Its state (weights, EMA, optimizer, carry, random generators) is written atomically,
so a run killed at any point resumes from the last checkpoint and continues as if never stopped.
"""
from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist

from solver.checkpoint import ModelFileError, atomic_write_bytes, save_model, torch_load_state
from solver.model import TRM
from solver.puzzles.base import PuzzleKind
from solver.refine import BatchResult, refine_batch

from .batches import SampleSource
from .config import TrainConfig
from .ema import EMA
from .losses import IGNORE, sequence_correct, token_losses
from .progress import BEST_MODEL, STATE_FILE, Callbacks, EvalInfo, StepInfo  # noqa: F401 - re-exported


@dataclass
class TrainResult:
    steps: int
    seconds: float
    best_exact: float
    best_path: Path | None
    stopped: str          # "finished", "time", "cancelled"
    history: list[EvalInfo] = field(default_factory=list)


def _world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def validation_accuracy(model: TRM, kind: PuzzleKind, val: Sequence, ids: Sequence[int] | None = None
                        ) -> tuple[float, float, BatchResult]:
    """Exact and cell accuracy of a single pass of all N_sup steps (no halting, no rule stop), the
    measure of every evaluation during training; `ids`: the puzzles' embedding rows (ARC)."""
    res = refine_batch(val, model, kind, stop_on_halt=False, stop_on_rules=False, puzzle_ids=ids)
    cells = [float(np.mean(a == p.solution)) if a.shape == p.solution.shape else 0.0
             for a, p in zip(res.answers, val)]
    return float(res.exact_by_step[-1]), float(np.mean(cells)), res


class Trainer:
    def __init__(self, cfg: TrainConfig, kind: PuzzleKind, train: Sequence, val: Sequence, out_dir: Path,
                 base_model: TRM | None = None, callbacks: Callbacks | None = None,
                 should_stop: Callable[[], bool] | None = None, meta: dict | None = None,
                 source: SampleSource | None = None, val_ids: Sequence[int] | None = None):
        """`source` replaces the default sampler of `train` (ARC draws task examples with puzzle ids);
        `val_ids` are the validation puzzles' puzzle-embedding rows."""
        self.cfg = cfg
        self.kind = kind
        self.val = list(val)
        self.val_ids = None if val_ids is None else list(val_ids)
        self.out = Path(out_dir)
        self.cb = callbacks or Callbacks()
        self.should_stop = should_stop or (lambda: False)
        self.meta = meta or {}
        self.rank, self.world = _world()
        if cfg.batch_size % self.world:
            raise ValueError(f"batch size {cfg.batch_size} does not split over {self.world} processes")
        self.local_batch = cfg.batch_size // self.world
        self.device = torch.device(cfg.device)

        torch.manual_seed(cfg.seed)
        self.fine_tune = base_model is not None
        self.model = (base_model or TRM(cfg.model)).to(self.device).train()
        self.ema = EMA(self.model, cfg.ema_decay, warmup=not self.fine_tune)
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr, betas=(cfg.beta1, cfg.beta2),
                                     weight_decay=cfg.weight_decay)
        self.ddp = None
        if self.world > 1:
            self.ddp = torch.nn.parallel.DistributedDataParallel(self.model)
        # The plain loop replaces the whole batch at once, so every process draws the same global batch and
        # keeps its shard (results match one process); ACT replacement draws per process.
        seed = cfg.seed if not cfg.replace_halted else [cfg.seed, self.rank]
        self.source = source or SampleSource(kind, train, cfg.augment, seed)
        self.halt_gen = torch.Generator().manual_seed(cfg.seed * 1000 + self.rank)
        self.step = 0
        self.seconds = 0.0
        self.best_exact = -1.0
        self.best_cell = -1.0   # breaks ties: a short fine-tune may not move exact accuracy yet
        self.history: list[EvalInfo] = []
        B = self.local_batch
        self.carry = {
            **self._sequences(B, cfg.model.seq_len),
            "ids": torch.zeros(B, dtype=torch.long),
            "steps": torch.zeros(B, dtype=torch.long),
            "min_steps": torch.zeros(B, dtype=torch.long),
            "halted": torch.ones(B, dtype=torch.bool),
        }

    def _sequences(self, batch: int, length: int) -> dict[str, torch.Tensor]:
        """The carry's per-position tensors for `length` tokens a sample: x, labels, and y, z (which also
        hold the puzzle-embedding prefix)."""
        L, D = length + self.cfg.model.prefix_len, self.cfg.model.hidden_size
        return {"x": torch.zeros(batch, length, dtype=torch.long),
                "labels": torch.zeros(batch, length, dtype=torch.long),
                "y": torch.zeros(batch, L, D), "z": torch.zeros(batch, L, D)}

    # --- state ---------------------------------------------------------------------------------------

    def _state_path(self) -> Path:
        return self.out / (STATE_FILE if self.rank == 0 else f"state.rank{self.rank}.pt")

    def save_state(self) -> Path:
        state = {
            "config": self.cfg.to_dict(), "step": self.step, "seconds": self.seconds,
            "best_exact": self.best_exact, "best_cell": self.best_cell, "model": self.model.state_dict(), "ema": self.ema.state_dict(),
            "opt": self.opt.state_dict(), "carry": self.carry, "source": self.source.state(),
            "halt_gen": self.halt_gen.get_state(), "torch_rng": torch.get_rng_state(),
            "history": [vars(h) for h in self.history],
        }
        buf = io.BytesIO()
        torch.save(state, buf)
        path = self._state_path()
        atomic_write_bytes(path, buf.getvalue())
        self.cb.on_checkpoint(path)
        return path

    def load_state(self) -> bool:
        """Restore the run saved in the run folder; False when there is none. A damaged or foreign state
        file raises ModelFileError naming it (nothing in it can run code: see torch_load_state)."""
        path = self._state_path()
        if not path.exists():
            return False
        s = torch_load_state(path)
        try:
            model_cfg = s["config"]["model"]
        except (KeyError, TypeError, IndexError):
            raise ModelFileError(f"{path}: not a training state of this app") from None
        if model_cfg != self.cfg.model.to_dict():
            raise ValueError(f"{path}: the saved run has a different model shape; start a new run folder")
        try:
            self._restore(s)
        except (KeyError, TypeError, ValueError, RuntimeError, IndexError, AttributeError) as e:
            raise ModelFileError(f"{path}: damaged training checkpoint "
                                 f"({type(e).__name__}: {str(e).splitlines()[0][:160] if str(e) else ''})") from None
        self.cb.on_resume(self.step)
        return True

    def _restore(self, s: dict) -> None:
        carry = s.get("carry")
        if carry is not None and (set(carry) != set(self.carry)
                                  or any(len(carry[k]) != len(v) for k, v in self.carry.items())):
            raise ValueError("its batch in flight does not fit this run's batch size")
        step, seconds = s["step"], s["seconds"]
        if not (isinstance(step, int) and step >= 0 and isinstance(seconds, float | int)):
            raise ValueError(f"step {step!r}, seconds {seconds!r}")
        self.model.load_state_dict(s["model"])
        self.ema.load_state_dict(s["ema"])
        self.opt.load_state_dict(s["opt"])
        # A compact state (a campaign's committed one) leaves out the carry: the batch in flight restarts.
        if carry is not None:
            self.carry = carry
        self.source.set_state(s["source"])
        self.halt_gen.set_state(s["halt_gen"])
        torch.set_rng_state(s["torch_rng"])
        self.step, self.seconds, self.best_exact = step, float(seconds), float(s["best_exact"])
        self.best_cell = float(s.get("best_cell", -1.0))
        self.history = [EvalInfo(**h) for h in s["history"]]

    # --- one step ------------------------------------------------------------------------------------

    def _refill(self) -> None:
        c, cfg = self.carry, self.cfg
        halted = c["halted"]
        if not halted.any():
            return
        if cfg.replace_halted:
            n = int(halted.sum())
            x, y, ids = self.source.draw(n)
        else:
            # Plain loop: all samples halt together; draw the global batch, keep this process's shard.
            x, y, ids = self.source.draw(cfg.batch_size)
            sl = slice(self.rank * self.local_batch, (self.rank + 1) * self.local_batch)
            x, y, ids = x[sl], y[sl], ids[sl]
        y = np.where(y == 0, IGNORE, y)  # padding is not an answer to learn
        if x.shape[1] != c["x"].shape[1]:
            # A source that draws each batch on a canvas of its own (ArcSource by_canvas): the whole batch
            # is new here, so the carry takes the new length.
            if cfg.replace_halted:
                raise ValueError("a source whose canvas changes between draws needs the plain loop "
                                 "(replace_halted=False)")
            if cfg.model.mixer != "conv":
                raise ValueError("only the conv mixer runs on canvases of other sizes")
            c.update(self._sequences(*x.shape))
        c["x"][halted] = torch.from_numpy(x)
        c["labels"][halted] = torch.from_numpy(y)
        c["ids"][halted] = torch.from_numpy(ids)
        y0, z0 = self.model.initial_carry(int(halted.sum()), c["y"].shape[1])
        c["y"][halted], c["z"][halted] = y0.cpu(), z0.cpu()
        c["steps"][halted] = 0
        # Exploration (reference): some samples must run a random minimum number of steps before halting.
        k = int(halted.sum())
        explore = torch.rand(k, generator=self.halt_gen) < cfg.halt_exploration
        low = torch.randint(min(2, cfg.model.N_sup), cfg.model.N_sup + 1, (k,), generator=self.halt_gen)
        c["min_steps"][halted] = torch.where(explore, low, torch.zeros_like(low))

    def _lr(self) -> float:
        cfg = self.cfg
        scale = min(1.0, (self.step + 1) / max(1, cfg.warmup_steps))
        if cfg.decay_from is not None and self.step >= cfg.decay_from and cfg.max_steps > cfg.decay_from:
            done = min(1.0, (self.step - cfg.decay_from) / (cfg.max_steps - cfg.decay_from))
            scale *= cfg.lr_floor + (1 - cfg.lr_floor) * 0.5 * (1 + math.cos(math.pi * done))
        return cfg.lr * scale

    def train_step(self) -> StepInfo:
        cfg, c, dev = self.cfg, self.carry, self.device
        self._refill()
        net = self.ddp or self.model
        out = net(c["x"].to(dev), c["ids"].to(dev), c["y"].to(dev), c["z"].to(dev))
        labels = c["labels"].to(dev)
        lm = token_losses(out.logits, labels, cfg.loss)
        correct = sequence_correct(out.logits, labels)
        halt_bce = torch.nn.functional.binary_cross_entropy_with_logits(
            out.halt_logit, correct.float(), reduction="none")
        loss = (lm + cfg.halt_loss_weight * halt_bce).mean()
        for g in self.opt.param_groups:
            g["lr"] = self._lr()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
        self.opt.step()
        self.ema.update(self.model)
        with torch.no_grad():
            mask = labels != IGNORE
            tok_acc = float(((out.logits.argmax(-1) == labels) & mask).sum() / mask.sum().clamp_min(1))
            c["y"], c["z"] = out.y.cpu(), out.z.cpu()
            c["steps"] += 1
            halted = c["steps"] >= cfg.model.N_sup
            if cfg.replace_halted:
                halted |= (out.halt_logit.cpu() > 0) & (c["steps"] >= c["min_steps"])
            c["halted"] = halted
        self.step += 1
        return StepInfo(self.step, cfg.max_steps, float(loss.detach()), float(lm.detach().mean()),
                        float(halt_bce.detach().mean()),
                        tok_acc, float(correct.float().mean()), self._lr(), self.seconds, None)

    # --- evaluation ----------------------------------------------------------------------------------

    def evaluate(self) -> EvalInfo:
        t = time.perf_counter()
        val = self.val[: self.cfg.eval_limit]
        ids = None if self.val_ids is None else self.val_ids[: len(val)]
        exact, cell, res = validation_accuracy(self.ema.model, self.kind, val, ids)
        halt_step = [int(np.argmax(h > 0.5)) + 1 if (h > 0.5).any() else len(h) for h in res.halt_probs]
        # A tie keeps the later, more trained weights (an ARC task learned but not yet generalised).
        best = (exact, cell) >= (self.best_exact, self.best_cell)
        solved = [a.shape == p.solution.shape and bool(np.array_equal(a, p.solution))
                  for a, p in zip(res.answers, val)]
        info = EvalInfo(self.step, exact, cell, [float(v) for v in res.exact_by_step],
                        float(np.mean(halt_step)), time.perf_counter() - t, best, solved)
        if best:
            self.best_exact, self.best_cell = exact, cell
            if self.rank == 0:
                self.save_best()
        self.history.append(info)
        return info

    def save_best(self) -> Path:
        return self.save_weights(BEST_MODEL, {"exact_accuracy": self.best_exact, "cell_accuracy": self.best_cell,
                                              "n": min(len(self.val), self.cfg.eval_limit)})

    def save_weights(self, name: str, validation: dict | None = None) -> Path:
        """The EMA weights as they are now, as a model file `name` in the run folder."""
        meta = {**self.meta, "train_config": self.cfg.to_dict(), "trained_steps": self.step,
                "training_seconds": round(self.seconds, 1)}
        if validation is not None:
            meta["validation"] = validation
        return save_model(self.ema.model, self.out / name, self.kind.name, meta)

    # --- the loop ------------------------------------------------------------------------------------

    def run(self, resume: bool = False) -> TrainResult:
        self.out.mkdir(parents=True, exist_ok=True)
        if resume:
            self.load_state()
        cfg = self.cfg
        limit_s = cfg.max_minutes * 60 if cfg.max_minutes else math.inf
        stopped = "finished"
        session_start, session_steps = time.perf_counter(), 0
        base_seconds = self.seconds
        if self.fine_tune and self.step == 0 and self.val:
            # The base model is the first candidate: a fine-tune never saves weights that do worse on its
            # validation than what it started from.
            self.cb.on_eval(self.evaluate())
        while self.step < cfg.max_steps:
            if self.should_stop():
                stopped = "cancelled"
                break
            if self.seconds >= limit_s:
                stopped = "time"
                break
            info = self.train_step()
            session_steps += 1
            self.seconds = base_seconds + time.perf_counter() - session_start
            rate = (time.perf_counter() - session_start) / session_steps
            remaining = min((cfg.max_steps - self.step) * rate, max(0.0, limit_s - self.seconds))
            info.seconds, info.eta_seconds = self.seconds, remaining
            self.cb.on_step(info)
            if self.step % cfg.eval_every == 0 and self.val:
                self.cb.on_eval(self.evaluate())
            if self.step % cfg.checkpoint_every == 0:
                self.save_state()
        if self.val and (not self.history or self.history[-1].step != self.step):
            self.cb.on_eval(self.evaluate())
        self.save_state()
        best = self.out / f"{BEST_MODEL}.safetensors"
        return TrainResult(self.step, self.seconds, self.best_exact, best if best.exists() else None,
                           stopped, self.history)
