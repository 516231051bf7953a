"""Evaluation report of the Sudoku X model: `python -m training.recipes.sudoku_x_report`.

The held-out set of training.recipes.sudoku_x (seed 13, 24-32 givens, never trained or validated on), the
first `--single` puzzles of each level:
- neural-only, single pass (refine_batch, up to N_sup steps, stopping once the rules hold);
- neural-only with the model's default test-time ensemble (its sidecar's inference: K symmetry-augmented
  copies in its rounds, the same choice as `trm solve --neural-only`, batched), on the first `--ensemble` of each level;
- with repair: the kind's exact search repairs every single-pass answer that breaks a rule, as `solve()`
  does; verified means the repaired grid obeys every rule (the puzzles have one solution each);
- latency: `solve(..., neural_only=True)` one puzzle at a time, timed, on the first `--timed` of each level,
  with the machine's load average beside it (on a shared CPU the seconds are upper bounds).
Writes resources/models/sudoku-x.eval.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import torch

from solver.checkpoint import load_model
from solver.puzzles import get_kind
from solver.refine import refine_batch, refine_batch_ensemble
from solver.solve import options_for, solve
from training.recipes.sudoku_x import TEST_COUNTS, TEST_SEED, generate_set

KIND = get_kind("sudoku-x")


def _rate(puzzles, answers) -> float:
    return float(np.mean([KIND.check(p, a).ok for p, a in zip(puzzles, answers)]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku_x_report")
    ap.add_argument("--model", type=Path, default=Path("resources/models/sudoku-x.safetensors"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--single", type=int, default=100, help="puzzles per level for the single pass and repair")
    ap.add_argument("--ensemble", type=int, default=20, help="puzzles per level for the ensemble")
    ap.add_argument("--timed", type=int, default=5, help="puzzles per level timed one at a time")
    ap.add_argument("--out", type=Path, default=Path("resources/models/sudoku-x.eval.json"))
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    counts = {lv: min(n, args.single) for lv, n in TEST_COUNTS.items()}
    items = generate_set(counts, TEST_SEED)
    model, info = load_model(args.model, KIND.name)
    options = options_for(info, neural_only=True)
    levels, totals = {}, {"n": 0, "single": 0.0, "repair": 0.0, "ensemble_n": 0, "ensemble": 0.0}
    for level in counts:
        ps = [p for p, lv in items if lv == level]
        with torch.inference_mode():
            single = refine_batch(ps, model, KIND)
            ens = refine_batch_ensemble(ps[:args.ensemble], model, KIND, options.ensemble,
                                        rounds=options.rounds)
        repaired = [a if KIND.acceptable(KIND.check(p, a)) else KIND.repair(p, a).answer
                    for p, a in zip(ps, single.answers)]
        timed = []
        for p in ps[:args.timed]:
            r = solve(p, KIND.name, model, options)
            timed.append((r.seconds, r.verified))
        seconds = [s for s, _ in timed]
        levels[level] = {
            "n": len(ps), "givens_mean": round(float(np.mean([p.n_givens for p in ps])), 2),
            "single_exact": _rate(ps, single.answers), "single_mean_steps": float(single.steps.mean()),
            "single_cell": float(np.mean([np.mean(a == p.solution) for p, a in zip(ps, single.answers)])),
            "ensemble_n": len(ens.answers), "ensemble_exact": _rate(ps, ens.answers),
            "with_repair_verified": _rate(ps, repaired),
            "timed_n": len(timed), "timed_verified": sum(v for _, v in timed),
            "timed_seconds_median": round(float(np.median(seconds)), 2) if seconds else None,
            "timed_within_1s_and_verified": sum(s <= 1.0 and v for s, v in timed),
        }
        n = len(ps)
        totals["n"] += n
        totals["single"] += levels[level]["single_exact"] * n
        totals["repair"] += levels[level]["with_repair_verified"] * n
        totals["ensemble_n"] += len(ens.answers)
        totals["ensemble"] += levels[level]["ensemble_exact"] * len(ens.answers)
        print(level, json.dumps(levels[level]), flush=True)
    report = {
        "model": str(args.model), "parameters": model.num_parameters(), "config": info.config.to_dict(),
        "test_set": {"seed": TEST_SEED, "counts": counts, "generator": "solver.puzzles.sudoku_x",
                     "made_by": "training.recipes.sudoku_x.generate_set"},
        "inference": {"ensemble": options.ensemble, "rounds": options.rounds, "max_steps": options.max_steps or info.config.N_sup},
        "machine": f"{platform.machine()}, {args.threads} thread(s), torch {torch.__version__}",
        "load_average_at_end": [round(v, 1) for v in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "trained_steps": info.meta.get("trained_steps"), "training_seconds": info.meta.get("training_seconds"),
        "run_validation": info.meta.get("validation"),
        "levels": levels,
        "all": {"n": totals["n"], "single_exact": totals["single"] / totals["n"],
                "with_repair_verified": totals["repair"] / totals["n"],
                "ensemble_n": totals["ensemble_n"], "ensemble_exact": totals["ensemble"] / totals["ensemble_n"]},
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report["all"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
