"""Which deep-supervision loop learns faster per CPU-second here?

    python -m training.recipes.sudoku_act_vs_plain --mode act|plain [--steps S] [--out DIR]

Both loops do the same work per optimizer step (one supervision step of a batch of B), so equal steps
are equal CPU time; the two modes differ only in when samples leave the batch:
- act:   the reference's loop, a sample leaves when the halting head says so (or after N_sup steps)
- plain: the whole batch runs N_sup steps, then is replaced.
A reduced model (D=64) on the recipe's data, evaluated with EMA weights on the same validation puzzles.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from solver.puzzles import sudoku
from training.recipes.sudoku import MODEL, TRAIN, LineLog, datasets
from training.trainer import Trainer


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("act", "plain"), required=True)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("runs/act_vs_plain"))
    ap.add_argument("--cache", type=Path, default=Path("runs/data"))
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    train, val = datasets(a.cache)
    cfg = TRAIN.with_(model=MODEL.__class__(**{**MODEL.to_dict(), "hidden_size": 64}), max_steps=a.steps,
                      max_minutes=None, eval_every=a.steps // 3, eval_limit=200, checkpoint_every=10 ** 9,
                      replace_halted=a.mode == "act")
    t = Trainer(cfg, sudoku.KIND, train, [p for p, _ in val], a.out / a.mode, callbacks=LineLog(100))
    r = t.run()
    rows = [{"step": e.step, "exact": e.exact_accuracy, "cell": e.cell_accuracy} for e in r.history]
    (a.out / f"{a.mode}.json").write_text(json.dumps({"mode": a.mode, "seconds": r.seconds, "evals": rows}, indent=1))
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
