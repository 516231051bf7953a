"""Editing operations on ARC grids, as the ARC testing interface offers them. Editing, not solving:
each returns a new array and leaves its input alone."""
from __future__ import annotations

import numpy as np

MAX_SIDE = 30


def resized(grid: np.ndarray, h: int, w: int, fill: int = 0) -> np.ndarray:
    """A h x w grid keeping the overlapping top-left part of `grid`."""
    h, w = min(max(h, 1), MAX_SIDE), min(max(w, 1), MAX_SIDE)
    out = np.full((h, w), fill, np.int8)
    oh, ow = min(h, grid.shape[0]), min(w, grid.shape[1])
    out[:oh, :ow] = grid[:oh, :ow]
    return out


def flood_filled(grid: np.ndarray, r: int, c: int, colour: int) -> np.ndarray:
    """The 4-connected region of the colour at (r, c) recoloured."""
    out = grid.copy()
    old = int(out[r, c])
    if old == colour:
        return out
    h, w = out.shape
    todo = [(r, c)]
    out[r, c] = colour
    while todo:
        y, x = todo.pop()
        for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
            if 0 <= ny < h and 0 <= nx < w and out[ny, nx] == old:
                out[ny, nx] = colour
                todo.append((ny, nx))
    return out


def cropped(grid: np.ndarray, rect: tuple[int, int, int, int]) -> np.ndarray:
    """rect = (top, left, bottom, right), inclusive."""
    t, l, b, r = rect
    return grid[t:b + 1, l:r + 1].copy()


def pasted(grid: np.ndarray, block: np.ndarray, r: int, c: int) -> np.ndarray:
    """`block` written with its top-left at (r, c); what falls outside the grid is dropped."""
    out = grid.copy()
    h, w = out.shape
    bh, bw = min(block.shape[0], h - r), min(block.shape[1], w - c)
    if bh > 0 and bw > 0:
        out[r:r + bh, c:c + bw] = block[:bh, :bw]
    return out


def normal_rect(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int, int, int]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def flipped(grid: np.ndarray, horizontal: bool) -> np.ndarray:
    return np.ascontiguousarray(grid[:, ::-1] if horizontal else grid[::-1, :])


def rotated(grid: np.ndarray, clockwise: bool = True) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(grid, -1 if clockwise else 1))
