"""The bundled Sudoku X model: `python -m training.recipes.sudoku_x [--minutes 35]`.

1. Data from the Sudoku X generator (solver.puzzles.sudoku_x), newspaper-like: 24-32 givens, a unique
   solution each; TRAIN_COUNTS per level with seed 11, written as an X-marked file (the file a user would
   bring), and the held-out test set (seed 13, TEST_COUNTS) that sudoku_x_report measures.
2. `trm train --kind sudoku-x --data FILE --base sudoku`: the bundled Sudoku model fine-tuned (same shape:
   seq 81, vocab 11), on one thread (the machine's other core runs other work), with the run's own
   validation split.
3. The run's best model copied to resources/models/sudoku-x.safetensors with its sidecar.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from solver.puzzles import sudoku, sudoku_x
from training import cli as train_cli

TRAIN_SEED, TEST_SEED = 11, 13
TRAIN_COUNTS = {"easy": 1500, "medium": 2000, "hard": 2500}
TEST_COUNTS = {"easy": 200, "medium": 200, "hard": 200}


def generate_set(counts: dict[str, int], seed: int, progress=None) -> list[tuple[sudoku.SudokuPuzzle, str]]:
    """(puzzle, level) pairs; one generator per (seed, level, index), so a set is the same however it is
    made and a bigger one starts with a smaller one's puzzles."""
    out, done, total = [], 0, sum(counts.values())
    for level, n in counts.items():
        for i in range(n):
            rng = np.random.default_rng([seed, sudoku_x.DIFFICULTIES.index(level), i])
            out.append((sudoku_x.generate(rng, level), level))
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, total)
    return out


def write_set(path: Path, items) -> Path:
    """An X-marked file: the marker line, then `puzzle solution level-comment` lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [sudoku_x.FILE_HEADER.rstrip("\n")] + [sudoku_x.format(p) for p, _ in items]
    path.write_text("\n".join(lines) + "\n")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku_x")
    ap.add_argument("--work", type=Path, default=Path("runs/sudoku-x"))
    ap.add_argument("--base", default="resources/models/sudoku.safetensors")
    ap.add_argument("--minutes", type=float, default=35.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--resume", action="store_true", help="continue the run in --work up to --minutes in all")
    ap.add_argument("--eval-every", type=int, help="validate every N steps (default: the preset's)")
    ap.add_argument("--out", type=Path, default=Path("resources/models/sudoku-x.safetensors"))
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    train_file, test_file = args.work / "train.txt", args.work / "test.txt"
    for path, counts, seed in ((train_file, TRAIN_COUNTS, TRAIN_SEED), (test_file, TEST_COUNTS, TEST_SEED)):
        if not path.exists():
            t = time.perf_counter()
            items = generate_set(counts, seed, lambda i, n: print(f"generated {i}/{n}", flush=True))
            write_set(path, items)
            print(f"{path}: {len(items)} puzzles in {time.perf_counter() - t:.0f} s", flush=True)
    run = args.work / "run"
    status = train_cli.main(["train", "--kind", "sudoku-x", "--data", str(train_file), "--base", args.base,
                             "--preset", "standard", "--max-minutes", str(args.minutes), "--out", str(run),
                             *(["--resume"] if args.resume else []),
                             *(["--eval-every", str(args.eval_every)] if args.eval_every else [])])
    if status != 0:
        return status
    best = run / "best.safetensors"
    shutil.copyfile(best, args.out)
    meta = json.loads(best.with_suffix(".json").read_text())
    meta["recipe"] = "python -m training.recipes.sudoku_x " + " ".join(argv if argv is not None else sys.argv[1:])
    meta["data"].update({"train_seed": TRAIN_SEED, "counts": TRAIN_COUNTS, "givens": "24-32"})
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"bundled {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
