"""The 8 symmetries of a square (the dihedral group D4) acting on 2-D grids.

Shared by the maze and ARC kinds. Each transform is a rotation by k quarter turns counter-clockwise
(numpy's `rot90` convention) optionally followed by a left-right mirror. Every transform has an
exact inverse: rotations undo with the opposite rotation, and the four reflections are their own
inverses. On non-square grids the transposing transforms (odd k) swap height and width.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dihedral:
    """One of the 8 grid symmetries: `quarter_turns` counter-clockwise, then mirror if `mirror`."""

    name: str
    quarter_turns: int
    mirror: bool

    @property
    def transposes(self) -> bool:
        """True when the transform swaps height and width."""
        return self.quarter_turns % 2 == 1

    def apply_grid(self, grid: np.ndarray) -> np.ndarray:
        out = np.rot90(grid, self.quarter_turns)
        if self.mirror:
            out = np.fliplr(out)
        # A fresh, writable, C-ordered copy: never a view into (possibly read-only) puzzle data.
        return np.array(out, copy=True, order="C")

    def invert_grid(self, grid: np.ndarray) -> np.ndarray:
        if self.mirror:  # a reflection is its own inverse
            return self.apply_grid(grid)
        return np.array(np.rot90(grid, -self.quarter_turns), copy=True, order="C")

    @property
    def inverse(self) -> Dihedral:
        if self.mirror or self.quarter_turns == 0:
            return self
        return DIHEDRAL[(4 - self.quarter_turns) % 4]


# Index order is stable (0 is the identity) so that an augmentation can be stored as an int.
DIHEDRAL: tuple[Dihedral, ...] = (
    Dihedral("identity", 0, False),
    Dihedral("rotate 90", 1, False),
    Dihedral("rotate 180", 2, False),
    Dihedral("rotate 270", 3, False),
    Dihedral("mirror left-right", 0, True),
    Dihedral("anti-transpose", 1, True),  # mirror across the anti-diagonal
    Dihedral("mirror top-bottom", 2, True),
    Dihedral("transpose", 3, True),  # rot270 then fliplr == mirror across the main diagonal
)

IDENTITY = DIHEDRAL[0]


def random_dihedral(rng: np.random.Generator) -> Dihedral:
    return DIHEDRAL[int(rng.integers(len(DIHEDRAL)))]
