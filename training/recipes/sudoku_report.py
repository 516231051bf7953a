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
from solver.puzzles.sudoku_search import search
from training.data.sudoku_sets import generate_set, load_set, save_set

TEST_SEED = 3
TEST_COUNTS = {"easy": 150, "medium": 150, "hard": 150, "extreme": 100,
               "diabolical": 100, "nightmare": 30, "17-clue-like": 30}
# The levels made by a walk take seconds a puzzle: their test set is made once and committed.
SLOW_LEVELS = ("diabolical", "nightmare", "17-clue-like")
HARD_TEST = Path(__file__).resolve().parents[1] / "campaigns" / "sudoku" / "hard_test.txt.gz"


def test_set(counts: dict, log=print) -> list:
    """(puzzle, level) pairs of the held-out test set (seed 3); the slow levels from HARD_TEST, made and
    saved there the first time (the first `counts` of them)."""
    fast = {k: v for k, v in counts.items() if k not in SLOW_LEVELS}
    slow = {k: v for k, v in counts.items() if k in SLOW_LEVELS}
    items = generate_set(fast, TEST_SEED, processes=2)
    if slow:
        if not HARD_TEST.exists():
            log(f"generating the slow levels' test set -> {HARD_TEST} ...")
            save_set(HARD_TEST, generate_set({k: TEST_COUNTS[k] for k in SLOW_LEVELS}, TEST_SEED, processes=2))
        saved = load_set(HARD_TEST)
        for level, n in slow.items():
            items += [(p, lv) for p, lv in saved if lv == level][:n]
    return items


def proxy_stats(puzzles) -> dict:
    """The difficulty proxy of the issue tracker's real lists: search nodes to the first solution after
    naked and hidden singles (sudoku_search), with the givens."""
    nodes = np.array([search(p.givens.reshape(81).tolist(), limit=1)[1].nodes for p in puzzles])
    return {"givens_min": int(min(p.n_givens for p in puzzles)), "nodes_median": float(np.median(nodes)),
            "nodes_mean": round(float(nodes.mean()), 1), "nodes_p90": float(np.percentile(nodes, 90))}


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
    items = test_set(counts, log)
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
        row = {"n": len(ps), "givens_mean": float(np.mean([p.n_givens for p in ps])), **proxy_stats(ps)}
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
    lines = [f"| level | n | givens | search nodes (median / mean / p90) | single pass exact | cells | "
             f"mean steps | {L} steps exact | ensemble K={k} exact | with repair verified | first step | "
             f"full solve (median / p90) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for lv, x in r["levels"].items():
        lat = x["latency_single"]
        lines.append(f"| {lv} | {x['n']} | {x['givens_mean']:.1f} | {x['nodes_median']:.0f} / {x['nodes_mean']:.0f} / "
                     f"{x['nodes_p90']:.0f} | {x['single_exact']:.1%} | {x['single_cell']:.2%} | "
                     f"{x['single_mean_steps']:.2f} | {x[f'single_{L}_steps_exact']:.1%} | {x['ensemble_exact']:.1%} | "
                     f"{x['with_repair_verified']:.1%} | {lat['first_step_ms_median']:.0f} ms | "
                     f"{lat['full_solve_ms_median']:.0f} / {lat['full_solve_ms_p90']:.0f} ms |")
    return "\n".join(lines)


def levers(model_path: Path, counts: dict, ks=(1, 4, 8, 16), steps=(16, 32), timed: int = 10, log=print) -> dict:
    """Test-time levers per level: exact (neural-only) and latency for ensemble size K and supervision
    steps. The ensemble's rule check picks a copy; nothing fills cells."""
    model, _ = load_model(model_path, "sudoku")
    items = test_set(counts, log)
    out = {"model": str(model_path), "threads": torch.get_num_threads(), "levels": {}}
    for level in TEST_COUNTS:
        ps = [p for p, lv in items if lv == level]
        if not ps:
            continue
        rows = {}
        for k in ks:
            for n in steps:
                with torch.inference_mode():
                    res = (refine_batch(ps, model, sudoku.KIND, max_steps=n) if k == 1 else
                           refine_batch_ensemble(ps, model, sudoku.KIND, k, max_steps=n))
                first, full = [], []
                with torch.inference_mode():
                    for p in ps[:timed]:
                        t = time.perf_counter()
                        it = refine(p, model, sudoku.KIND, ensemble=k, max_steps=n)
                        next(it)
                        first.append(time.perf_counter() - t)
                        for _ in it:
                            pass
                        full.append(time.perf_counter() - t)
                rows[f"K={k} steps={n}"] = {"exact": _exact(ps, res.answers)[0],
                                            "full_ms_median": round(1000 * float(np.median(full))),
                                            "full_ms_p90": round(1000 * float(np.percentile(full, 90)))}
                log(f"{level} K={k} steps={n}: {rows[f'K={k} steps={n}']}")
        out["levels"][level] = {"n": len(ps), "timed": min(timed, len(ps)), "settings": rows}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku_report")
    ap.add_argument("--model", type=Path, default=Path("resources/models/sudoku.safetensors"))
    ap.add_argument("--ensemble", type=int, default=8)
    ap.add_argument("--long-steps", type=int, default=32)
    ap.add_argument("--out", type=Path, default=Path("resources/models/sudoku.eval.json"))
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the test set (for a quick look)")
    ap.add_argument("--levers", action="store_true",
                    help="instead: exact and latency per ensemble size and step count (sudoku.levers.json)")
    ap.add_argument("--levels", help="only these levels (comma-separated)")
    args = ap.parse_args(argv)
    levels = args.levels.split(",") if args.levels else list(TEST_COUNTS)
    unknown = [lv for lv in levels if lv not in TEST_COUNTS]
    if unknown:
        ap.error(f"--levels: unknown level {unknown[0]!r}; choose from {', '.join(TEST_COUNTS)}")
    counts = {k: max(1, int(TEST_COUNTS[k] * args.scale)) for k in levels}
    if args.levers:
        r = levers(args.model, counts)
        out = args.out.with_name("sudoku.levers.json")
        out.write_text(json.dumps(r, indent=1))
        print(f"-> {out}")
        return 0
    r = report(args.model, args.ensemble, args.long_steps, counts)
    args.out.write_text(json.dumps(r, indent=1))
    print(markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
