"""A grid maze from a photo or scan, quantised to its cells.

Supported: block mazes (a wall is a filled dark cell, an open cell is light), up to 30x30 cells, as a
scan/screenshot cropped to the maze or as a photo in which the maze has a dark outer frame or border of
wall cells (found as the largest four-sided outline and warped flat). Start and goal are marked either
by colour (a green or blue cell is the start, a red, orange or magenta cell the goal) or by a dark
letter S or G in an open cell (matched against drawn S and G shapes). Mazes drawn as thin walls between
cells (the "line maze" of puzzle books) are not supported.

The cell lattice comes from the wall/open transitions along rows and columns: they all lie on the
lines between cells, so the lattice is the coarsest one (fewest cells) on which they all lie.
"""
from __future__ import annotations

import cv2
import numpy as np

from ..puzzles.maze import GOAL, MAX_SIZE, OPEN, START, WALL
from . import grid_find
from .geometry import order_corners, quad_area
from .image_io import downscale
from .reading import NoGridFound

WORK = 600                 # the rectified maze's longest side
LETTER_INK = (0.06, 0.6)   # ink fraction of an open cell with a letter in it


def _dark_border(gray: np.ndarray, q: np.ndarray) -> float:
    """Fraction of dark pixels just inside the quadrilateral's sides (a frame or wall border)."""
    thr, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    c = q.mean(0)
    inner = c + (q - c) * 0.99
    vals = []
    for i in range(4):
        a, b = inner[i], inner[(i + 1) % 4]
        for t in np.linspace(0.05, 0.95, 40):
            x, y = (a + (b - a) * t).astype(int)
            if 0 <= y < gray.shape[0] and 0 <= x < gray.shape[1]:
                vals.append(gray[y, x] < thr)
    return float(np.mean(vals)) if vals else 0.0


