"""What the wizard's quick fine-tune does to the bundled Sudoku model:
`python -m training.recipes.sudoku_finetune_report`.

1. A person's puzzles of the kind the model does worst on: 300 hard and 100 extreme puzzles written by
   `trm generate` (seeds 5 and 6), the files a user would bring.
2. `trm train --kind sudoku --data FILES --preset quick`: the wizard's quick preset (5 minutes on this
   machine), fine-tuning the bundled model, with the run's own validation split.
3. The bundled and the fine-tuned model on the held-out set of the bundled model's report (seed 3:
   150 easy, 150 medium, 150 hard, 100 extreme, none of them in the fine-tuning files), neural-only,
   single pass and the K=8 ensemble. Writes resources/models/sudoku.finetune.json.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from solver.checkpoint import load_model
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import DIFFICULTIES
from solver.refine import refine_batch, refine_batch_ensemble
from training import cli as train_cli
from training.data.sudoku_sets import generate_set
from training.recipes.sudoku_report import TEST_COUNTS, TEST_SEED, _exact

FILES = (("hard", 300, 5), ("extreme", 100, 6))


def _scores(model, sets: dict, ensemble: int) -> dict:
    out = {}
    for level, ps in sets.items():
        with torch.inference_mode():
            single = refine_batch(ps, model, sudoku.KIND)
            ens = refine_batch_ensemble(ps, model, sudoku.KIND, ensemble)
        exact, cell = _exact(ps, single.answers)
        out[level] = {"n": len(ps), "single_exact": exact, "single_cell": cell,
                      "ensemble_exact": _exact(ps, ens.answers)[0]}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku_finetune_report")
    ap.add_argument("--work", type=Path, default=Path("runs/finetune"))
    ap.add_argument("--base", type=Path, default=Path("resources/models/sudoku.safetensors"))
    ap.add_argument("--ensemble", type=int, default=8)
    ap.add_argument("--out", type=Path, default=Path("resources/models/sudoku.finetune.json"))
    ap.add_argument("--lr", help="instead of the preset's (the comparison in resources/models/README.md)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    files = []
    for level, count, seed in FILES:
        path = args.work / f"{level}{count}.txt"
        if not path.exists():
            train_cli.main(["generate", "--kind", "sudoku", "--difficulty", level, "--count", str(count),
                            "--seed", str(seed), "--out", str(path)])
        files.append(str(path))
    run = args.work / ("run" if args.lr is None else f"run-lr{args.lr}")
    flags = [] if args.lr is None else ["--lr", args.lr]
    t = time.perf_counter()
    status = train_cli.main(["train", "--kind", "sudoku", "--data", *files, "--base", str(args.base),
                             "--preset", "quick", "--out", str(run), *flags])
    minutes = (time.perf_counter() - t) / 60
    if status != 0:
        return status
    torch.set_num_threads(2)
    tuned, info = load_model(run / "best.safetensors", "sudoku")
    base, _ = load_model(args.base, "sudoku")
    items = generate_set(TEST_COUNTS, TEST_SEED, processes=2)
    sets = {lv: [p for p, level in items if level == lv] for lv in DIFFICULTIES}
    r = {"data": {level: count for level, count, _ in FILES}, "preset": "quick",
         "command": " ".join(["trm train --kind sudoku --data", *files, "--base", str(args.base),
                              "--preset quick", *flags]),
         "wall_minutes": round(minutes, 2), "trained_steps": info.meta.get("trained_steps"),
         "training_seconds": info.meta.get("training_seconds"), "run_validation": info.meta.get("validation"),
         "ensemble_k": args.ensemble, "test_set": {"seed": TEST_SEED, "counts": TEST_COUNTS},
         "before": _scores(base, sets, args.ensemble), "after": _scores(tuned, sets, args.ensemble)}
    args.out.write_text(json.dumps(r, indent=1))
    print("| level | n | single pass before | after | ensemble K=8 before | after |\n|---|---|---|---|---|---|")
    for lv in DIFFICULTIES:
        b, a = r["before"][lv], r["after"][lv]
        print(f"| {lv} | {b['n']} | {b['single_exact']:.1%} | {a['single_exact']:.1%} | "
              f"{b['ensemble_exact']:.1%} | {a['ensemble_exact']:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
