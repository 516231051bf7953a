"""Last steps whose parameters are learned from the demonstrations, not enumerated.

Each learner takes the grids a program prefix made of the demonstration inputs and the demonstration
outputs, and returns the table that maps one onto the other, or None when no table of its kind does
(the pairs disagree, or nothing changes). Applying a table to a grid with a key it never saw gives None,
except for the colour map, which leaves an unseen colour as it is.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from .grids import Grid, objects

OFF_GRID = 10


def _pairs_consistent(keys: np.ndarray, values: np.ndarray) -> dict[int, int] | None:
    """key -> value when every key has one value, else None."""
    pairs = np.unique(np.stack([keys, values.astype(np.int64)], 1), axis=0)
    if len(np.unique(pairs[:, 0])) != len(pairs):
        return None
    return {int(k): int(v) for k, v in pairs}


# ---------------------------------------------------------------------------------------- colour map

def learn_colour_map(states: Sequence[Grid], targets: Sequence[Grid]) -> tuple[tuple[int, int], ...] | None:
    """Colour a -> b, cell by cell, the same in every pair; only the colours that change."""
    if any(s.shape != t.shape for s, t in zip(states, targets)):
        return None
    table = _pairs_consistent(np.concatenate([s.ravel() for s in states]).astype(np.int64),
                              np.concatenate([t.ravel() for t in targets]))
    if table is None:
        return None
    changes = tuple((a, b) for a, b in sorted(table.items()) if a != b)
    return changes or None


def apply_colour_map(grid: Grid, changes: tuple[tuple[int, int], ...]) -> Grid:
    lut = np.arange(10, dtype=np.int8)
    for a, b in changes:
        lut[a] = b
    return lut[grid]


def colour_map_text(changes: tuple[tuple[int, int], ...]) -> str:
    return "recolour " + ", ".join(f"{a} -> {b}" for a, b in changes)


# ------------------------------------------------------------------------------ neighbourhood rules

NEIGHBOURHOODS = {"its 4 neighbours": ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)),
                  "its 8 neighbours": tuple((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))}


@dataclass(frozen=True, eq=False)
class CellRule:
    """The output colour of a cell from the colours around it (the cell first), as a table."""
    neighbourhood: str
    table: dict[int, int]

    def apply(self, grid: Grid) -> Grid | None:
        return _look_up(_window_keys(grid, self.neighbourhood), self.table, grid.shape)

    def text(self) -> str:
        return f"recolour each cell by {self.neighbourhood} ({len(self.table)} patterns from the demonstrations)"


def _look_up(keys: np.ndarray, table: dict[int, int], shape: tuple[int, int]) -> Grid | None:
    """Each cell's output colour from its key; None where a key is one the demonstrations never showed."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    try:
        values = np.array([table[int(u)] for u in uniq], np.int8)
    except KeyError:
        return None
    return values[inverse].reshape(shape)


def _window_keys(grid: Grid, neighbourhood: str) -> np.ndarray:
    padded = np.pad(grid.astype(np.int64), 1, constant_values=OFF_GRID)
    h, w = grid.shape
    k = np.zeros((h, w), np.int64)
    for dr, dc in NEIGHBOURHOODS[neighbourhood]:
        k = k * 11 + padded[1 + dr:1 + dr + h, 1 + dc:1 + dc + w]
    return k.ravel()


def learn_cell_rule(states: Sequence[Grid], targets: Sequence[Grid], neighbourhood: str) -> CellRule | None:
    if any(s.shape != t.shape for s, t in zip(states, targets)):
        return None
    table = _pairs_consistent(np.concatenate([_window_keys(s, neighbourhood) for s in states]),
                              np.concatenate([t.ravel() for t in targets]))
    return None if table is None else CellRule(neighbourhood, table)


def _ray_colours(grid: Grid, bg: int) -> list[np.ndarray]:
    """Per cell, the colour of the first non-background cell seen looking up, down, left and right
    (OFF_GRID where the look reaches the border)."""
    def look_up(g: Grid) -> np.ndarray:
        seen = np.full(g.shape, OFF_GRID, np.int64)
        last = np.full(g.shape[1], OFF_GRID, np.int64)
        for r in range(g.shape[0]):
            seen[r] = last
            last = np.where(g[r] != bg, g[r], last)
        return seen
    return [look_up(grid), look_up(grid[::-1])[::-1], look_up(grid.T).T, look_up(grid.T[::-1])[::-1].T]


@dataclass(frozen=True, eq=False)
class RayRule:
    """The output colour of a cell from its own colour and the first colours it sees in the four
    directions, as a table (lines drawn between or from coloured cells, up to what they meet)."""
    bg: int
    table: dict[int, int]

    def apply(self, grid: Grid) -> Grid | None:
        return _look_up(_ray_keys(grid, self.bg), self.table, grid.shape)

    def text(self) -> str:
        return (f"recolour each cell by the first colours it sees up, down, left and right "
                f"({len(self.table)} patterns from the demonstrations)")


def _ray_keys(grid: Grid, bg: int) -> np.ndarray:
    k = grid.astype(np.int64)
    for seen in _ray_colours(grid, bg):
        k = k * 11 + seen
    return k.ravel()


