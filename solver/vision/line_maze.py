"""Line mazes (the puzzle-book kind: thin walls drawn between cells) from a scan or a photo, and the
block maze the network solves.

A w x h line maze becomes a (2w+1) x (2h+1) block maze: cell (r, c) is block (2r+1, 2c+1), the wall
between two cells is the block between them, the line crossings are wall blocks, and a gap in the outer
wall is an open block on the frame. Up to 14 x 14 cells (29 x 29 blocks) fit the 30 x 30 canvas.

Reading (`read_line_maze`):
1. Ink: darker than the paper on both sides of a stroke, thresholded against the ink's own contrast,
   so uneven light, shadows, the page's edge and faint print all work.
2. The maze is the ink component with the most strokes packed in its outline (its walls are all joined
   to the outer wall, as in every perfect maze); the corners of its hull are the maze's corners.
3. Rectified flat; the outer lines are found in the ink profiles, and the number of cells across and
   down is the lattice whose lines the profile peaks at and whose cell middles stay empty.
4. Every wall segment: present when ink crosses most of the segment's middle, within a band around the
   line (the line's offset followed along it, for a bowed page).
5. Start and goal (line_maze_ends): marked cells (a green/blue and a red/orange/magenta mark; letters S and G; two dots or
   stars: the upper-left one is the start), else the gaps in the outer wall (an arrow pointing in is the
   start, one pointing out the goal; without arrows the gap nearer the top-left is the start: the path
   is the same either way).

Qt-free. `path_points` maps a solved block path back onto the photo.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..puzzles.maze import GOAL, MAX_SIZE, PATH, START, MazePuzzle, bfs_path
from . import line_maze_ends
from .geometry import hull_corners, order_corners
from .image_io import downscale
from .line_maze_types import LineMaze, Opening, to_blocks
from .reading import NoGridFound

MAX_CELLS = (MAX_SIZE - 1) // 2       # 14: a 14 x 14 line maze is a 29 x 29 block maze
DETECT = 1000                         # the photo's long side for finding the maze
WORK = 760                            # the rectified maze's long side
MIN_PRESENT = 0.5                     # share of a segment's middle crossed by ink for a wall


@dataclass(frozen=True)
class LineMazeReading:
    maze: LineMaze
    blocks: np.ndarray         # the block maze
    confidence: np.ndarray     # per block
    corners: np.ndarray        # the maze's outer corners in the photo (TL TR BR BL)
    rectified: np.ndarray      # BGR, the maze straightened (with room around it for the arrows)
    to_photo: np.ndarray       # 3x3 homography from rectified pixels to photo pixels
    xs: np.ndarray             # the vertical lines' x in the rectified image (w + 1)
    ys: np.ndarray             # the horizontal lines' y (h + 1)
    details: dict = field(default_factory=dict)


# --- ink and the maze's outline -----------------------------------------------------------------------

def ink_map(gray: np.ndarray, stroke: int) -> np.ndarray:
    """Dark strokes up to about `stroke` px wide, as a bool mask: darker than the paper on both sides
    (across it, in one of four directions), thresholded against the ink's own contrast. A page's edge
    against a dark table, or a shadow's, is dark on one side only."""
    d = max(stroke // 2, 2)
    g = cv2.GaussianBlur(gray, (0, 0), 0.7).astype(np.float32)
    pad = cv2.copyMakeBorder(g, d, d, d, d, cv2.BORDER_REPLICATE)
    h, w = g.shape
    dark = np.zeros_like(g)
    for dy, dx in ((0, d), (d, 0), (d, d), (d, -d)):
        a = pad[d + dy: d + dy + h, d + dx: d + dx + w]
        b = pad[d - dy: d - dy + h, d - dx: d - dx + w]
        np.maximum(dark, np.minimum(a, b) - g, out=dark)
    level = float(np.percentile(dark, 99.5))
    return dark > max(14.0, 0.35 * level)


def _wall_pieces(ink: np.ndarray) -> list[np.ndarray]:
    """Point sets that may be the maze's walls, likeliest first: the ink component most like a maze
    (many stroke pixels packed in its hull) joined by the components whose boxes overlap it (the gaps
    in the outer wall cut the walls into pieces; never one around it: a page edge or a frame), by the
    big ones only (a title or an arrow beside the maze also overlaps a turned maze's box), and alone."""
    joined = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    best, best_score = 0, 0.0
    min_side = 0.12 * min(ink.shape)
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if min(w, h) < min_side or area < 200:
            continue
        pts = np.column_stack(np.nonzero(labels[y:y + h, x:x + w] == i)[::-1]).astype(np.float32)
        packed = area / max(cv2.contourArea(cv2.convexHull(pts)), 1.0)
        score = area * np.sqrt(packed)
        if score > best_score:
            best, best_score = i, score
    if not best:
        return []
    out, seen = [], set()
    for share in (0.01, 0.1, None):
        members = {best} if share is None else _overlapping(stats, best, share)
        key = frozenset(members)
        if key in seen:
            continue
        seen.add(key)
        ys, xs = np.nonzero(np.isin(labels, list(members)))
        out.append(np.column_stack([xs, ys]).astype(np.float32))
    return out


def _overlapping(stats: np.ndarray, best: int, share: float) -> set[int]:
    """`best` and, repeatedly, the components of at least `share` of its size whose boxes overlap the
    joined box without enclosing it or being far bigger."""
    box = _box(stats[best])
    members = {best}
    grown = True
    while grown:
        grown = False
        for i in range(1, len(stats)):
            if i in members or stats[i][4] < share * stats[best][4]:
                continue
            b = _box(stats[i])
            overlap = min(box[2], b[2]) > max(box[0], b[0]) and min(box[3], b[3]) > max(box[1], b[1])
            if overlap and _area(b) <= 1.5 * _area(box) and not _contains(b, box):
                members.add(i)
                box = (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
                grown = True
    return members


def _box(stat: np.ndarray) -> tuple[int, int, int, int]:
    x, y, w, h = (int(v) for v in stat[:4])
    return x, y, x + w, y + h


def _area(b: tuple[int, int, int, int]) -> int:
    return (b[2] - b[0]) * (b[3] - b[1])


def _contains(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def _rectify(bgr: np.ndarray, q: np.ndarray, margin: float, scale: float, size: tuple[int, int]
             ) -> tuple[np.ndarray, np.ndarray]:
    """(the maze warped flat: its outer corners `margin` px inside, `scale` px per photo px along its
    sides; the homography from photo to rectified pixels)."""
    w, h = size
    dst = np.array([[margin, margin], [margin + w, margin], [margin + w, margin + h], [margin, margin + h]],
                   np.float32)
    hom = cv2.getPerspectiveTransform(q.astype(np.float32), dst)
    out = cv2.warpPerspective(bgr, hom, (int(w + 2 * margin), int(h + 2 * margin)), flags=cv2.INTER_AREA,
                              borderMode=cv2.BORDER_REPLICATE)
    return out, hom


# --- the lattice --------------------------------------------------------------------------------------

def _peak(profile: np.ndarray, at: float, tol: float) -> float:
    a, b = max(int(at - tol), 0), min(int(at + tol) + 1, len(profile))
    return float(profile[a:b].max()) if b > a else 0.0


def _lattice(profile: np.ndarray, a0: float, a1: float) -> tuple[int, float]:
    """(cells, share of lines seen) along one axis between the outer lines at a0 and a1: the finest
    lattice whose inner lines mostly stand out of the cell middles beside them (a coarser one also
    passes, as its lines are lines too; a finer one puts half its lines in empty cell middles). Stood out:
    above 1.5 times the middles' median (the walls across add the same ink to lines and middles; a mark
    in a cell raises one middle only)."""
    found = (0, 0.0)
    for n in range(2, MAX_CELLS * 2 + 1):
        lines, floor = _lines(profile, a0, a1, n)
        seen = float(np.mean([v > floor for v in lines]))
        if seen >= 0.6 and not any(_coarser(lines, floor, f) for f in (2, 3) if n % f == 0):
            found = (n, seen)
    return found


def _lines(profile: np.ndarray, a0: float, a1: float, n: int) -> tuple[list[float], float]:
    """(the profile at the n-cell lattice's inner lines, the level a line must rise above)."""
    p = (a1 - a0) / n
    tol = max(1.5, 0.06 * p)
    lines = [_peak(profile, a0 + k * p, tol) for k in range(1, n)]
    mids = [_peak(profile, a0 + (k + 0.5) * p, tol) for k in range(n)]
    return lines, 1.5 * float(np.median(mids)) + 0.02


def _halved(vert: np.ndarray, horiz: np.ndarray) -> float:
    """Share of inner wall segments half crossed by ink: a lattice too coarse cuts walls in half."""
    cov = np.concatenate([vert[:, 1:-1].ravel(), horiz[1:-1].ravel()])
    return float(np.mean((cov > 0.25) & (cov < 0.75))) if cov.size else 0.0


def _coarser(lines: list[float], floor: float, f: int) -> bool:
    """Are the lines between every f-th one mostly no lines (a coarser lattice's cell middles)?"""
    between = [v for k, v in enumerate(lines, 1) if k % f]
    return float(np.mean([v > floor for v in between])) < 0.5


def _outer(profile: np.ndarray, at: float, reach: float) -> float:
    """The outer line's middle near `at`: the middle of the profile's top (a thick line's is flat)."""
    a, b = max(int(at - reach), 0), min(int(at + reach) + 1, len(profile))
    seg = profile[a:b]
    return float(a + np.flatnonzero(seg >= 0.9 * seg.max()).mean())


def _profile(ink: np.ndarray, axis: int, lo: float, hi: float) -> np.ndarray:
    """Share of ink along the lines of one axis, between lo and hi across (0: per column)."""
    band = ink[int(lo):int(hi)] if axis == 0 else ink[:, int(lo):int(hi)]
    prof = band.mean(axis=axis)
    return np.convolve(prof, np.ones(3) / 3, mode="same")


# --- walls --------------------------------------------------------------------------------------------

def _coverage(ink: np.ndarray, line: float, a: float, b: float, band: float, vertical: bool,
              shift: float = 0.0) -> float:
    """Share of the segment's middle (a..b along the line) with ink within `band` of the line."""
    lo, hi = int(round(line + shift - band)), int(round(line + shift + band)) + 1
    s0, s1 = int(a), max(int(b), int(a) + 1)
    patch = ink[s0:s1, max(lo, 0):hi] if vertical else ink[max(lo, 0):hi, s0:s1].T
    if patch.size == 0:
        return 0.0
    return float(patch.any(axis=1).mean())


def _offsets(ink: np.ndarray, line: float, cuts: np.ndarray, pitch: float, vertical: bool) -> np.ndarray:
    """The line's offset at each of its segments (a bowed page bends it): where a strong wall runs near
    it, the median over the segment and two either side; 0 elsewhere."""
    n = len(cuts) - 1
    found = np.full(n, np.nan)
    reach = int(max(2, 0.22 * pitch))
    for i in range(n):
        a, b = cuts[i] + 0.25 * (cuts[i + 1] - cuts[i]), cuts[i + 1] - 0.25 * (cuts[i + 1] - cuts[i])
        cov = [_coverage(ink, line, a, b, 1.0, vertical, d) for d in range(-reach, reach + 1)]
        if max(cov) > 0.85:
            strong = [d for d, c in zip(range(-reach, reach + 1), cov) if c >= max(cov) - 0.05]
            found[i] = float(np.median(strong))
    out = np.zeros(n)
    for i in range(n):
        near = found[max(i - 2, 0): i + 3]
        near = near[~np.isnan(near)]
        out[i] = float(np.median(near)) if len(near) else 0.0
    return out


def _walls(ink: np.ndarray, xs: np.ndarray, ys: np.ndarray, pitch: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertical[h, w+1], horizontal[h+1, w]) coverage of every wall segment, outer ones included, and
    the walls' bands (where each segment's line runs) as a mask."""
    h, w = len(ys) - 1, len(xs) - 1
    band = max(2.0, 0.1 * pitch)
    cut = max(2, int(0.12 * pitch))
    bands = np.zeros(ink.shape, bool)
    vert = np.zeros((h, w + 1))
    for k, x in enumerate(xs):
        off = _offsets(ink, x, ys, pitch, True)
        for r in range(h):
            a, b = ys[r] + 0.22 * pitch, ys[r + 1] - 0.22 * pitch
            vert[r, k] = _coverage(ink, x, a, b, band, True, off[r])
            xc = int(round(x + off[r]))
            bands[max(int(ys[r]) - cut, 0): int(ys[r + 1]) + cut + 1, max(xc - cut, 0): xc + cut + 1] = True
    horiz = np.zeros((h + 1, w))
    for k, y in enumerate(ys):
        off = _offsets(ink, y, xs, pitch, False)
        for c in range(w):
            a, b = xs[c] + 0.22 * pitch, xs[c + 1] - 0.22 * pitch
            horiz[k, c] = _coverage(ink, y, a, b, band, False, off[c])
            yc = int(round(y + off[c]))
            bands[max(yc - cut, 0): yc + cut + 1, max(int(xs[c]) - cut, 0): int(xs[c + 1]) + cut + 1] = True
    return vert, horiz, bands


# --- reading ------------------------------------------------------------------------------------------

def read_line_maze(bgr: np.ndarray) -> LineMazeReading:
    """Read a line maze from a BGR photo or scan; NoGridFound when there is none (thick walls: a block
    maze, no outer wall, no regular lattice, more than 14 x 14 cells, no start and goal)."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    small, f = downscale(gray, DETECT)
    pieces = _wall_pieces(ink_map(small, max(int(0.02 * max(small.shape)), 9)))
    if not pieces:
        raise NoGridFound("no line maze: no long joined strokes in the photo")
    first: NoGridFound | None = None
    tried: list[np.ndarray] = []
    for pts in pieces:
        for q in (hull_corners(pts), _cut_corner(pts)):
            if q is None or any(np.abs(q - t).max() < 2 for t in tried):
                continue
            tried.append(q)
            try:
                return _read_at(bgr, gray.shape, order_corners(q / f))
            except NoGridFound as e:
                first = first or e
    raise first or NoGridFound("no line maze: the strokes have no four-cornered outline")


def _cut_corner(pts: np.ndarray) -> np.ndarray | None:
    """The four corners of an outline with one corner cut off (a corner piece of the walls, between two
    gaps, is missing): the hull as five sides, the shortest dropped and its neighbours met."""
    hull = cv2.convexHull(pts.reshape(-1, 1, 2).astype(np.float32))
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03):
        poly = cv2.approxPolyDP(hull, eps * peri, True).reshape(-1, 2).astype(np.float64)
        if len(poly) == 5:
            break
    else:
        return None
    sides = np.linalg.norm(poly - np.roll(poly, -1, 0), axis=1)
    i = int(np.argmin(sides))                       # the cut: from poly[i] to poly[i + 1]
    a0, a1 = poly[i - 1], poly[i]                   # the side before it
    b0, b1 = poly[(i + 1) % 5], poly[(i + 2) % 5]   # the side after it
    da, db = a1 - a0, b1 - b0
    den = da[0] * db[1] - da[1] * db[0]
    if abs(den) < 1e-9:
        return None
    t = ((b0[0] - a0[0]) * db[1] - (b0[1] - a0[1]) * db[0]) / den
    corner = a0 + t * da
    quad = [poly[k] for k in range(5) if k not in (i, (i + 1) % 5)]
    quad.insert(i if i < 4 else 0, corner)
    return order_corners(np.array(quad, np.float32))


def _read_at(bgr: np.ndarray, shape: tuple[int, ...], q: np.ndarray) -> LineMazeReading:
    """The line maze whose outer corners are `q` (photo pixels, TL TR BR BL)."""
    sw = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    sh = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    if min(sw, sh) < 0.1 * min(shape[:2]) or max(sw, sh) / min(sw, sh) > 4:
        raise NoGridFound("no line maze: the outline found is too small or too long")
    s = WORK / max(sw, sh)
    size = (int(sw * s), int(sh * s))
    m0 = 24.0
    rect, hom = _rectify(bgr, q, m0, s, size)
    rgray = cv2.cvtColor(rect, cv2.COLOR_BGR2GRAY)
    ink = ink_map(rgray, 41)
    W, H = size
    # Over the maze's whole span: a line with its only wall in the first or last cell must show too.
    px = _profile(ink, 0, m0, m0 + H)
    py = _profile(ink, 1, m0, m0 + W)
    ax0, ax1 = _outer(px, m0, 14), _outer(px, m0 + W, 14)
    ay0, ay1 = _outer(py, m0, 14), _outer(py, m0 + H, 14)
    w, cw = _lattice(px, ax0, ax1)
    h, ch = _lattice(py, ay0, ay1)
    if not (w and h):
        raise NoGridFound("no line maze: the lines do not make a regular grid of cells")
    if max(w, h) > MAX_CELLS:
        raise NoGridFound(f"a line maze of {w} x {h} cells is more than {MAX_CELLS} x {MAX_CELLS} "
                          f"(the block maze would not fit {MAX_SIZE} x {MAX_SIZE})")
    pitch = ((ax1 - ax0) / w + (ay1 - ay0) / h) / 2
    # Again with room around the maze for arrows and marks beside the gaps.
    m1 = max(m0, 2.6 * pitch)
    rect, hom = _rectify(bgr, q, m1, s, size)
    shift = m1 - m0
    ink = ink_map(cv2.cvtColor(rect, cv2.COLOR_BGR2GRAY), max(41, int(0.8 * pitch)))   # marks too
    inside = ink[int(ay0 + shift):int(ay1 + shift), int(ax0 + shift):int(ax1 + shift)]
    if inside.mean() > 0.35:
        raise NoGridFound("no line maze: the walls are as thick as the cells (a block maze?)")

    def walls_on(nw: int, nh: int) -> tuple:
        xs_, ys_ = np.linspace(ax0, ax1, nw + 1) + shift, np.linspace(ay0, ay1, nh + 1) + shift
        p = ((ax1 - ax0) / nw + (ay1 - ay0) / nh) / 2
        return (xs_, ys_, p, *_walls(ink, xs_, ys_, p))

    xs, ys, pitch, vert, horiz, bands = walls_on(w, h)
    # Lines with hardly a wall on them hide in the profile (a small maze): a lattice too coarse then
    # cuts walls in half, and the finer one, if its lines show at all, reads them whole.
    for nw, nh in ((2 * w, h), (w, 2 * h), (2 * w, 2 * h)):
        if max(nw, nh) > MAX_CELLS or _halved(vert, horiz) < 0.06:
            continue
        if any(np.mean([v > fl for v in ln]) < 0.45 for ln, fl in
               (_lines(px, ax0, ax1, nw), _lines(py, ay0, ay1, nh))):
            continue
        finer = walls_on(nw, nh)
        if _halved(finer[3], finer[4]) < 0.5 * _halved(vert, horiz):
            xs, ys, pitch, vert, horiz, bands = finer
            w, h = nw, nh
    sides = [vert[:, 0], vert[:, -1], horiz[0], horiz[-1]]
    if (np.concatenate(sides) >= MIN_PRESENT).mean() < 0.8 or min((v >= MIN_PRESENT).mean() for v in sides) < 0.5:
        raise NoGridFound("no line maze: much of the outer wall is missing")
    inner = np.concatenate([vert[:, 1:-1].ravel(), horiz[1:-1].ravel()])
    if not 0.15 <= (inner >= MIN_PRESENT).mean() <= 0.85:
        raise NoGridFound("no line maze: the inner walls are all there or all missing (a grid, not a maze)")
    right, down = vert[:, 1:-1] >= MIN_PRESENT, horiz[1:-1] >= MIN_PRESENT
    gaps = [Opening("top", c) for c in range(w) if horiz[0, c] < MIN_PRESENT] + \
        [Opening("bottom", c) for c in range(w) if horiz[-1, c] < MIN_PRESENT] + \
        [Opening("left", r) for r in range(h) if vert[r, 0] < MIN_PRESENT] + \
        [Opening("right", r) for r in range(h) if vert[r, -1] < MIN_PRESENT]
    # Marks off the walls, in the ink of wide strokes (a dot whole) and of thin ones (a letter's shape).
    thin = ink_map(cv2.cvtColor(rect, cv2.COLOR_BGR2GRAY), max(9, int(0.25 * pitch)))
    mark_ink = (ink | thin) & ~bands
    marks = line_maze_ends.marks(rect, mark_ink, xs, ys, pitch)
    arrows = {g: line_maze_ends.arrow_direction(ink, g, xs, ys, pitch) for g in gaps}
    start, goal, directed = line_maze_ends.endpoints(marks, gaps, arrows, (h, w))
    maze = LineMaze(right, down, start, goal)
    blocks = to_blocks(maze)
    solvable = bfs_path(MazePuzzle(blocks)) is not None
    conf = _confidence(vert, horiz, blocks.shape)
    to_photo = np.linalg.inv(hom)
    return LineMazeReading(maze, blocks, conf, q.astype(np.float32), rect, to_photo, xs, ys,
                           {"method": "line maze", "cells": [w, h], "directed": directed,
                            "gaps": len(gaps), "marks": len(marks), "solvable": solvable,
                            "line_maze": {"xs": [round(float(v), 2) for v in xs],
                                          "ys": [round(float(v), 2) for v in ys],
                                          "to_photo": [[float(v) for v in row] for row in to_photo]}})


def _confidence(vert: np.ndarray, horiz: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Per block: a wall segment's by how clearly its ink coverage is on one side of MIN_PRESENT."""
    conf = np.ones(shape, np.float32)

    def sure(cov: np.ndarray) -> np.ndarray:
        return np.clip(0.5 + np.abs(cov - MIN_PRESENT) / MIN_PRESENT * 0.5, 0.0, 1.0)

    conf[1::2, 0::2] = sure(vert)
    conf[0::2, 1::2] = sure(horiz)
    return conf


def path_points(xs: Sequence[float], ys: Sequence[float], to_photo: np.ndarray, answer: np.ndarray) -> np.ndarray:
    """The solved path (answer: the block maze with PATH blocks) as photo pixels from start to goal,
    through the cells' middles (a gap's end half a cell outside the maze). xs, ys, to_photo: the
    reading's lines and homography (PhotoReading.details["line_maze"])."""
    grid = np.asarray(answer)
    xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
    starts = [tuple(map(int, rc)) for rc in np.argwhere(grid == START)]
    if not starts:
        return np.zeros((0, 2), np.float32)
    on = (grid == PATH) | (grid == GOAL)
    order = [starts[0]]
    seen = set(order)
    while grid[order[-1]] != GOAL:
        r, c = order[-1]
        nxt = next(((r + dr, c + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
                    if 0 <= r + dr < grid.shape[0] and 0 <= c + dc < grid.shape[1]
                    and on[r + dr, c + dc] and (r + dr, c + dc) not in seen), None)
        if nxt is None:
            break
        order.append(nxt)
        seen.add(nxt)
    pitch = float(np.mean(np.diff(xs)))
    pts = np.array([(_block_coord(xs, c, pitch), _block_coord(ys, r, pitch)) for r, c in order], np.float64)
    return cv2.perspectiveTransform(pts.reshape(-1, 1, 2), np.asarray(to_photo, np.float64)).reshape(-1, 2) \
        .astype(np.float32)


def _block_coord(lines: np.ndarray, i: int, pitch: float) -> float:
    """A block index's coordinate: odd = a cell's middle, even = a line (the frame: half a cell out)."""
    if i % 2:
        return float((lines[i // 2] + lines[i // 2 + 1]) / 2)
    k = i // 2
    if k == 0:
        return float(lines[0] - pitch / 2)
    if k == len(lines) - 1:
        return float(lines[-1] + pitch / 2)
    return float(lines[k])


