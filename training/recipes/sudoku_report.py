"""Evaluation report of a Sudoku model: `python -m training.recipes.sudoku_report --model PATH`.

Held-out generated puzzles (seed 3, never seen in training: the training and validation sets use seeds 1
and 2) per difficulty level, neural-only: a single pass at the trained N_sup, a single pass with more
supervision steps, and the test-time ensemble of K symmetry-augmented copies; then with repair on.
Latency per puzzle on this machine: first animated step and full solve. Writes sudoku.eval.json and the
table in resources/models/README.md.
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
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import DIFFICULTIES
from solver.refine import refine, refine_batch, refine_batch_ensemble
from solver.solve import SolveOptions, solve
from training.data.sudoku_sets import generate_set

TEST_SEED = 3
TEST_COUNTS = {"easy": 150, "medium": 150, "hard": 150, "extreme": 100}


def _exact(puzzles, answers) -> tuple[float, float]:
    ok = [sudoku.check(p, a).ok for p, a in zip(puzzles, answers)]
    cells = [float(np.mean(a == p.solution)) for p, a in zip(puzzles, answers)]
    return float(np.mean(ok)), float(np.mean(cells))


def latency(model, puzzles, ensemble: int, kind=sudoku.KIND) -> dict:
    """Per puzzle, as the app sees it: time to the first animated step and to the end of the solve."""
    first, full = [], []
    with torch.inference_mode():
        for p in puzzles:
            t = time.perf_counter()
            it = refine(p, model, kind, ensemble=ensemble)
            next(it)
            first.append(time.perf_counter() - t)
            for _ in it:
                pass
            full.append(time.perf_counter() - t)
    return {"first_step_ms_median": round(1000 * float(np.median(first)), 1),
            "full_solve_ms_median": round(1000 * float(np.median(full)), 1),
            "full_solve_ms_p90": round(1000 * float(np.percentile(full, 90)), 1),
            "full_solve_ms_max": round(1000 * float(np.max(full)), 1)}


def report(model_path: Path, ensemble: int, long_steps: int, counts: dict, log=print) -> dict:
    torch.set_num_threads(2)
    model, info = load_model(model_path, "sudoku")
    log("generating the held-out test set ...")
    items = generate_set(counts, TEST_SEED, processes=2)
    out = {"model": str(model_path), "parameters": model.num_parameters(), "config": model.cfg.to_dict(),
           "test_set": {"seed": TEST_SEED, "counts": counts, "generator": "solver.puzzles.sudoku_generate"},
           "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
           "training_seconds": info.meta.get("training_seconds"), "trained_steps": info.meta.get("trained_steps"),
           "levels": {}}
    N = model.cfg.N_sup
    for level in DIFFICULTIES:
        ps = [p for p, lv in items if lv == level]
        if not ps:
            continue
        row = {"n": len(ps), "givens_mean": float(np.mean([p.n_givens for p in ps]))}
        t = time.perf_counter()
        with torch.inference_mode():
            single = refine_batch(ps, model, sudoku.KIND, max_steps=N)
        row["single_seconds"] = round(time.perf_counter() - t, 1)
        row["single_exact"], row["single_cell"] = _exact(ps, single.answers)
        row["single_mean_steps"] = float(single.steps.mean())
        row["single_exact_by_step"] = [round(float(v), 4) for v in single.exact_by_step]
        with torch.inference_mode():
            longer = refine_batch(ps, model, sudoku.KIND, max_steps=long_steps)
        row[f"single_{long_steps}_steps_exact"], _ = _exact(ps, longer.answers)
        with torch.inference_mode():
            ens = refine_batch_ensemble(ps, model, sudoku.KIND, ensemble, max_steps=N)
        row["ensemble_exact"], row["ensemble_cell"] = _exact(ps, ens.answers)
        row["ensemble_mean_steps"] = float(ens.steps.mean())
        repaired = [solve(p, "sudoku", model, SolveOptions()) for p in ps]  # single pass + repair
        row["with_repair_verified"] = float(np.mean([r.verified for r in repaired]))
        row["with_repair_solved_by"] = {k: sum(r.solved_by == k for r in repaired)
                                        for k in ("network", "network+search", "search", "none")}
        row["latency_single"] = latency(model, ps[:20], 1)
        row["latency_ensemble"] = latency(model, ps[:20], ensemble)
        out["levels"][level] = row
        log(f"{level}: single {row['single_exact']:.3f}, {long_steps} steps {row[f'single_{long_steps}_steps_exact']:.3f},"
            f" ensemble K={ensemble} {row['ensemble_exact']:.3f}, repair {row['with_repair_verified']:.3f}")
    out["ensemble_k"] = ensemble
    out["long_steps"] = long_steps
    return out


def markdown(r: dict) -> str:
    k, L = r["ensemble_k"], r["long_steps"]
    lines = [f"| level | n | givens | single pass exact | cells | mean steps | {L} steps exact | "
             f"ensemble K={k} exact | with repair verified | first step | full solve (median / p90) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for lv, x in r["levels"].items():
        lat = x["latency_single"]
        lines.append(f"| {lv} | {x['n']} | {x['givens_mean']:.1f} | {x['single_exact']:.1%} | {x['single_cell']:.2%} | "
                     f"{x['single_mean_steps']:.2f} | {x[f'single_{L}_steps_exact']:.1%} | {x['ensemble_exact']:.1%} | "
                     f"{x['with_repair_verified']:.1%} | {lat['first_step_ms_median']:.0f} ms | "
                     f"{lat['full_solve_ms_median']:.0f} / {lat['full_solve_ms_p90']:.0f} ms |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku_report")
    ap.add_argument("--model", type=Path, default=Path("resources/models/sudoku.safetensors"))
    ap.add_argument("--ensemble", type=int, default=8)
    ap.add_argument("--long-steps", type=int, default=32)
    ap.add_argument("--out", type=Path, default=Path("resources/models/sudoku.eval.json"))
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the test set (for a quick look)")
    args = ap.parse_args(argv)
    counts = {k: max(1, int(v * args.scale)) for k, v in TEST_COUNTS.items()}
    r = report(args.model, args.ensemble, args.long_steps, counts)
    args.out.write_text(json.dumps(r, indent=1))
    print(markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
