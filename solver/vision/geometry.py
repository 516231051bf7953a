"""Quadrilaterals and warps shared by the grid finders and readers."""
from __future__ import annotations

import cv2
import numpy as np

CELL_PX = 40          # pitch of a rectified Sudoku cell
CELL_MARGIN = 4       # pixels trimmed from each side of a cell before classifying (grid-line ink)


def order_corners(pts: np.ndarray) -> np.ndarray:
    """4 points -> (4, 2) float32 in the order top-left, top-right, bottom-right, bottom-left (image
    orientation: the point nearest the top-left corner first, then clockwise)."""
    p = np.asarray(pts, np.float32).reshape(4, 2)
    c = p.mean(0)
    ang = np.arctan2(p[:, 1] - c[1], p[:, 0] - c[0])
    p = p[np.argsort(ang)]                      # clockwise in image coordinates (y down)
    start = int(np.argmin(p.sum(1)))
    return np.roll(p, -start, axis=0)


def quad_area(q: np.ndarray) -> float:
    return float(abs(cv2.contourArea(np.asarray(q, np.float32).reshape(-1, 1, 2))))


def is_plausible_quad(q: np.ndarray, min_side: float, max_aspect: float = 2.2) -> bool:
    """Convex, sides long enough, opposite sides of comparable length (a square seen at a tilt)."""
    q = np.asarray(q, np.float32).reshape(4, 2)
    if not cv2.isContourConvex(q.reshape(-1, 1, 2)):
        return False
    sides = np.linalg.norm(q - np.roll(q, -1, 0), axis=1)
    if sides.min() < min_side:
        return False
    w, h = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    if max(w, h) / min(w, h) > max_aspect:
        return False
    return max(sides[0], sides[2]) / min(sides[0], sides[2]) < 2.5 and \
        max(sides[1], sides[3]) / min(sides[1], sides[3]) < 2.5


def hull_corners(contour: np.ndarray) -> np.ndarray | None:
    """The 4 corners of a roughly quadrilateral outline, also when its sides bow (a curled page):
    approxPolyDP on the hull with a growing tolerance, else the extreme points along the diagonals."""
    hull = cv2.convexHull(contour.reshape(-1, 1, 2).astype(np.float32))
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.035, 0.05, 0.07):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2))
        if len(approx) < 4:
            break
    h = hull.reshape(-1, 2)
    s, d = h.sum(1), h[:, 0] - h[:, 1]
    pts = np.array([h[np.argmin(s)], h[np.argmax(d)], h[np.argmax(s)], h[np.argmin(d)]], np.float32)
    if len({tuple(p) for p in pts}) < 4:
        return None
    return order_corners(pts)


def homography_to_square(corners: np.ndarray, side: float, margin: float) -> np.ndarray:
    """The homography that maps `corners` (TL, TR, BR, BL) onto a side x side square placed `margin`
    pixels inside the output image."""
    dst = np.array([[margin, margin], [margin + side, margin], [margin + side, margin + side],
                    [margin, margin + side]], np.float32)
    return cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst)


def apply_homography(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    p = np.asarray(pts, np.float64).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(p, np.asarray(h, np.float64)).reshape(np.asarray(pts).shape)
