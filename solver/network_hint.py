"""The network's hint for a Sudoku a person is playing: the empty cell the network is surest of after its
refinement, given only when its digit is the solution's, with how its belief in that cell grew step by
step, and the per-cell confidence over the person's grid ("what the network sees").

Built on refine() (RefineStep stream); Qt-free. The network reads the person's grid as it is (their
entries as if given, wrong ones removed first so it is not led astray).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .puzzles.sudoku import SudokuPuzzle


@dataclass(frozen=True)
class Belief:
    step: int             # supervision step, from 0
    cycle: int            # answer update within it
    digit: int            # the network's digit for the cell after this update
    confidence: float     # its probability


@dataclass(frozen=True)
class NetworkHint:
    cell: tuple[int, int] | None    # (r, c) of the hint; None when no empty cell's digit was right
    digit: int
    confidence: float               # final probability of that digit
    growth: tuple[Belief, ...]      # the cell after every update, first to last
    confidence_grid: np.ndarray     # (9, 9) final per-cell confidence, 1.0 on filled cells
    surest_wrong: tuple[int, int] | None  # a surer empty cell whose digit was wrong, if there was one
    steps: int
    seconds: float

    def sentence(self) -> str:
        if self.cell is None:
            return "The network is not sure of any empty cell's right digit yet."
        r, c = self.cell
        start = self.growth[0].confidence if self.growth else 0.0
        return (f"The network is surest of r{r + 1}c{c + 1}: {self.digit}, with confidence {self.confidence:.2f} "
                f"(from {start:.2f} after its first update, over {len(self.growth)} updates).")


def network_hint(grid: np.ndarray, solution: np.ndarray, model, max_steps: int | None = None,
                 threads: int = 1) -> NetworkHint:
    """grid: (9, 9) givens and entries; solution: the puzzle's unique solution. `threads`: torch intra-op
    threads for the call (one is fastest beside a busy program, DESIGN.md section 4), restored after."""
    import torch

    from .puzzles import get_kind
    from .refine import refine

    t0 = time.perf_counter()
    seen = np.where(grid == solution, grid, 0).astype(np.int8)   # wrong entries removed
    old = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        steps = list(refine(SudokuPuzzle(seen), model, get_kind("sudoku"), max_steps=max_steps,
                            stop_on_rules=False))
    finally:
        torch.set_num_threads(old)
    final = steps[-1]
    conf = np.where(seen != 0, 1.0, final.confidence).astype(np.float32)
    empty = seen == 0
    right = empty & (final.answer == solution)
    cell, surest_wrong = None, None
    if right.any():
        flat = np.where(right, final.confidence, -1.0)
        cell = tuple(int(x) for x in np.unravel_index(int(np.argmax(flat)), flat.shape))
        wrong = empty & ~right & (final.confidence > final.confidence[cell])
        if wrong.any():
            w = np.where(wrong, final.confidence, -1.0)
            surest_wrong = tuple(int(x) for x in np.unravel_index(int(np.argmax(w)), w.shape))
    growth: tuple[Belief, ...] = ()
    digit, confidence = 0, 0.0
    if cell is not None:
        r, c = cell
        digit, confidence = int(final.answer[r, c]), float(final.confidence[r, c])
        growth = tuple(Belief(s.step, s.cycle, int(s.answer[r, c]), float(s.confidence[r, c])) for s in steps)
    return NetworkHint(cell, digit, confidence, growth, conf, surest_wrong, final.step + 1,
                       time.perf_counter() - t0)