def learn_ray_rule(states: Sequence[Grid], targets: Sequence[Grid], bg: int) -> RayRule | None:
    if any(s.shape != t.shape for s, t in zip(states, targets)):
        return None
    table = _pairs_consistent(np.concatenate([_ray_keys(s, bg) for s in states]),
                              np.concatenate([t.ravel() for t in targets]))
    if table is None or all((k // 11 ** 4) == v for k, v in table.items()):
        return None   # inconsistent, or nothing changes
    return RayRule(bg, table)


# -------------------------------------------------------------------------- objects recoloured by a property

PROPERTIES = ("size", "shape", "size rank", "holes")


def _holes(o) -> int:
    """Enclosed background regions inside an object's box, not reachable from the box's border."""
    m = o.box(o.mask)
    n, labels = cv2.connectedComponents((~m).astype(np.uint8), connectivity=4)
    border = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])).tolist())
    return len(set(range(1, n)) - border)


def _property_values(grid: Grid, bg: int, prop: str) -> list[tuple[np.ndarray, object]]:
    objs = objects(grid, bg, diagonal=True, by_colour=True)
    if prop == "size":
        return [(o.mask, o.size) for o in objs]
    if prop == "holes":
        return [(o.mask, _holes(o)) for o in objs]
    if prop == "shape":
        return [(o.mask, bytes(o.box(o.mask).shape) + o.box(o.mask).tobytes()) for o in objs]
    sizes = sorted({o.size for o in objs}, reverse=True)
    return [(o.mask, "largest" if o.size == sizes[0] else "smallest" if o.size == sizes[-1] else "other")
            for o in objs]


@dataclass(frozen=True, eq=False)
class ObjectRecolour:
    """Every object (8-connected, one colour) takes the colour its property's value maps to."""
    bg: int
    prop: str
    table: dict

    def apply(self, grid: Grid) -> Grid | None:
        out = grid.copy()
        for mask, value in _property_values(grid, self.bg, self.prop):
            if value not in self.table:
                return None
            out[mask] = self.table[value]
        return out

    def text(self) -> str:
        if self.prop == "shape":
            return f"recolour each object by its shape ({len(self.table)} shapes from the demonstrations)"
        pairs = ", ".join(f"{k} -> {v}" for k, v in sorted(self.table.items(), key=lambda kv: str(kv[0])))
        noun = "number of holes" if self.prop == "holes" else self.prop
        return f"recolour each object by its {noun} ({pairs})"


def learn_object_recolour(states: Sequence[Grid], targets: Sequence[Grid], bg: int, prop: str
                          ) -> ObjectRecolour | None:
    table: dict = {}
    changed = False
    for s, t in zip(states, targets):
        if s.shape != t.shape:
            return None
        covered = np.zeros(s.shape, bool)
        for mask, value in _property_values(s, bg, prop):
            colours = np.unique(t[mask])
            if len(colours) != 1 or table.setdefault(value, int(colours[0])) != int(colours[0]):
                return None
            changed |= bool((s[mask] != colours[0]).any())
            covered |= mask
        if (s[~covered] != t[~covered]).any():
            return None
    return ObjectRecolour(bg, prop, table) if changed else None


# --------------------------------------------------------------------- blocks of the grid, transformed

BLOCK_IMAGES = {
    "the grid": lambda g: g,
    "flipped left-right": np.fliplr,
    "flipped top-bottom": np.flipud,
    "rotated 180°": lambda g: np.rot90(g, 2),
    "transposed": lambda g: g.T,
    "rotated 90° clockwise": lambda g: np.rot90(g, -1),
    "rotated 90° anticlockwise": np.rot90,
    "transposed on the other diagonal": lambda g: np.rot90(g, 2).T,
}


@dataclass(frozen=True, eq=False)
class BlockTiling:
    """The output as rows x cols blocks of the grid's size, each block one image of the grid (the same
    image at a position in every demonstration), or empty (the background)."""
    bg: int
    images: tuple[tuple[str, ...], ...]      # per block row, the image name (or "empty") of each block

    def apply(self, grid: Grid) -> Grid | None:
        empty = np.full(grid.shape, self.bg, np.int8)
        try:
            return np.block([[empty if n == "empty" else BLOCK_IMAGES[n](grid) for n in row] for row in self.images])
        except ValueError:   # a transposed block of a grid that is not square
            return None

    def text(self) -> str:
        rows, cols = len(self.images), len(self.images[0])
        names = [n for row in self.images for n in row]
        if len(set(names)) == 1:
            return f"tile {rows}x{cols} with the grid {names[0]}" if names[0] != "the grid" else f"tile {rows}x{cols}"
        return f"tile {rows}x{cols}: " + "; ".join(", ".join(row) for row in self.images)


def learn_block_tiling(states: Sequence[Grid], targets: Sequence[Grid], bg: int) -> BlockTiling | None:
    """The one image per block position that every demonstration agrees on (the first such in
    BLOCK_IMAGES' order, else empty); None when the outputs are not blocks of their grids' size."""
    ratios = set()
    for s, t in zip(states, targets):
        if t.shape[0] % s.shape[0] or t.shape[1] % s.shape[1]:
            return None
        ratios.add((t.shape[0] // s.shape[0], t.shape[1] // s.shape[1]))
    if len(ratios) != 1 or ratios == {(1, 1)}:
        return None
    rows, cols = ratios.pop()
    square = all(s.shape[0] == s.shape[1] for s in states)
    names = [n for n in BLOCK_IMAGES if square or "transposed" not in n and "90°" not in n] + ["empty"]
    chosen = []
    for r in range(rows):
        row = []
        for c in range(cols):
            for n in names:
                if all(np.array_equal(t[r * s.shape[0]:(r + 1) * s.shape[0], c * s.shape[1]:(c + 1) * s.shape[1]],
                                      np.full(s.shape, bg) if n == "empty" else BLOCK_IMAGES[n](s))
                       for s, t in zip(states, targets)):
                    row.append(n)
                    break
            else:
                return None
        chosen.append(tuple(row))
    return BlockTiling(bg, tuple(chosen))
