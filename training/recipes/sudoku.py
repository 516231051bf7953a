"""Recipe of the bundled Sudoku model: `python -m training.recipes.sudoku [--resume] [--minutes M]`.

Reproduces resources/models/sudoku.safetensors on a 2-core CPU. The settings below are the recipe; they
were chosen by measurement on this machine (see resources/models/README.md):
- a D=128 TRM-MLP, T=2, n=3 (0.52M parameters): the DESIGN's measurement showed this width reaching 93%
  exact on mixed puzzles in 35 CPU-minutes; the paper's D=512, T=3, n=6 costs ~10x more per step here.
- batch 32, lr 1e-3 with 200 warm-up steps, gradient clipping 1.0, EMA 0.999 with its warm-up: a higher
  lr without EMA spiked and lost 16 points in the DESIGN's measurement.
- data: generated puzzles with unique solutions, weighted towards the hard levels, augmented on the fly
  by the Sudoku symmetry group (digit relabelling, band/stack/line shuffles, transpose).
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

import numpy as np
import torch

from solver.model import TRMConfig
from solver.puzzles import sudoku
from training.config import TrainConfig
from training.data.sudoku_sets import disjoint_validation, generate_set, load_set, save_set
from training.trainer import Callbacks, Trainer

TRAIN_COUNTS = {"easy": 1500, "medium": 2500, "hard": 8000, "extreme": 600}
VAL_COUNTS = {"easy": 200, "medium": 200, "hard": 300, "extreme": 100}
TRAIN_SEED, VAL_SEED = 1, 2
MODEL = TRMConfig(vocab_size=sudoku.VOCAB_SIZE, seq_len=sudoku.SEQ_LEN, hidden_size=128, mixer="mlp",
                  T=2, n=3, N_sup=16)
TRAIN = TrainConfig(kind="sudoku", model=MODEL, batch_size=32, lr=1e-3, warmup_steps=200, weight_decay=0.1,
                    grad_clip=1.0, ema_decay=0.999, loss="softmax", replace_halted=True, augment=True,
                    max_steps=1_000_000, max_minutes=120, eval_every=1000, eval_limit=200,
                    checkpoint_every=200, seed=0)


def datasets(cache: Path, log=print):
    cache.mkdir(parents=True, exist_ok=True)
    sets = {}
    for name, counts, seed in (("train", TRAIN_COUNTS, TRAIN_SEED), ("val", VAL_COUNTS, VAL_SEED)):
        path = cache / f"sudoku_{name}.txt"
        if not path.exists():
            t = time.time()
            items = generate_set(counts, seed, processes=2)
            save_set(path, items)
            log(f"generated {len(items)} {name} puzzles in {time.time() - t:.0f}s -> {path}")
        sets[name] = load_set(path)
    train = [p for p, _ in sets["train"]]
    val = disjoint_validation(train, sets["val"])
    order = np.random.default_rng(0).permutation(len(val))  # mixed levels in every evaluation subset
    val = [val[i] for i in order]
    return train, val  # val: (puzzle, level) pairs


class LineLog(Callbacks):
    def __init__(self, every: int = 50):
        self.every = every

    def on_step(self, i):
        if i.step % self.every == 0:
            print(f"step {i.step} loss {i.loss:.4f} lm {i.lm_loss:.4f} halt {i.halt_loss:.4f} "
                  f"tok {i.token_accuracy:.3f} exact {i.exact_accuracy:.3f} lr {i.lr:.2e} "
                  f"t {i.seconds / 60:.1f}min", flush=True)

    def on_eval(self, e):
        curve = " ".join(f"{v:.3f}" for v in e.exact_by_step)
        print(f"EVAL step {e.step} exact {e.exact_accuracy:.4f} cell {e.cell_accuracy:.4f} "
              f"halt@{e.mean_halt_step:.1f} best {e.best} ({e.seconds:.0f}s) by-step {curve}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku")
    ap.add_argument("--out", type=Path, default=Path("runs/sudoku"))
    ap.add_argument("--cache", type=Path, default=Path("runs/data"))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--minutes", type=float, default=TRAIN.max_minutes)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=TRAIN.max_steps,
                    help="stop at this step (with --resume and the saved step: evaluate and finish now)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    train, val = datasets(args.cache)
    print(f"{len(train)} training puzzles, {len(val)} validation puzzles", flush=True)
    cfg = TRAIN.with_(max_minutes=args.minutes, max_steps=args.max_steps)
    levels = {lv: n for lv, n in TRAIN_COUNTS.items()}
    meta = {"recipe": "python -m training.recipes.sudoku", "data": {"train": levels, "val": VAL_COUNTS,
                                                                   "train_seed": TRAIN_SEED, "val_seed": VAL_SEED}}
    # SIGINT/SIGTERM stop the run cooperatively: the trainer evaluates, saves its state and the best model.
    stop = {"asked": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.update(asked=True))
    trainer = Trainer(cfg, sudoku.KIND, train, [p for p, _ in val], args.out, callbacks=LineLog(), meta=meta,
                      should_stop=lambda: stop["asked"])
    print(f"model: {trainer.model.num_parameters()} parameters", flush=True)
    result = trainer.run(resume=args.resume)
    print(f"DONE {result.stopped} after {result.steps} steps, {result.seconds / 60:.1f} min; "
          f"best validation exact {result.best_exact:.4f} -> {result.best_path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