def _rectify(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(maze image rectified to about WORK px, its corners in the original image)."""
    h, w = bgr.shape[:2]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    small, f = downscale(gray, grid_find.DETECT_MAX)
    cands = grid_find.outline_candidates(grid_find.binarise(small), grid_find.min_side(small))
    big = [c.corners for c in cands if quad_area(c.corners) > 0.15 * small.shape[0] * small.shape[1]]
    framed = [q for q in big if _dark_border(small, q) > 0.6]
    if framed or big:
        q = max(framed or big, key=quad_area) / f
    else:
        # A scan or screenshot cropped to the maze.
        q = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    q = order_corners(q)
    qw = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    qh = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    s = WORK / max(qw, qh)
    ow, oh = max(int(qw * s), 8), max(int(qh * s), 8)
    dst = np.array([[0, 0], [ow, 0], [ow, oh], [0, oh]], np.float32)
    hom = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(bgr, hom, (ow, oh), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE), q


def _lattice(wall: np.ndarray) -> tuple[int, float, float]:
    """(cells, offset, pitch) along axis 1 of `wall`: the coarsest lattice a + k*p (k = 0..n) on which
    (nearly) all wall/open transitions lie. The ends may sit up to half a cell inside the image (a thin
    frame, or a margin)."""
    size = wall.shape[1]
    trans = np.abs(np.diff(wall.astype(np.int8), axis=1)).sum(0).astype(np.float64)
    pos = np.flatnonzero(trans) + 1.0
    weight = trans[pos.astype(int) - 1]
    if weight.sum() < 4 * wall.shape[0] * 0.05:
        raise NoGridFound("no maze: no cell structure (too few walls)")
    best: dict[int, tuple[float, float, float]] = {}
    for n in range(2, MAX_SIZE + 1):
        for p in np.linspace(size / (n + 0.9), size / n, 12):
            offs = np.linspace(0, max(size - n * p, 0), 8)[:, None]
            phase = (pos[None] - offs) / p
            on = (np.abs(phase - np.round(phase)) < 0.12) & (phase > -0.3) & (phase < n + 0.3)
            sc = (on * weight[None]).sum(1) / weight.sum()
            k = int(np.argmax(sc))
            if n not in best or sc[k] > best[n][0]:
                best[n] = (float(sc[k]), float(offs[k, 0]), float(p))
    top = max(v[0] for v in best.values())
    if top < 0.85:
        raise NoGridFound("no maze: the walls do not sit on a regular grid of at most 30x30 cells")
    # Any finer lattice also holds the transitions of a coarser one: the fewest cells that explain them.
    n = next(k for k in sorted(best) if best[k][0] >= top - 0.02)
    return n, best[n][1], best[n][2]


def _letter_templates(size: int) -> dict[int, list[np.ndarray]]:
    out: dict[int, list[np.ndarray]] = {START: [], GOAL: []}
    for font in (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_TRIPLEX,
                 cv2.FONT_HERSHEY_COMPLEX):
        for thick in (1, 2, 3):
            for code, ch in ((START, "S"), (GOAL, "G")):
                img = np.zeros((64, 64), np.uint8)
                cv2.putText(img, ch, (12, 52), font, 1.6, 255, thick * 2, cv2.LINE_AA)
                out[code].append(_norm_glyph(img, size))
    return out


def _norm_glyph(ink: np.ndarray, size: int) -> np.ndarray:
    """Crop to the ink, fit in size x size keeping the aspect, zero mean unit norm."""
    ys, xs = np.nonzero(ink > 64)
    if len(xs) == 0:
        return np.zeros((size, size), np.float32)
    g = ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1].astype(np.float32)
    f = (size - 2) / max(g.shape)
    g = cv2.resize(g, (max(int(g.shape[1] * f), 1), max(int(g.shape[0] * f), 1)), interpolation=cv2.INTER_AREA)
    out = np.zeros((size, size), np.float32)
    y0, x0 = (size - g.shape[0]) // 2, (size - g.shape[1]) // 2
    out[y0: y0 + g.shape[0], x0: x0 + g.shape[1]] = g
    out -= out.mean()
    return out / max(float(np.linalg.norm(out)), 1e-6)


def read_maze(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(grid codes, confidence, corners in the original image, rectified BGR image, number of cells
    that looked like a start/goal mark: 2 for a cleanly marked maze)."""
    rect, corners = _rectify(bgr)
    gray = cv2.cvtColor(rect, cv2.COLOR_BGR2GRAY)
    hsv = cv2.cvtColor(rect, cv2.COLOR_BGR2HSV)
    thr, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    wall_px = gray < thr
    cols, ax, pw = _lattice(wall_px)
    rows, ay, ph = _lattice(wall_px.T)
    grid = np.full((rows, cols), OPEN, np.int8)
    conf = np.ones((rows, cols), np.float32)
    templates = _letter_templates(24)
    marks: list[tuple[int, int, int, float]] = []
    letters: list[tuple[float, int, int]] = []
    for r in range(rows):
        for c in range(cols):
            y0, y1 = int(ay + (r + 0.2) * ph), max(int(ay + (r + 0.8) * ph), int(ay + (r + 0.2) * ph) + 1)
            x0, x1 = int(ax + (c + 0.2) * pw), max(int(ax + (c + 0.8) * pw), int(ax + (c + 0.2) * pw) + 1)
            cell_hsv = hsv[y0:y1, x0:x1].reshape(-1, 3).astype(np.float32)
            sat, val = np.median(cell_hsv[:, 1]), np.median(cell_hsv[:, 2])
            if sat > 90 and val > 60:                      # a coloured cell: start or goal
                hue = float(np.median(cell_hsv[:, 0])) * 2  # OpenCV hue is 0-180
                code = START if 70 <= hue <= 260 else GOAL
                marks.append((code, r, c, float(min(sat / 160, 1.0))))
                continue
            ink = float(np.mean(wall_px[y0:y1, x0:x1]))
            if ink > 0.6:
                grid[r, c] = WALL
                conf[r, c] = min(1.0, 0.5 + (ink - 0.6) / 0.4 * 0.5 + 0.1)
            elif ink > LETTER_INK[0]:
                cell = 255 - gray[int(ay + (r + 0.1) * ph): int(ay + (r + 0.9) * ph),
                                  int(ax + (c + 0.1) * pw): int(ax + (c + 0.9) * pw)]
                g = _norm_glyph(np.where(cell > 255 - thr, cell, 0).astype(np.uint8), 24)
                s_score = max(float((g * t).sum()) for t in templates[START])
                g_score = max(float((g * t).sum()) for t in templates[GOAL])
                letters.append((s_score - g_score, r, c))
            else:
                conf[r, c] = min(1.0, 0.5 + (LETTER_INK[0] - ink) / LETTER_INK[0] * 0.5)
    for code in (START, GOAL):
        mine = sorted((m for m in marks if m[0] == code), key=lambda m: -m[3])
        for i, (_, r, c, cf) in enumerate(mine):
            grid[r, c] = code if i == 0 else OPEN
            conf[r, c] = cf if i == 0 else 0.3             # a second mark of the same kind: doubtful
    # Letters: the most S-like cell is the start and the most G-like the goal (unless colour said so).
    n_marks = len(marks) + len(letters)
    letters.sort()
    for code, pick in ((START, -1), (GOAL, 0)):
        if letters and not (grid == code).any():
            margin, r, c = letters.pop(pick)
            grid[r, c] = code
            conf[r, c] = float(np.clip(0.6 + abs(margin) * 2, 0, 1))
    for _, r, c in letters:                                # more letters than marks: doubtful cells
        conf[r, c] = 0.3
    return grid, conf, corners, rect, n_marks
