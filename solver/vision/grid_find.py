"""Where might the Sudoku be? Candidate quadrilaterals from three independent finders.

1. outline: adaptive threshold, then every large contour whose convex hull is four-sided (the grid's
   outer frame), also inside a bigger frame (RETR_LIST sees nested outlines).
2. lattice: connected components of the same binary image; a grid's lines form one component with
   many cell-sized holes. The corners come from the holes (the cells) alone, so text or a picture
   touching the frame does not pull them off.
3. lines: long straight segments (probabilistic Hough on the binary image's thin lines) grouped into
   two directions; the outermost lines of the densest evenly spaced families bound the grid. This one
   works when the frame is broken or faint.

All candidates go to lattice.fit, which decides whether one is really a 9x9 grid. Coordinates are in
the detection image (the photo scaled to at most DETECT_MAX px).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import hull_corners, is_plausible_quad, order_corners, quad_area

DETECT_MAX = 1000            # longest side of the detection image
MIN_GRID_FRACTION = 0.15     # a grid's side is at least this part of the shorter image side
MAX_CANDIDATES = 12


@dataclass(frozen=True)
class Candidate:
    corners: np.ndarray      # (4, 2) float32, TL TR BR BL in the detection image
    method: str


def binarise(gray: np.ndarray, offset: int = 7) -> np.ndarray:
    """Ink = 255. Adaptive to uneven light: each pixel against its neighbourhood's mean, darker by
    `offset` grey levels (smaller: fainter lines kept, more noise)."""
    block = max(int(min(gray.shape) / 30) | 1, 11)
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, offset)


def min_side(gray: np.ndarray) -> float:
    return max(MIN_GRID_FRACTION * min(gray.shape), 60.0)


def _fit_side(pts: np.ndarray, a: np.ndarray, b: np.ndarray, tol: float,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray] | None:
    """The straight line that most outline points near side a-b lie on (RANSAC, then least squares on
    its inliers): text or a picture touching the frame adds points, but fewer than the frame's own."""
    d = b - a
    length = float(np.linalg.norm(d))
    if length < 1:
        return None
    u = d / length
    n = np.array([-u[1], u[0]])
    rel = pts - a
    t = rel @ u / length
    near = pts[(np.abs(rel @ n) < tol) & (t > 0.08) & (t < 0.92)]
    if len(near) < 12:
        return None
    best, best_in = None, 0
    for _ in range(60):
        i, j = rng.choice(len(near), 2, replace=False)
        p, q = near[i], near[j]
        dd = q - p
        ln = float(np.linalg.norm(dd))
        if ln < length * 0.2:
            continue
        nn = np.array([-dd[1], dd[0]]) / ln
        inl = np.abs((near - p) @ nn) < max(1.5, tol * 0.08)
        if inl.sum() > best_in:
            best_in, best = int(inl.sum()), inl
    if best is None or best_in < 0.3 * len(near):
        return None
    vx, vy, x0, y0 = cv2.fitLine(near[best].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0]), np.array([vx, vy])


def refine_quad(contour: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Corners from straight lines fitted to the outline's four sides (robust to text touching the
    frame, which pulls a hull corner off)."""
    pts = contour.reshape(-1, 2).astype(np.float64)
    rng = np.random.default_rng(0)
    side = np.sqrt(quad_area(q))
    lines = []
    for i in range(4):
        ln = _fit_side(pts, q[i].astype(np.float64), q[(i + 1) % 4].astype(np.float64), 0.08 * side, rng)
        if ln is None:
            return q
        lines.append(ln)
    out = [_intersect(lines[i - 1], lines[i]) for i in range(4)]
    if any(p is None for p in out):
        return q
    r = order_corners(np.array(out, np.float32))
    return r if float(np.abs(r - q).max()) < 0.15 * side else q


def outline_candidates(binary: np.ndarray, min_side: float) -> list[Candidate]:
    closed = cv2.dilate(binary, np.ones((3, 3), np.uint8))       # bridge one-pixel gaps in thin frames
    contours, _ = cv2.findContours(closed, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    min_area = min_side * min_side
    big = sorted((c for c in contours if cv2.contourArea(c) > min_area * 0.8), key=cv2.contourArea, reverse=True)
    out = []
    for c in big[:40]:
        q = hull_corners(c)
        if q is None or not is_plausible_quad(q, min_side * 0.6):
            continue
        # The outline must fill its quadrilateral (a frame, not an L-shaped text block).
        if cv2.contourArea(cv2.convexHull(c)) < 0.9 * quad_area(q) or quad_area(q) < min_area:
            continue
        out.append(Candidate(q, "outline"))
        r = refine_quad(c, q)
        if r is not q:
            out.append(Candidate(r, "outline+sides"))
    return out


def lattice_candidates(binary: np.ndarray, min_side: float) -> list[Candidate]:
    """Components with many similar holes; the corners of the hull of those holes, pushed out by half a
    line width so they sit on the frame like the other finders' corners."""
    contours, hier = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hier is None:
        return []
    hier = hier[0]
    out = []
    min_area = min_side * min_side
    for i, c in enumerate(contours):
        if hier[i][3] != -1:
            continue
        x, y, w, h = cv2.boundingRect(c)
        if w * h < min_area:
            continue
        holes = []
        j = hier[i][2]
        while j != -1:
            holes.append(contours[j])
            j = hier[j][0]
        if len(holes) < 30:
            continue
        areas = np.array([cv2.contourArea(hc) for hc in holes])
        cell = np.median(areas[areas > min_area / 81 * 0.25]) if np.any(areas > min_area / 81 * 0.25) else 0
        if cell <= 0:
            continue
        good = [hc for hc, a in zip(holes, areas) if 0.35 * cell < a < 2.5 * cell]
        if len(good) < 30:
            continue
        pts = np.vstack([g.reshape(-1, 2) for g in good]).astype(np.float32)
        q = hull_corners(pts)
        if q is None or not is_plausible_quad(q, min_side * 0.5):
            continue
        grow = np.sqrt(cell) * 0.06
        centre = q.mean(0)
        q = centre + (q - centre) * (1 + grow / max(np.linalg.norm(q - centre, axis=1).mean(), 1))
        out.append(Candidate(order_corners(q), "lattice"))
    return out


