"""`trm bench`: timings of the exact solvers and the bundled networks on this machine."""
from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch

from .checkpoint import load_model, resolve
from .puzzles import get_kind, maze, sudoku
from .puzzles.sudoku_generate import generate as generate_sudoku
from .puzzles.sudoku_search import search
from .refine import refine
from .threads import AUTO, describe, use_threads

# Well-known hard Sudokus: 17-clue puzzles and puzzles from the "hardest" lists that people swap on
# puzzle forums. Each is checked to have one solution before it is timed.
HARDEST = [
    "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..",
    "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..",
    "1.......2.9.4...5...6...7...5.9.3.......7.......85..4.7.....6...3...9.8...2.....1",
    "..............3.85..1.2.......5.7.....4...1...9.......5......73..2.1........4...9",
    "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
    ".......1.4.........2...........5.4.7..8...3....1.9....3..4..2...5.1........8.6...",
    "52...6.........7.13...........4..8..6......5...........418.........3..2...87.....",
    "6.....8.3.4.7.................5.4.7.3..2.....1.6.......2.....5.....8.6......1....",
    "48.3............71.2.......7.5....6....2..8.............1.76...3.....4......5....",
]


def _time_ms(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def _stats(ms: list[float]) -> dict:
    a = np.asarray(ms)
    return {"n": len(ms), "median_ms": round(float(np.median(a)), 3), "p90_ms": round(float(np.percentile(a, 90)), 3),
            "max_ms": round(float(a.max()), 3)}


def bench_sudoku_search(seed: int = 0, per_level: int = 30) -> dict:
    rng = np.random.default_rng(seed)
    out = {}
    for level in ("easy", "medium", "hard", "extreme"):
        cells = [generate_sudoku(rng, level).givens.reshape(81).tolist() for _ in range(per_level)]
        out[f"generated_{level}"] = _stats([_time_ms(lambda c=c: search(c, limit=1)) for c in cells])
    hardest = [sudoku.from_string(s).givens.reshape(81).tolist() for s in HARDEST]
    hardest = [c for c in hardest if len(search(c, limit=2)[0]) == 1]
    out["hardest_known"] = _stats([_time_ms(lambda c=c: search(c, limit=1), repeat=3) for c in hardest])
    out["hardest_known_uniqueness_check"] = _stats([_time_ms(lambda c=c: search(c, limit=2)) for c in hardest])
    return out


def bench_maze_search(seed: int = 0, per_level: int = 20) -> dict:
    rng = np.random.default_rng(seed)
    out = {}
    for level in maze.DIFFICULTIES:
        ps = [maze.generate(rng, level) for _ in range(per_level)]
        out[f"bfs_{level}"] = _stats([_time_ms(lambda p=p: maze.bfs_path(p), repeat=3) for p in ps])
    return out


def bench_network(kind_name: str, puzzles: list, model_name: str | None = None,
                  threads: int | None = AUTO) -> dict | None:
    """Latency of the first animated step and of a full neural solve (stopping as the app does)."""
    info = resolve(model_name, kind_name)
    if info is None:
        return None
    model, info = load_model(info)
    kind = get_kind(kind_name)
    first, full, steps = [], [], []
    with torch.inference_mode(), use_threads(threads, model.cfg):
        for p in puzzles:
            t = time.perf_counter()
            it = refine(p, model, kind)
            s = next(it)
            first.append((time.perf_counter() - t) * 1000)
            for s in it:
                pass
            full.append((time.perf_counter() - t) * 1000)
            steps.append(s.step + 1)
    return {"model": info.name, "parameters": model.num_parameters(), "threads": describe(threads, model.cfg),
            "first_step": _stats(first),
            "full_solve": _stats(full), "mean_steps": float(np.mean(steps))}


def _sudoku(log: Callable[[str], None], threads: int | None) -> dict:
    log("timing the Sudoku search ...")
    out = {"sudoku_search": bench_sudoku_search()}
    rng = np.random.default_rng(1)
    ps = [generate_sudoku(rng, lv) for lv in ("easy", "medium", "hard", "extreme") for _ in range(5)]
    log("timing the Sudoku network ...")
    out["sudoku_network"] = bench_network("sudoku", ps, threads=threads) or "no trained sudoku model"
    return out


def _maze(log: Callable[[str], None], threads: int | None) -> dict:
    log("timing the maze search ...")
    out = {"maze_search": bench_maze_search()}
    rng = np.random.default_rng(1)
    net = bench_network("maze", [maze.generate(rng, "hard") for _ in range(5)], threads=threads)
    out["maze_network"] = net or "no trained maze model"
    return out


BENCHES = {"sudoku": _sudoku, "maze": _maze}   # the kinds `trm bench` times, by name


def run(kind: str | None = None, log: Callable[[str], None] = lambda s: None, threads: int | None = AUTO) -> dict:
    out = {}
    for name, bench in BENCHES.items():
        if kind is None or kind == name:
            out.update(bench(log, threads))
    return out
