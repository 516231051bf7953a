"""Evaluation report of a maze model: `python -m training.recipes.maze_report [--model PATH]`.

Held-out generated mazes (seed 13; training and validation use 11 and 12) per level of the maze
generator (easy 10x10, medium 20x20, hard 30x30 with a shortest path over 110 moves, as Maze-Hard,
extreme 30x30 over 150), neural-only. "exact" is the task's own success: a valid path that is a
shortest one (any of the many equally short paths; `canonical` counts the one the model was trained
to draw). Reported: a single pass at the trained N_sup and at more steps, the ensemble over dihedral
copies, latency per maze (first animated step, full solve) on this machine. Writes maze.eval.json and
prints the table for resources/models/README.md.

`--second-generator N` measures instead N 30x30 mazes from a second generator of Maze-Hard's published
description, its layouts drawn apart from solver.puzzles.maze's (only its BFS is shared) so that the
model is not checked only against the generator it was trained on: each cell a wall with probability d (d uniform in 30-50%), S and G the two
ends of the open area's longest shortest path (a BFS double sweep), and the layout kept only if that path
is over 110 moves (rejection: about 1 layout in 260; the training generator instead lengthens paths by
walling cells of them). Single pass and ensemble; written as the report's "second_generator" section.
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import torch

from solver.checkpoint import load_model
from solver.puzzles import maze
from solver.refine import refine_batch, refine_batch_ensemble
from training.recipes.sudoku_report import latency

TEST_SEED = 13
TEST_COUNTS = {"easy": 200, "medium": 200, "hard": 200, "extreme": 100}


def test_set(counts: dict[str, int]) -> dict[str, list[maze.MazePuzzle]]:
    return {lv: [maze.generate(np.random.default_rng([TEST_SEED, k, i]), lv) for i in range(n)]
            for k, (lv, n) in enumerate(counts.items())}


def second_generator_maze(rng: np.random.Generator, need: int = 111) -> maze.MazePuzzle:
    """A 30x30 maze of the second generator (see the module docstring), with its canonical path."""
    while True:
        grid = np.where(rng.random((30, 30)) < rng.uniform(0.3, 0.5), maze.WALL, maze.OPEN).astype(np.int8)
        cells = np.flatnonzero(grid == maze.OPEN)
        if len(cells) < 2:
            continue
        passable = grid != maze.WALL
        s = int(np.argmax(maze._bfs(passable, int(rng.choice(cells)))[0]))
        dist = maze._bfs(passable, s)[0]
        g = int(np.argmax(dist))
        if dist[g] >= need:
            grid.flat[s], grid.flat[g] = maze.START, maze.GOAL
            p = maze.MazePuzzle(grid=grid, source="<second generator>")
            return maze.MazePuzzle(grid=grid, solution=maze.bfs_path(p), source=p.source)


def second_generator_report(model_path: Path, n: int, ensemble: int, long_steps: int, threads: int = 2) -> dict:
    torch.set_num_threads(threads)
    model, _ = load_model(model_path, "maze")
    ps = [second_generator_maze(np.random.default_rng([TEST_SEED, 100, i])) for i in range(n)]
    with torch.inference_mode():
        single = refine_batch(ps, model, maze.KIND, max_steps=model.cfg.N_sup, stop_on_halt=False)
        ens = refine_batch_ensemble(ps, model, maze.KIND, ensemble, max_steps=long_steps)
    return {"n": n, "generator": "training.recipes.maze_report.second_generator_maze", "seed": [TEST_SEED, 100],
            "shortest_moves_mean": float(np.mean([(p.solution == maze.PATH).sum() + 1 for p in ps])),
            "wall_share_mean": float(np.mean([(p.grid == maze.WALL).mean() for p in ps])),
            "single": _score(ps, single.answers), "ensemble_k": ensemble, "long_steps": long_steps,
            "ensemble": _score(ps, ens.answers)}


def _score(puzzles, answers) -> dict:
    verdicts = [maze.check(p, a) for p, a in zip(puzzles, answers)]
    return {"exact": float(np.mean([v.ok and v.details["shortest"] for v in verdicts])),
            "valid_path": float(np.mean([v.ok for v in verdicts])),
            "canonical": float(np.mean([np.array_equal(a, p.solution) for p, a in zip(puzzles, answers)])),
            "cell": float(np.mean([np.mean(a == p.solution) for p, a in zip(puzzles, answers)]))}


def report(model_path: Path, ensemble: int, long_steps: int, counts: dict, log=print, threads: int = 2) -> dict:
    torch.set_num_threads(threads)
    model, info = load_model(model_path, "maze")
    sets = test_set(counts)
    out = {"model": str(model_path), "parameters": model.num_parameters(), "config": model.cfg.to_dict(),
           "test_set": {"seed": TEST_SEED, "counts": counts, "generator": "solver.puzzles.maze.generate"},
           "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
           "training_seconds": info.meta.get("training_seconds"), "trained_steps": info.meta.get("trained_steps"),
           "training_total": info.meta.get("training_total"),     # every stage of the recipe's curriculum
           "levels": {}}
    N = model.cfg.N_sup
    for level, ps in sets.items():
        row: dict = {"n": len(ps), "shortest_moves_mean": float(np.mean(
            [(p.solution == maze.PATH).sum() + 1 for p in ps]))}
        t = time.perf_counter()
        with torch.inference_mode():
            single = refine_batch(ps, model, maze.KIND, max_steps=N, stop_on_halt=False)
        row["single_seconds"] = round(time.perf_counter() - t, 1)
        row["single"] = _score(ps, single.answers)
        row["single_mean_steps"] = float(single.steps.mean())
        with torch.inference_mode():
            longer = refine_batch(ps, model, maze.KIND, max_steps=long_steps, stop_on_halt=False)
        row[f"single_{long_steps}_steps"] = _score(ps, longer.answers)
        with torch.inference_mode():
            ens = refine_batch_ensemble(ps, model, maze.KIND, ensemble, max_steps=long_steps)
        row["ensemble"] = _score(ps, ens.answers)
        row["ensemble_mean_steps"] = float(ens.steps.mean())
        row["latency_single"] = latency(model, ps[:10], 1, maze.KIND)
        out["levels"][level] = row
        log(f"{level}: single {row['single']['exact']:.3f}, {long_steps} steps "
            f"{row[f'single_{long_steps}_steps']['exact']:.3f}, ensemble K={ensemble} {row['ensemble']['exact']:.3f}")
    out["ensemble_k"], out["long_steps"] = ensemble, long_steps
    return out


def markdown(r: dict) -> str:
    k, L = r["ensemble_k"], r["long_steps"]
    lines = [f"| level | n | shortest path (moves) | single pass exact | valid path | cells | mean steps | "
             f"{L} steps exact | ensemble K={k}, {L} steps | first step | full solve (median / p90) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for lv, x in r["levels"].items():
        lat, s = x["latency_single"], x["single"]
        lines.append(f"| {lv} | {x['n']} | {x['shortest_moves_mean']:.0f} | {s['exact']:.1%} | {s['valid_path']:.1%} | "
                     f"{s['cell']:.2%} | {x['single_mean_steps']:.1f} | {x[f'single_{L}_steps']['exact']:.1%} | "
                     f"{x['ensemble']['exact']:.1%} | {lat['first_step_ms_median']:.0f} ms | "
                     f"{lat['full_solve_ms_median']:.0f} / {lat['full_solve_ms_p90']:.0f} ms |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.maze_report")
    ap.add_argument("--model", type=Path, default=Path("resources/models/maze.safetensors"))
    ap.add_argument("--ensemble", type=int, default=8)
    ap.add_argument("--long-steps", type=int, default=32)
    ap.add_argument("--out", type=Path, default=Path("resources/models/maze.eval.json"))
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the test set (for a quick look)")
    ap.add_argument("--threads", type=int, default=2, help="1 when another run shares this 2-core machine")
    ap.add_argument("--second-generator", type=int, metavar="N",
                    help="measure N mazes of the second generator instead, into the report's second_generator")
    args = ap.parse_args(argv)
    if args.second_generator:
        r = second_generator_report(args.model, args.second_generator, args.ensemble, args.long_steps, args.threads)
        report_ = json.loads(args.out.read_text()) if args.out.exists() else {}
        report_["second_generator"] = r
        args.out.write_text(json.dumps(report_, indent=1))
        print(json.dumps(r, indent=1))
        return 0
    counts = {k: max(1, int(v * args.scale)) for k, v in TEST_COUNTS.items()}
    r = report(args.model, args.ensemble, args.long_steps, counts, threads=args.threads)
    args.out.write_text(json.dumps(r, indent=1))
    print(markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
