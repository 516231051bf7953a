"""A digit written into one cell with a mouse or a pen, read by the photo reader's digit classifier
(trained on printed and handwritten digits).

The strokes are drawn the way a digit sits in a rectified cell (ink box centred, about 0.6 of the cell
tall, pen-like stroke weight), so the same classifier reads them. Each reading averages a few renderings
(digit heights and stroke weights), because a hand-drawn digit has no one "font size".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from . import digits
from .geometry import CELL_MARGIN, CELL_PX

SUPERSAMPLE = 3
HEIGHTS = (0.55, 0.65)        # ink height as a fraction of the cell pitch (training draws 0.4-0.8)
WEIGHTS = (0.08, 0.12)        # stroke width as a fraction of the ink height
MAX_WIDTH = 0.75              # ink width cap, as a fraction of the pitch
MIN_EXTENT = 0.08             # ink smaller than this (in the strokes' cell units) is a tap, not a digit


@dataclass(frozen=True)
class CellReading:
    label: int                # 0 blank, 1-9, 10 other (digits.BLANK / digits.OTHER)
    confidence: float
    probs: np.ndarray         # (11,) averaged class probabilities

    @property
    def digit(self) -> int | None:
        """The digit read, or None for a blank or "other" reading."""
        return self.label if 1 <= self.label <= 9 else None


def render_strokes(strokes: Sequence[np.ndarray], height: float = HEIGHTS[0], weight: float = WEIGHTS[0]
                   ) -> np.ndarray:
    """Strokes ((N, 2) x, y points, any units, y down) -> a cell crop as the reader crops one:
    uint8, (CELL_PX - 2 * CELL_MARGIN) square, dark ink on white. Empty strokes give a blank cell."""
    n = CELL_PX * SUPERSAMPLE
    img = np.full((n, n), 255, np.uint8)
    pts = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if pts:
        allp = np.concatenate(pts)
        (x0, y0), (x1, y1) = allp.min(0), allp.max(0)
        target = height * n
        scale = min(target / max(y1 - y0, 1e-9), MAX_WIDTH * n / max(x1 - x0, 1e-9))
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        thickness = max(int(round(weight * target)), 1)
        for s in pts:
            q = np.round(((s - centre) * scale + n / 2) * 16).astype(np.int32)   # 4 bits of subpixel
            if len(q) == 1 or np.all(q == q[0]):
                cv2.circle(img, (int(q[0, 0]), int(q[0, 1])), thickness * 8, 0, -1, cv2.LINE_AA, shift=4)
            else:
                cv2.polylines(img, [q.reshape(-1, 1, 2)], False, 0, thickness, cv2.LINE_AA, shift=4)
    small = cv2.resize(img, (CELL_PX, CELL_PX), interpolation=cv2.INTER_AREA)
    return small[CELL_MARGIN:-CELL_MARGIN, CELL_MARGIN:-CELL_MARGIN]


def read_strokes(strokes: Sequence[np.ndarray], classifier: digits.DigitClassifier | None = None) -> CellReading:
    """Read the digit written as `strokes` (points in the cell's own units, e.g. 0-1 across the cell)."""
    pts = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    blank = np.zeros(digits.N_CLASSES, np.float32)
    blank[digits.BLANK] = 1.0
    if not pts:
        return CellReading(digits.BLANK, 1.0, blank)
    allp = np.concatenate(pts)
    w, h = allp.max(0) - allp.min(0)
    if max(w, h) < MIN_EXTENT:
        return CellReading(digits.BLANK, 1.0, blank)
    clf = classifier or digits.bundled()
    crops = [render_strokes(pts, ht, wt) for ht in HEIGHTS for wt in WEIGHTS]
    # Each crop is judged against its own ink: there is no grid around it to set the contrast.
    probs = clf.probs(digits.prepare(crops, contrast=255.0)).mean(0)
    label = int(probs.argmax())
    return CellReading(label, float(probs[label]), probs)