def _family_bounds(lines: np.ndarray, normal: np.ndarray, min_side: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Of segments sharing a direction, the two outermost of the densest run of >= 8 roughly evenly
    spaced parallel lines (as (point, direction) pairs)."""
    if len(lines) < 8:
        return None
    mid = (lines[:, :2] + lines[:, 2:]) / 2
    offs = mid @ normal
    order = np.argsort(offs)
    offs, lines = offs[order], lines[order]
    # Merge segments of one line (offsets within 1.5% of the grid size).
    groups: list[list[int]] = []
    for i, o in enumerate(offs):
        if groups and o - offs[groups[-1][-1]] < max(min_side * 0.015, 2):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) < 8:
        return None
    centres = np.array([offs[g].mean() for g in groups])
    best = None
    for a in range(len(groups)):
        for b in range(a + 7, len(groups)):
            span = centres[b] - centres[a]
            if span < min_side:
                continue
            inside = centres[a:b + 1]
            gaps = np.diff(inside)
            pitch = span / 9
            if len(inside) < 8 or gaps.max() > 2.2 * pitch:
                continue
            score = len(inside) - abs(len(inside) - 10) * 2
            if best is None or score > best[0] or (score == best[0] and span > best[1]):
                best = (score, span, a, b)
    if best is None:
        return None
    _, _, a, b = best

    def fit(g: list[int]) -> tuple[np.ndarray, np.ndarray]:
        seg = lines[g]
        pts = np.vstack([seg[:, :2], seg[:, 2:]])
        vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        return np.array([x0, y0]), np.array([vx, vy])
    return fit(groups[a]), fit(groups[b])


def _intersect(l1: tuple[np.ndarray, np.ndarray], l2: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    (p, d), (q, e) = l1, l2
    m = np.array([d, -e]).T
    if abs(np.linalg.det(m)) < 1e-6:
        return None
    t = np.linalg.solve(m, q - p)
    return p + t[0] * d


def line_candidates(binary: np.ndarray, min_side: float) -> list[Candidate]:
    # Keep thin strokes only: the grid's lines are long and thin, text blobs and pictures are not.
    thin = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    segs = cv2.HoughLinesP(thin, 1, np.pi / 360, threshold=int(min_side * 0.5),
                           minLineLength=int(min_side * 0.6), maxLineGap=int(min_side * 0.04) + 2)
    if segs is None or len(segs) < 16:
        return []
    segs = segs.reshape(-1, 4).astype(np.float64)
    ang = np.mod(np.arctan2(segs[:, 3] - segs[:, 1], segs[:, 2] - segs[:, 0]), np.pi)
    # The dominant direction, then the one roughly across it (perspective bends it up to ~40 degrees).
    hist, edges = np.histogram(ang, bins=36, range=(0, np.pi))
    hist = hist + np.roll(hist, 1) + np.roll(hist, -1)
    a1 = (edges[np.argmax(hist)] + np.pi / 72)
    diff1 = np.abs(np.angle(np.exp(2j * (ang - a1)))) / 2
    fam1 = segs[diff1 < np.radians(12)]
    rest = diff1 > np.radians(45)
    if rest.sum() < 8:
        return []
    a2 = np.angle(np.mean(np.exp(2j * ang[rest]))) / 2
    diff2 = np.abs(np.angle(np.exp(2j * (ang - a2)))) / 2
    fam2 = segs[diff2 < np.radians(12)]
    out = []
    b1 = _family_bounds(fam1, np.array([-np.sin(a1), np.cos(a1)]), min_side)
    b2 = _family_bounds(fam2, np.array([-np.sin(a2), np.cos(a2)]), min_side)
    if b1 is None or b2 is None:
        return out
    pts = [_intersect(x, y) for x in b1 for y in b2]
    if any(p is None for p in pts):
        return out
    q = order_corners(np.array(pts, np.float32))
    h, w = binary.shape
    if is_plausible_quad(q, min_side * 0.6) and np.all(q > -0.05 * w) and np.all(q[:, 0] < 1.05 * w) \
            and np.all(q[:, 1] < 1.05 * h):
        out.append(Candidate(q, "lines"))
    return out


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    side = np.sqrt(quad_area(a))
    return float(np.abs(a - b).max()) < side * 0.04


def find_candidates(gray: np.ndarray) -> list[Candidate]:
    """Candidates from all finders, near-duplicates merged, largest first."""
    binary = binarise(gray)
    faint = binarise(gray, 3)            # faint grey cell lines survive here
    ms = min_side(gray)
    found = outline_candidates(binary, ms) + lattice_candidates(binary, ms) + lattice_candidates(faint, ms) + \
        line_candidates(binary, ms)
    found.sort(key=lambda c: -quad_area(c.corners))
    out: list[Candidate] = []
    for c in found:
        if not any(_same(c.corners, o.corners) for o in out):
            out.append(c)
    return out[:MAX_CANDIDATES]
