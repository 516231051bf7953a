"""`trm eval`: accuracy and speed of a model (or of the search) on a file of puzzles.

Exact means: a Sudoku answer that obeys every rule and keeps the givens (for a puzzle with one solution,
that is the solution), a maze path that is valid and shortest, an ARC grid equal to the expected output.
Cell accuracy compares with the expected answer (from the file, else from the exact solver).
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import torch

from .model import TRM
from .puzzles import get_kind
from .refine import refine_batch, refine_batch_ensemble
from .solve import SolveOptions, solve
from .threads import use_threads
from .verify import answer_ok


def _expected(kind_name: str, puzzle) -> np.ndarray | None:
    sol = getattr(puzzle, "solution", None)
    kind = get_kind(kind_name)
    if sol is None and not kind.needs_expected:
        sol = kind.solve_exact(puzzle)
    return sol


def _exact(kind_name: str, puzzle, answer: np.ndarray | None) -> bool:
    return answer is not None and answer_ok(get_kind(kind_name), puzzle, answer)


def _cells(answer: np.ndarray | None, expected: np.ndarray | None) -> float:
    if answer is None or expected is None or answer.shape != expected.shape:
        return 0.0
    return float(np.mean(answer == expected))


def evaluate(puzzles: Sequence, kind_name: str, model: TRM | None, options: SolveOptions = SolveOptions(),
             progress: Callable[[int, int], None] | None = None) -> dict:
    kind = get_kind(kind_name)
    t0 = time.perf_counter()
    n = len(puzzles)
    by = Counter()
    if model is not None and options.neural_only:
        # The batched path: all puzzles through the recursion together, each frozen where it would stop.
        batch = min(len(puzzles) * options.ensemble, 256)  # refine_batch runs 256 sequences at a time
        with torch.inference_mode(), use_threads(options.threads, model.cfg, batch=batch):
            if options.ensemble > 1 or options.rounds > 1:
                res = refine_batch_ensemble(puzzles, model, kind, options.ensemble, options.max_steps,
                                            rounds=options.rounds)
            else:
                res = refine_batch(puzzles, model, kind, max_steps=options.max_steps)
        answers, steps = res.answers, res.steps.tolist()
        if progress:
            progress(n, n)
    else:
        answers, steps = [], []
        for i, p in enumerate(puzzles):
            r = solve(p, kind_name, model, options)
            answers.append(r.answer)
            steps.append(r.steps)
            by[r.solved_by] += 1
            if progress:
                progress(i + 1, n)
    seconds = time.perf_counter() - t0
    exact = [_exact(kind_name, p, a) for p, a in zip(puzzles, answers)]
    cells = [_cells(a, _expected(kind_name, p)) for p, a in zip(puzzles, answers)]
    out = {
        "n": n, "kind": kind_name,
        "exact_accuracy": float(np.mean(exact)) if n else 0.0,
        "cell_accuracy": float(np.mean(cells)) if n else 0.0,
        "mean_steps": float(np.mean(steps)) if n else 0.0,
        "puzzles_per_second": n / seconds if seconds > 0 else 0.0,
        "seconds": seconds,
        "neural_only": options.neural_only, "ensemble": options.ensemble, "rounds": options.rounds,
        "max_steps": options.max_steps or (model.cfg.N_sup if model is not None else 0),
    }
    if by:
        out["solved_by"] = dict(by)
    return out
