"""Generated Sudoku sets for training and validation, reproducible from a seed, and the split rule that
keeps any symmetry of a training puzzle out of validation."""
from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from solver.puzzles import sudoku
from solver.puzzles.sudoku import SudokuPuzzle, symmetry_invariant
from solver.puzzles.sudoku_generate import DIFFICULTIES, generate


def _one(args: tuple[int, str, int]) -> tuple[str, str]:
    seed, level, index = args
    # One generator per puzzle, keyed by (seed, level, index): the set is the same however it is split
    # across processes.
    rng = np.random.default_rng([seed, DIFFICULTIES.index(level), index])
    p = generate(rng, level)
    return sudoku.to_line(p.givens, "0"), sudoku.to_line(p.solution, "0")


def generate_set(counts: dict[str, int], seed: int, processes: int = 1,
                 progress=None, start: dict[str, int] | None = None) -> list[tuple[SudokuPuzzle, str]]:
    """`counts` puzzles per level; returns (puzzle, level) pairs in a fixed order. `start`: the first
    index per level (to grow a set: the puzzles after those it has)."""
    start = start or {}
    jobs = [(seed, level, i) for level in DIFFICULTIES
            for i in range(start.get(level, 0), start.get(level, 0) + counts.get(level, 0))]
    out = []
    with ProcessPoolExecutor(processes) as pool:
        for k, (q, a) in enumerate(pool.map(_one, jobs, chunksize=16)):
            level = jobs[k][1]
            p = SudokuPuzzle(np.array([int(ch) for ch in q], np.int8).reshape(9, 9),
                             np.array([int(ch) for ch in a], np.int8).reshape(9, 9), f"generated:{level}", k + 1)
            out.append((p, level))
            if progress is not None:
                progress(k + 1, len(jobs))
    return out


def save_set(path: Path, items: Iterable[tuple[SudokuPuzzle, str]]) -> None:
    """Lines of `puzzle solution level`: the app's own one-line format plus a level column; gzip-compressed
    when the name ends in .gz (the committed sets of slow levels)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    text = "".join(f"{sudoku.format(p)} {level}\n" for p, level in items)
    if path.suffix == ".gz":
        tmp.write_bytes(gzip.compress(text.encode(), mtime=0))
    else:
        tmp.write_text(text)
    tmp.replace(path)


def load_set(path: Path) -> list[tuple[SudokuPuzzle, str]]:
    path = Path(path)
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        q, a, level = line.split()
        p = sudoku.parse(f"{q} {a}", str(path))[0]
        out.append((SudokuPuzzle(p.givens, p.solution, str(path), n), level))
    return out


def disjoint_validation(train: Sequence[SudokuPuzzle], candidates: Sequence[tuple[SudokuPuzzle, str]]
                        ) -> list[tuple[SudokuPuzzle, str]]:
    """The candidates whose fingerprint no training puzzle shares."""
    seen = {symmetry_invariant(p.givens) for p in train}
    return [(p, lv) for p, lv in candidates if symmetry_invariant(p.givens) not in seen]
