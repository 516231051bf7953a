"""ARC adaptation speed: `python -m training.recipes.arc_adapt_speed [--steps K] [--sides 10,18,30]`.

Adaptation steps per second of the bundled ARC model (its defaults: fine-tuned weights, 8 augmentations)
per canvas side, thread count and batch size, as the machine is and beside one more CPU-bound process
that this report starts and stops itself; samples alternate, so drift of the machine falls on all alike.
Also the cost of the demonstration check (AdaptOptions.check_every) as a ratio of steps/s with and without
it. The task of each sample is a 2x2 tiling of random grids sized so that arc.task_canvas is the side.
Writes arc.eval.json's "adapt_speed" section (the rest is left as it is) and prints a table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from solver.arc_adapt import adapt
from solver.checkpoint import atomic_write_bytes, load_model
from solver.puzzles import arc
from solver.puzzles.arc import ArcTask
from solver.solve import options_for

# CPU-bound, and gone within a few milliseconds of this report (even one killed without cleaning up)
BUSY_CODE = ("import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n"
             "    for _ in range(100_000):\n        pass\n")


def task_for(side: int, seed: int = 0) -> ArcTask:
    """A task whose canvas (arc.task_canvas) is `side`: inputs of (side - 4) // 2 cells a side tiled 2x2."""
    rng = np.random.default_rng(seed)
    n = max(1, (side - 4) // 2)
    grids = [rng.integers(0, 10, size=(n, n)).astype(np.int8) for _ in range(4)]
    return ArcTask(f"tile{side}", tuple((g, np.tile(g, (2, 2))) for g in grids[:3]), (grids[3],),
                   (np.tile(grids[3], (2, 2)),))


def steps_per_second(model, task: ArcTask, options, threads: int) -> float:
    torch.set_num_threads(threads)
    with torch.enable_grad():
        a = adapt(model, task, options)
    return a.steps / a.seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_adapt_speed")
    ap.add_argument("--model", type=Path, default=Path("resources/models/arc.safetensors"))
    ap.add_argument("--steps", type=int, default=6, help="adaptation steps per sample")
    ap.add_argument("--sides", default="10,18,30")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batches", default="16", help="batch sizes (the model's default is 16)")
    ap.add_argument("--out", type=Path, default=Path("resources/models/arc.eval.json"))
    args = ap.parse_args(argv)
    model, info = load_model(args.model, "arc")
    base = replace(options_for(info).adapt, steps=args.steps, max_seconds=None, task_canvas=True, check_every=0)
    sides = [int(v) for v in args.sides.split(",")]
    threads = [int(v) for v in args.threads.split(",")]
    batches = [int(v) for v in args.batches.split(",")]
    rows = []
    load = os.getloadavg()[0]
    for side in sides:
        task = task_for(side)
        assert arc.task_canvas(task) == side, (side, arc.task_canvas(task))
        for batch in batches:
            options = replace(base, batch_size=batch)
            for n in threads:
                row = {"side": side, "batch": batch, "threads": n}
                for busy in (False, True):
                    proc = subprocess.Popen([sys.executable, "-c", BUSY_CODE]) if busy else None
                    try:
                        row["busy" if busy else "as is"] = round(steps_per_second(model, task, options, n), 3)
                    finally:
                        if proc is not None:
                            proc.kill()
                            proc.wait()
                rows.append(row)
                print(json.dumps(row), flush=True)
    # the demonstration check every 25 steps, against none: one thread, the smallest side, as the machine is
    task = task_for(sides[0])
    long = replace(base, steps=max(25, args.steps))
    plain = steps_per_second(model, task, long, 1)
    checked = steps_per_second(model, task, replace(long, check_every=25), 1)
    section = {"command": "python -m training.recipes.arc_adapt_speed " + " ".join(argv or sys.argv[1:]),
               "machine": f"{os.cpu_count()} cores, torch {torch.__version__}, load average {load:.1f} at the start",
               "steps_per_sample": args.steps, "rows": rows,
               "check_every_25": {"side": sides[0], "steps": long.steps, "steps_per_second_without": round(plain, 3),
                                  "steps_per_second_with": round(checked, 3)}}
    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    report["adapt_speed"] = section
    atomic_write_bytes(args.out, (json.dumps(report, indent=1) + "\n").encode())
    print("| canvas | batch | threads | steps/s as is | steps/s beside one more busy process |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['side']}x{r['side']} | {r['batch']} | {r['threads']} | {r['as is']:.2f} | {r['busy']:.2f} |")
    print(f"check every 25 steps: {checked:.2f} against {plain:.2f} steps/s without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
