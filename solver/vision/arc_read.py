"""An ARC grid from a screenshot: the grid's extent, its cell pitch, each cell's colour mapped to the
ARC palette.

Supported: a screenshot (no perspective) of one grid, 1-30 x 1-30 square cells, with or without thin
separator lines between the cells, on a background that is not an ARC colour (white, light or dark grey
UI) or cropped to the grid. The pitch is found from colour changes: grid lines or colour boundaries lie
on a lattice, and the coarsest lattice that holds them all (with square cells) is the grid. A grid
without separator lines whose edge rows or columns share one colour cannot be told apart from a
coarser one; that ambiguity is inherent, and then the coarsest reading is returned.
"""
from __future__ import annotations

import cv2
import numpy as np

from ..puzzles.arc import MAX_SIZE
from .reading import NoGridFound

PALETTE_HEX = ("000000", "0074D9", "FF4136", "2ECC40", "FFDC00", "AAAAAA", "F012BE", "FF851B", "7FDBFF", "870C25")
PALETTE_BGR = np.array([[int(h[4:6], 16), int(h[2:4], 16), int(h[0:2], 16)] for h in PALETTE_HEX], np.float32)
NEAR = 60.0        # a pixel within this RGB distance of a palette colour is grid content


def _palette_lab() -> np.ndarray:
    return cv2.cvtColor(PALETTE_BGR.reshape(1, -1, 3).astype(np.uint8), cv2.COLOR_BGR2LAB).reshape(-1, 3).astype(np.float32)


def _near_palette_lut() -> np.ndarray:
    """(32768,) bool over 5-bit-per-channel BGR: is the colour near some palette colour?"""
    levels = (np.arange(32, dtype=np.float32) * 8 + 4)
    b, g, r = np.meshgrid(levels, levels, levels, indexing="ij")
    cube = np.stack([b, g, r], -1).reshape(-1, 1, 3)
    return np.linalg.norm(cube - PALETTE_BGR[None], axis=2).min(1) < NEAR


_LUT = _near_palette_lut()


def extent(bgr: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the grid: the largest blob of palette-coloured pixels (thin separator lines
    bridged by a closing)."""
    q = (bgr >> 3).astype(np.int32)
    mask = _LUT[(q[..., 0] << 10) | (q[..., 1] << 5) | q[..., 2]].astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    if n <= 1:
        raise NoGridFound("no ARC grid: no ARC palette colours in the image")
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = stats[i]
    if area < 0.02 * mask.size or min(w, h) < 4:
        raise NoGridFound("no ARC grid: too little ARC-coloured area")
    return int(x), int(y), int(x + w), int(y + h)


def _edges(img: np.ndarray, axis: int) -> np.ndarray:
    """Colour change across each column boundary (axis=1) or row boundary (axis=0), averaged along it."""
    f = img.astype(np.float32)
    d = np.abs(np.diff(f, axis=axis)).sum(2)
    prof = d.mean(axis=1 - axis)
    return np.concatenate([[0.0], prof, [0.0]])          # boundary k sits before pixel k


def _lattice_score(prof: np.ndarray, n: int) -> float:
    """Share of the colour-change energy that lies near the n-cell lattice's inner lines."""
    size = len(prof) - 1
    near = np.zeros(len(prof), bool)
    tol = max(1.5, 0.1 * size / n)          # separator lines are a few pixels wide
    for k in range(1, n):
        x = k * size / n
        near[max(int(np.floor(x - tol)), 0): int(np.ceil(x + tol)) + 1] = True
    total = float(prof[1:-1].sum())
    return float(prof[near].sum()) / total if total > 0 else 1.0


def _count(prof_x: np.ndarray, prof_y: np.ndarray, w: int, h: int) -> tuple[int, int]:
    best = None
    options = []
    for nx in range(1, MAX_SIZE + 1):
        p = w / nx
        ny = int(round(h / p))
        if not 1 <= ny <= MAX_SIZE or abs(h - ny * p) > 0.2 * p:
            continue
        s = min(_lattice_score(prof_x, nx), _lattice_score(prof_y, ny))
        options.append((nx, ny, s))
    if not options:
        raise NoGridFound("no ARC grid: no square-cell lattice of at most 30x30 fits")
    top = max(s for _, _, s in options)
    if top < 0.6:
        raise NoGridFound("no ARC grid: the colour changes do not lie on a cell lattice")
    for nx, ny, s in options:          # the coarsest lattice that explains (nearly) all changes
        if s >= top - 0.03:
            best = (nx, ny)
            break
    return best


def read_arc(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(colours (rows, cols) int8, confidence, corners, the grid's crop as BGR)."""
    x0, y0, x1, y1 = extent(bgr)
    crop = bgr[y0:y1, x0:x1]
    h, w = crop.shape[:2]
    nx, ny = _count(_edges(crop, 1), _edges(crop, 0), w, h)
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).astype(np.float32)
    pal = _palette_lab()
    grid = np.zeros((ny, nx), np.int8)
    conf = np.zeros((ny, nx), np.float32)
    pw, ph = w / nx, h / ny
    for r in range(ny):
        for c in range(nx):
            cell = lab[int((r + 0.25) * ph): max(int((r + 0.75) * ph), int((r + 0.25) * ph) + 1),
                       int((c + 0.25) * pw): max(int((c + 0.75) * pw), int((c + 0.25) * pw) + 1)]
            colour = np.median(cell.reshape(-1, 3), axis=0)
            d = np.linalg.norm(pal - colour, axis=1)
            order = np.argsort(d)
            grid[r, c] = order[0]
            # Near the palette colour and far from the next one: 1; halfway between two: 0.5.
            conf[r, c] = float(np.clip(0.5 + 0.5 * (d[order[1]] - d[order[0]]) / max(d[order[1]], 1e-6), 0, 1))
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    return grid, conf, corners, np.ascontiguousarray(crop)
