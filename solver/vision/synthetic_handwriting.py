"""Synthetic handwritten digits: pen strokes from a few letterforms a digit, bent, slanted and jittered.

Photographed newspaper Sudokus are often half solved in pen or pencil, and a reading counts those digits
too; the printed-digit fonts teach none of them. Used for the digit classifier's training cells
(training.digits_data) and the synthetic test photos' filled-in cells (synthetic_page), never when reading.

A letterform is a list of strokes; a stroke is a list of (x, y) control points in a box 1 wide and 1 tall
(y down), joined by a Catmull-Rom curve, with a sharp corner at any point given as (x, y, 1). Several
forms a digit: a 1 with or without flag and foot, an open and a closed 4, a 7 with or without a bar, a 9
with a straight or a curved tail, 8s drawn in one stroke or as two loops.

`face_mask` draws a digit from a face that imitates a person's handwriting (solver.vision.fonts.hand_split)
instead, under an elastic distortion, so that no two of its digits are alike.

A `Hand` is any such writer: `mask` itself, `face_hand(face)`, or real handwriting from training data
(training.mnist_digits.MnistHand).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np

from .fonts import FontFace, glyph_mask

Stroke = list[tuple[float, ...]]
# (rng, digit, height_px) -> a white-on-black uint8 mask of the handwritten digit, cropped to its ink.
Hand = Callable[[np.random.Generator, int, float], np.ndarray]


def _loop(cx: float, cy: float, rx: float, ry: float, start: float = -90.0, n: int = 9,
          sweep: float = 360.0) -> Stroke:
    a = np.radians(start + np.linspace(0, sweep, n))
    return [(cx + rx * np.cos(t), cy + ry * np.sin(t)) for t in a]


FORMS: dict[int, list[list[Stroke]]] = {
    1: [[[(0.55, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.28), (0.58, 0.0, 1), (0.55, 1.0)]],
        [[(0.2, 0.28), (0.58, 0.0, 1), (0.55, 1.0)], [(0.2, 1.0), (0.85, 1.0)]]],
    2: [[[(0.1, 0.25), (0.35, 0.02), (0.7, 0.04), (0.85, 0.28), (0.65, 0.55), (0.1, 1.0, 1), (0.92, 0.98)]],
        [[(0.12, 0.2), (0.5, 0.0), (0.85, 0.2), (0.7, 0.5), (0.15, 0.95), (0.3, 0.82), (0.45, 0.95, 1),
          (0.92, 0.95)]]],
    3: [[[(0.15, 0.12), (0.5, 0.0), (0.82, 0.15), (0.75, 0.38), (0.42, 0.48, 1), (0.85, 0.62), (0.85, 0.86),
         (0.5, 1.0), (0.1, 0.88)]],
        [[(0.12, 0.02), (0.88, 0.02, 1), (0.42, 0.42, 1), (0.85, 0.6), (0.82, 0.9), (0.45, 1.0), (0.1, 0.88)]]],
    4: [[[(0.62, 0.0, 1), (0.05, 0.66, 1), (0.95, 0.66)], [(0.68, 0.0), (0.66, 1.0)]],
        [[(0.22, 0.0, 1), (0.1, 0.6, 1), (0.92, 0.6)], [(0.7, 0.22), (0.7, 1.0)]],
        [[(0.22, 0.0, 1), (0.12, 0.6, 1), (0.7, 0.6)], [(0.72, 0.0), (0.72, 1.0)]]],
    5: [[[(0.22, 0.02, 1), (0.15, 0.46, 1), (0.5, 0.36), (0.84, 0.55), (0.84, 0.84), (0.5, 1.0),
          (0.1, 0.9)], [(0.22, 0.02), (0.88, 0.0)]],
        [[(0.88, 0.0), (0.22, 0.02, 1), (0.15, 0.46, 1), (0.5, 0.36), (0.84, 0.55), (0.84, 0.84), (0.5, 1.0),
          (0.1, 0.9)]]],
    6: [[[(0.78, 0.04), (0.45, 0.12), (0.2, 0.45), (0.15, 0.78), (0.4, 1.0), (0.76, 0.92), (0.84, 0.68),
          (0.56, 0.5), (0.26, 0.6), (0.17, 0.76)]],
        [[(0.62, 0.0), (0.32, 0.38), (0.16, 0.72), (0.38, 1.0), (0.74, 0.94), (0.82, 0.7), (0.55, 0.52),
          (0.22, 0.66)]]],
    7: [[[(0.08, 0.02), (0.92, 0.02, 1), (0.55, 0.5), (0.38, 1.0)]],
        [[(0.08, 0.02), (0.92, 0.02, 1), (0.55, 0.5), (0.38, 1.0)], [(0.35, 0.52), (0.82, 0.5)]],
        [[(0.1, 0.15), (0.1, 0.02, 1), (0.9, 0.02, 1), (0.45, 1.0)]]],
    8: [[[(0.74, 0.12), (0.5, 0.0), (0.22, 0.12), (0.26, 0.35), (0.5, 0.48), (0.8, 0.65), (0.82, 0.88),
          (0.5, 1.0), (0.18, 0.88), (0.2, 0.65), (0.5, 0.48), (0.75, 0.32), (0.74, 0.12)]],
        [_loop(0.5, 0.24, 0.27, 0.24), _loop(0.5, 0.74, 0.34, 0.26)]],
    9: [[_loop(0.48, 0.27, 0.32, 0.27, start=0, sweep=350), [(0.8, 0.2), (0.76, 1.0)]],
        [_loop(0.48, 0.27, 0.32, 0.27, start=0, sweep=350), [(0.8, 0.2), (0.78, 0.75), (0.55, 1.0),
                                                                (0.25, 0.92)]],
        [[(0.8, 0.22), (0.55, 0.02), (0.2, 0.12), (0.18, 0.4), (0.48, 0.54), (0.8, 0.3, 1), (0.6, 1.0)]]],
}


def _catmull_rom(pts: np.ndarray, per_segment: int = 8) -> np.ndarray:
    """A smooth curve through `pts` (end points repeated as their own tangents)."""
    if len(pts) < 3:
        t = np.linspace(0, 1, per_segment + 1)[:, None]
        return pts[0] + t * (pts[-1] - pts[0]) if len(pts) == 2 else pts
    p = np.vstack([pts[0], pts, pts[-1]])
    out = []
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    out.append(pts[-1][None])
    return np.concatenate(out)


def _curve(stroke: Stroke, jitter: np.ndarray) -> np.ndarray:
    """The stroke's points, with `jitter` added to its control points, split into smooth pieces at its
    corners."""
    ctrl = np.array([s[:2] for s in stroke], np.float64) + jitter
    corners = [i for i, s in enumerate(stroke) if len(s) > 2]
    cuts = [0] + [i for i in corners if 0 < i < len(stroke) - 1] + [len(stroke) - 1]
    pieces = [_catmull_rom(ctrl[a: b + 1]) for a, b in zip(cuts, cuts[1:])]
    return np.concatenate(pieces)


def strokes(rng: np.random.Generator, digit: int) -> list[np.ndarray]:
    """One writer's `digit`: (N, 2) point arrays in the unit box's units (about 0.45-0.8 wide per unit
    of height, slanted), y down."""
    forms = FORMS[digit]
    form = forms[int(rng.integers(len(forms)))]
    width = rng.uniform(0.45, 0.8)
    slant = rng.normal(0.12, 0.12)                 # most hands lean right
    angle = np.radians(rng.normal(0, 4))
    wobble = rng.uniform(0.01, 0.045)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    out = []
    for stroke in form:
        pts = _curve(stroke, rng.normal(0, wobble, (len(stroke), 2)))
        pts = pts * np.array([width, 1.0])
        pts[:, 0] -= slant * (pts[:, 1] - 0.5)
        out.append(pts @ rot.T)
    return out


def mask(rng: np.random.Generator, digit: int, height_px: float) -> np.ndarray:
    """A white-on-black uint8 mask of a handwritten `digit`, cropped to its ink, about `height_px` tall
    (pen strokes 5-15% of the height: fine ballpoint to felt tip)."""
    pts = strokes(rng, digit)
    allp = np.concatenate(pts)
    lo, hi = allp.min(0), allp.max(0)
    scale = height_px / max(hi[1] - lo[1], 1e-6)
    thick = max(height_px * rng.uniform(0.05, 0.15), 1.0)
    pad = int(np.ceil(thick)) + 2
    size = np.ceil((hi - lo) * scale).astype(int) + 2 * pad
    img = np.zeros((size[1], size[0]), np.uint8)
    for p in pts:
        q = np.round(((p - lo) * scale + pad) * 16).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(img, [q], False, 255, int(round(thick)), cv2.LINE_AA, shift=4)
    ys, xs = np.nonzero(img > 32)
    return img[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def elastic(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`mask` under a smooth random displacement (Simard et al.'s elastic distortion) of 1-4.5% of its
    height, padded so that nothing is cut off."""
    h = mask.shape[0]
    pad = max(int(h * 0.1), 2)
    m = cv2.copyMakeBorder(mask, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    amp, sigma = h * rng.uniform(0.01, 0.045), max(h * rng.uniform(0.1, 0.2), 1.0)
    fields = []
    for _ in range(2):
        f = cv2.GaussianBlur(rng.standard_normal(m.shape).astype(np.float32), (0, 0), sigma)
        fields.append(f * (amp / max(float(f.std()), 1e-6)))
    yy, xx = np.mgrid[0:m.shape[0], 0:m.shape[1]].astype(np.float32)
    return cv2.remap(m, xx + fields[0], yy + fields[1], cv2.INTER_LINEAR, borderValue=0)


def face_mask(rng: np.random.Generator, faces: Sequence[FontFace], digit: int, height_px: float) -> np.ndarray:
    """A white-on-black uint8 mask of `digit` in one of the handwriting `faces`, its ink `height_px` tall,
    the pen made up to 4% of the height heavier, a quarter of them 20% narrower or wider, elastically
    distorted."""
    pen = int(rng.integers(0, max(int(height_px * 0.04), 1) + 1))
    face = faces[rng.integers(len(faces))]
    return elastic(glyph_mask(face, str(digit), height_px, pen, rng), rng)


def face_hand(face: FontFace) -> Hand:
    """The Hand of one handwriting face: its digits as face_mask draws them."""
    return lambda rng, digit, height_px: face_mask(rng, [face], digit, height_px)
