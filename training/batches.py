"""Training samples drawn from a puzzle set: a random puzzle, a random symmetry, encoded as tokens."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from solver.puzzles.base import PuzzleKind


class SampleSource:
    """Draws (input tokens, target tokens, puzzle id) for training, augmenting on the fly.

    The generator's state is part of the trainer's checkpoint, so a resumed run draws the same samples
    it would have drawn without the interruption."""

    def __init__(self, kind: PuzzleKind, puzzles: Sequence, augment: bool, seed, puzzle_ids=None):
        if not puzzles:
            raise ValueError("no training puzzles")
        missing = [p for p in puzzles if getattr(p, "solution", None) is None]
        if missing:
            raise ValueError(f"{len(missing)} training puzzles have no known answer")
        self.kind = kind
        self.puzzles = list(puzzles)
        self.augment = augment
        self.puzzle_ids = puzzle_ids
        self.rng = np.random.default_rng(seed)

    def draw(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        idx = self.rng.integers(len(self.puzzles), size=count)
        xs, ys = [], []
        for i in idx:
            p = self.puzzles[i]
            if self.augment:
                p = self.kind.random_augmentation(self.rng, p).apply(p)
            xs.append(self.kind.encode_input(p))
            ys.append(self.kind.encode_target(p, p.solution))
        ids = np.zeros(count, np.int64) if self.puzzle_ids is None else np.asarray(self.puzzle_ids)[idx]
        return np.stack(xs), np.stack(ys), ids

    def state(self) -> dict:
        return self.rng.bit_generator.state

    def set_state(self, state: dict) -> None:
        self.rng.bit_generator.state = state
