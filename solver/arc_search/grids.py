"""Grid helpers of the ARC program search: the background, objects by connectivity, bounding boxes.

A grid is a 2-D int8 array of colours 0-9. Objects are computed once per grid and kept (the search asks
for the same grid's objects under many programs), so they are immutable.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

Grid = np.ndarray


@dataclass(frozen=True, eq=False)
class Obj:
    """A connected set of non-background cells: its mask over the whole grid, bounding box and colours."""

    mask: np.ndarray          # bool, the grid's shape (read-only)
    top: int
    left: int
    bottom: int               # exclusive
    right: int                # exclusive
    size: int
    colour: int               # the most common colour of its cells
    colours: int              # how many different colours it has

    def box(self, grid: Grid) -> Grid:
        return grid[self.top:self.bottom, self.left:self.right]


def frozen(grid: np.ndarray) -> Grid:
    g = np.ascontiguousarray(grid, dtype=np.int8)
    g.setflags(write=False)
    return g


def key(grid: Grid) -> bytes:
    """Identity of a grid (shape and cells) for de-duplication."""
    return bytes(grid.shape) + grid.tobytes()


def most_common(grid: Grid, exclude: int | None = None) -> int | None:
    counts = np.bincount(grid.ravel(), minlength=10)
    if exclude is not None:
        counts[exclude] = 0
    return int(counts.argmax()) if counts.max() > 0 else None


def background(grids: list[Grid]) -> int:
    """The colour most common in every grid, else 0."""
    tops = {most_common(g) for g in grids}
    return tops.pop() if len(tops) == 1 else 0


def bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    if not len(rows):
        return None
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def crop(grid: Grid, mask: np.ndarray) -> Grid | None:
    b = bbox(mask)
    return None if b is None else grid[b[0]:b[2], b[1]:b[3]]


def _label(mask: np.ndarray, diagonal: bool) -> tuple[int, np.ndarray]:
    n, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8 if diagonal else 4)
    return n, labels


@lru_cache(maxsize=20000)
def _objects(data: bytes, shape: tuple[int, int], bg: int, diagonal: bool, by_colour: bool) -> tuple[Obj, ...]:
    grid = np.frombuffer(data, np.int8).reshape(shape)
    masks = [grid == c for c in range(10) if c != bg and (grid == c).any()] if by_colour else [grid != bg]
    out = []
    for m in masks:
        n, labels = _label(m, diagonal)
        for k in range(1, n):
            mask = labels == k
            mask.setflags(write=False)
            top, left, bottom, right = bbox(mask)
            cells = grid[mask]
            counts = np.bincount(cells, minlength=10)
            out.append(Obj(mask, top, left, bottom, right, int(mask.sum()), int(counts.argmax()),
                           int((counts > 0).sum())))
    out.sort(key=lambda o: (o.top, o.left))
    return tuple(out)


def objects(grid: Grid, bg: int, diagonal: bool = True, by_colour: bool = False) -> tuple[Obj, ...]:
    """Connected components of non-background cells (8-connected with `diagonal`), of one colour each
    with `by_colour`, else of any colours; in reading order of their top-left corners."""
    return _objects(grid.tobytes(), grid.shape, bg, diagonal, by_colour)


def enclosed(grid: Grid, bg: int) -> np.ndarray:
    """Background cells that no 4-connected path of background links to the grid's border."""
    n, labels = _label(grid == bg, diagonal=False)
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return (grid == bg) & ~np.isin(labels, border)
