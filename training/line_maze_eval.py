"""Line mazes read from scans and photos: `python -m training.line_maze_eval [--n 200] [--seed 0]`.

Renders puzzle-book line mazes (solver.vision.synthetic_line_maze: five ways of marking the start and
goal, scans and phone photos), reads each with `read_photo(..., kind="maze")` as `trm read-photo --kind
maze` does, and reports the share read exactly (every block of the block maze right; where the picture
does not say which end is the start, two dots or plain gaps, start and goal may be either way round),
per style and per scan/photo, the wall segments right, the photos where no maze was found, and the
seconds a photo. Prints JSON; `--out FILE` also writes it.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from solver.puzzles.base import PuzzleError
from solver.puzzles.maze import GOAL, START
from solver.vision import read_photo
from solver.vision.synthetic_line_maze import LineMazePhoto, line_maze_photo


def same_maze(read: np.ndarray, sample: LineMazePhoto) -> bool:
    """Read exactly: the block maze, with start and goal either way round when the picture is silent."""
    want = sample.blocks
    if read.shape != want.shape:
        return False
    if sample.directed:
        return bool(np.array_equal(read, want))

    def ends_as_one(g: np.ndarray) -> np.ndarray:
        return np.where(g == GOAL, START, g)
    return bool(np.array_equal(ends_as_one(read), ends_as_one(want)))


def walls_right(read: np.ndarray, want: np.ndarray) -> tuple[int, int]:
    """(wall segments read right, wall segments) of a maze read at the right size."""
    seg = np.zeros(want.shape, bool)
    seg[1::2, 0::2] = True
    seg[0::2, 1::2] = True
    if read.shape != want.shape:
        return 0, int(seg.sum())
    return int(((read == want) | ((read > 0) & (want > 0)))[seg].sum()), int(seg.sum())


def evaluate(n: int, seed: int = 0) -> dict:
    groups: dict[str, list[bool]] = defaultdict(list)
    walls = [0, 0]
    missed, seconds, misses = 0, [], []
    for i in range(n):
        sample = line_maze_photo(np.random.default_rng([seed, i]))
        t0 = time.perf_counter()
        try:
            r = read_photo(sample.image, "maze")
            grid, why = r.grid, ""
        except PuzzleError as e:
            grid, why = None, e.message
            missed += 1
        seconds.append(time.perf_counter() - t0)
        ok = grid is not None and same_maze(grid, sample)
        right, total = walls_right(grid if grid is not None else np.zeros((0, 0), np.int8), sample.blocks)
        walls[0] += right
        walls[1] += total
        for key in ("all", sample.style, "scan" if sample.scan else "photo"):
            groups[key].append(ok)
        if not ok:
            misses.append({"index": i, "note": sample.note, "why": why or "misread"})
    return {"n": n, "seed": seed,
            "exact": {k: {"read": int(sum(v)), "of": len(v), "share": round(float(np.mean(v)), 4)}
                      for k, v in sorted(groups.items())},
            "wall_segments_right": round(walls[0] / max(walls[1], 1), 5),
            "no_maze_found": missed,
            "seconds_median": round(float(np.median(seconds)), 3),
            "seconds_p90": round(float(np.percentile(seconds, 90)), 3),
            "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.line_maze_eval", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="mazes to render and read (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="also write the report here (JSON)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    report = evaluate(args.n, args.seed)
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
