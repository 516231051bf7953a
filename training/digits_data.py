"""Synthetic printed-digit cells for the digit classifier, rendered with Pillow from system fonts.

A cell is drawn at 3x the reader's resolution inside a margin of its neighbours (grid lines of random
weight, grey level and misplacement, shaded cells flat or as a halftone screen, shadows), then brought down to a random native
resolution (what a low-resolution photo holds), blurred, lit unevenly, noised, JPEG-compressed, brought
back to the reader's 40 px pitch and cropped exactly as solver.vision crops a rectified grid cell.

A share of the digits (HAND_SHARE) is handwritten in pen or pencil: photographed puzzles are often half
solved, and those digits are part of the reading. `Hands` says who writes them: given real handwriting
(training.mnist_digits), REAL_HAND_SHARE of them are real writers' digits; given handwriting faces
(solver.vision.fonts.hand_split), HAND_FONT_SHARE of the rest come from a face that imitates a person's
hand, elastically distorted so no two are alike; the rest are pen strokes
(solver.vision.synthetic_handwriting).

Labels: 0 blank, 1-9, 10 other (a digit turned 90/180/270 degrees, or a letter). Blanks get the clutter
an empty cell shows in a photo: speckle, paper grain, shading, a shadow edge, heavy line remnants,
print-through from the other side of the page; any cell may get a glare patch.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from solver.vision import digits, synthetic_handwriting
from solver.vision.fonts import FontFace, glyph_mask
from solver.vision.geometry import CELL_MARGIN, CELL_PX
from solver.vision.synthetic_handwriting import Hand
from solver.vision.synthetic_photo import motion_blur

HR = CELL_PX * 3                 # render pitch
PAD = 0.3                        # neighbour margin around the cell, in cells
# Letters that look like no digit; the "other" class also gets rotated digits.
LETTERS = "ACEFHJKLMNPRUVWXYacdefhkmnprtuvwxy"
# 180-degree turns that still look like a digit (6 <-> 9, and 1 and 8 in many faces) are not "other".
_SYMMETRIC_180 = {1, 6, 8, 9}
CLASS_WEIGHTS = np.array([0.2] + [0.65 / 9] * 9 + [0.15])   # blank, 1-9, other
HAND_SHARE = 0.4                 # digits (and turned digits among "other") written by hand
REAL_HAND_SHARE = 0.5            # of those, real writers' digits when real handwriting is given
HAND_FONT_SHARE = 0.6            # of the rest, drawn from a handwriting face when faces are given


@dataclass(frozen=True)
class Hands:
    """Who writes the handwritten digits: a `real_share` of them the `real` writers (if given), a
    `face_share` of the rest the handwriting `faces` (if given), the rest pen strokes."""
    faces: Sequence[FontFace] = ()
    face_share: float = HAND_FONT_SHARE
    real: Hand | None = None
    real_share: float = REAL_HAND_SHARE

    def mask(self, rng: np.random.Generator, digit: int, height_px: float) -> np.ndarray:
        if self.real is not None and rng.random() < self.real_share:
            return self.real(rng, digit, height_px)
        if self.faces and rng.random() < self.face_share:
            return synthetic_handwriting.face_mask(rng, self.faces, digit, height_px)
        return synthetic_handwriting.mask(rng, digit, height_px)


def _paste(canvas: np.ndarray, mask: np.ndarray, cx: float, cy: float, ink: float, angle: float,
           shear: float) -> None:
    """Blend `mask` (255 = ink) into `canvas` centred at (cx, cy), turned and sheared."""
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[0, 1] += shear
    m[0, 2] += cx - w / 2 - shear * h / 2
    m[1, 2] += cy - h / 2
    warped = cv2.warpAffine(mask, m, (canvas.shape[1], canvas.shape[0]), flags=cv2.INTER_LINEAR).astype(np.float32)
    a = warped / 255.0
    canvas *= 1 - a
    canvas += a * ink


def _lines(canvas: np.ndarray, rng: np.random.Generator, ink: float, paper: float) -> None:
    """The four borders of the centre cell (and the neighbours' far borders), each thin or bold."""
    n = canvas.shape[0]
    lo, hi = PAD * HR, (1 + PAD) * HR
    if rng.random() < 0.05:
        return
    for pos in (lo, hi):
        for horizontal in (True, False):
            if rng.random() < 0.03:
                continue
            bold = rng.random() < 0.3
            t = HR * (rng.uniform(0.06, 0.16) if bold else rng.uniform(0.012, 0.05))
            level = ink + (paper - ink) * (rng.uniform(0, 0.15) if bold else rng.uniform(0, 0.6))
            c = pos + rng.normal(0, 0.035 * HR)
            tilt = rng.normal(0, 0.01) * n
            a, b = int(round(c - t / 2)), max(int(round(c + t / 2)), int(round(c - t / 2)) + 1)
            pts = np.array([[0, a], [n, a + tilt], [n, b + tilt], [0, b]], np.int32)
            if not horizontal:
                pts = pts[:, ::-1]
            cv2.fillConvexPoly(canvas, pts, float(level), lineType=cv2.LINE_AA)


def _clutter(canvas: np.ndarray, rng: np.random.Generator, ink: float, paper: float, blank: bool) -> None:
    n = canvas.shape[0]
    if rng.random() < (0.35 if blank else 0.1):      # speckle: dust, paper fibres, print dots
        for _ in range(rng.integers(1, 8)):
            r = rng.uniform(0.5, 2.5) * HR / 40
            x, y = rng.uniform(PAD * HR, (1 + PAD) * HR, 2)
            cv2.circle(canvas, (int(x), int(y)), max(int(r), 1), float(ink + (paper - ink) * rng.uniform(0.2, 0.8)),
                       -1, lineType=cv2.LINE_AA)
    if rng.random() < (0.2 if blank else 0.1):       # a shadow edge across the cell
        ang = rng.uniform(0, np.pi)
        off = rng.uniform(-0.4, 0.4) * HR
        yy, xx = np.mgrid[0:n, 0:n].astype(np.float32) - n / 2
        side = (xx * np.cos(ang) + yy * np.sin(ang)) > off
        soft = cv2.GaussianBlur(side.astype(np.float32), (0, 0), rng.uniform(1, 12))
        canvas *= 1 - soft * rng.uniform(0.15, 0.5)
    if blank and rng.random() < 0.05:                # print-through: the other side's text, mirrored
        txt = LETTERS[rng.integers(len(LETTERS))] + LETTERS[rng.integers(len(LETTERS))]
        m = np.zeros(canvas.shape, np.uint8)
        cv2.putText(m, txt, (int(rng.uniform(0, 0.6) * n), int(rng.uniform(0.4, 0.9) * n)),
                    cv2.FONT_HERSHEY_SIMPLEX, HR / 40, 255, max(int(HR / 30), 1), cv2.LINE_AA)
        a = m[:, ::-1].astype(np.float32) / 255 * rng.uniform(0.06, 0.18)
        canvas[:] = canvas * (1 - a) + a * ink
    if blank and rng.random() < 0.08:                # a faint stroke (pencil, print-through)
        p0 = rng.uniform(PAD * HR, (1 + PAD) * HR, 2).astype(int)
        p1 = p0 + rng.normal(0, 0.25 * HR, 2).astype(int)
        cv2.line(canvas, tuple(int(v) for v in p0), tuple(int(v) for v in p1),
                 float(paper - (paper - ink) * rng.uniform(0.1, 0.35)), max(int(HR * 0.02), 1), cv2.LINE_AA)


def _halftone(canvas: np.ndarray, lo: int, hi: int, cover: float, ink: float, rng: np.random.Generator) -> None:
    """Newsprint grey: ink dots on a 45-degree screen, 12-28 dot rows per cell."""
    period = HR / rng.uniform(12, 28)
    yy, xx = np.mgrid[lo:hi, lo:hi].astype(np.float32)
    u, v = (xx + yy) / np.sqrt(2), (xx - yy) / np.sqrt(2)
    du = u / period - np.round(u / period)
    dv = v / period - np.round(v / period)
    r = np.sqrt(min(max(cover, 0.03), 0.45) / np.pi)
    dots = np.sqrt(du * du + dv * dv) < r
    region = canvas[lo:hi, lo:hi]
    region[dots] = ink


def _glare(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A soft bright patch (light reflected off glossy paper) that washes out part of the cell."""
    n = img.shape[0]
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    cx, cy, rad = rng.uniform(0, n), rng.uniform(0, n), rng.uniform(0.3, 0.9) * n
    g = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rad * rad)) * rng.uniform(0.3, 0.6)
    return img + (255 - img) * g


def _photo(canvas: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Resolution loss, blur, light, noise and JPEG, back at the reader's pitch; returns uint8."""
    n_out = int(round((1 + 2 * PAD) * CELL_PX))
    native = float(np.exp(rng.uniform(np.log(12), np.log(60))))       # px per cell in the photo
    n_nat = max(int(round((1 + 2 * PAD) * native)), 8)
    img = cv2.resize(canvas, (n_nat, n_nat), interpolation=cv2.INTER_AREA)
    u = rng.random()
    if u < 0.2:                        # out of focus (a fixed-focus phone held close): 3.5-9% of a cell
        img = cv2.GaussianBlur(img, (0, 0), native * rng.uniform(0.035, 0.09))
    elif u < 0.3:                      # camera shake: a smear of 6-25% of a cell, slightly out of focus
        img = motion_blur(img, native * rng.uniform(0.06, 0.25), rng.uniform(0, np.pi))
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.2, 0.6))
    elif u < 0.8:                                                        # slight focus blur
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.2, 0.6 + 0.8 * min(native / 40, 1)))
    if rng.random() < 0.5:                                               # lighting gradient
        yy, xx = np.mgrid[0:n_nat, 0:n_nat].astype(np.float32) / n_nat - 0.5
        g = 1 + rng.uniform(-0.35, 0.35) * xx + rng.uniform(-0.35, 0.35) * yy
        img = img * g
    img = img * rng.uniform(0.55, 1.1) + rng.uniform(-15, 25)            # exposure
    if rng.random() < 0.06:
        img = _glare(img, rng)
    img = img + rng.normal(0, rng.uniform(0, 10), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(20, 95))])
        img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    interp = cv2.INTER_CUBIC if rng.random() < 0.5 else cv2.INTER_LINEAR
    return cv2.resize(img, (n_out, n_out), interpolation=interp)


def render_cell(rng: np.random.Generator, face: FontFace, label: int, hand: bool | None = None,
                hands: Hands = Hands()) -> tuple[np.ndarray, float]:
    """One cell crop (uint8, as the reader crops it) and the grid ink contrast to normalise it with.
    `hand`: the digit written by hand (None: a HAND_SHARE chance), by `hands`."""
    n = int(round((1 + 2 * PAD) * HR))
    paper = rng.uniform(150, 255)
    ink = rng.uniform(0, max(paper - 90, 1)) if rng.random() < 0.9 else rng.uniform(0, paper - 60)
    canvas = np.full((n, n), paper, np.float32)
    lo, hi = int(PAD * HR), int((1 + PAD) * HR)
    cell_paper = paper
    if rng.random() < 0.25:                                              # a shaded cell
        cell_paper = paper - rng.uniform(12, min(75, (paper - ink) * 0.6))
        if rng.random() < 0.5:
            _halftone(canvas, lo, hi, (paper - cell_paper) / max(paper - ink, 1), ink, rng)
        else:
            canvas[lo:hi, lo:hi] = cell_paper
    _lines(canvas, rng, ink, paper)
    if label != digits.BLANK:
        if label == digits.OTHER and rng.random() < 0.35:
            text, turn = LETTERS[rng.integers(len(LETTERS))], 0
        elif label == digits.OTHER:
            d = int(rng.integers(1, 10))
            turns = [1, 3] if d in _SYMMETRIC_180 else [1, 2, 3]
            text, turn = str(d), int(rng.choice(turns))
        else:
            text, turn = str(label), 0
        written = text.isdigit() and (rng.random() < HAND_SHARE if hand is None else hand)
        if written:
            # A hand's digits vary in size and sit anywhere in the cell; pen or pencil is often
            # lighter than the print (blue ballpoint, graphite).
            height = HR * rng.uniform(0.35, 0.8)
            mask = hands.mask(rng, int(text), height)
            if mask.shape[1] > HR * 0.8:
                mask = cv2.resize(mask, (int(HR * 0.8), mask.shape[0]), interpolation=cv2.INTER_AREA)
            lighter = rng.uniform(0, 0.55) if rng.random() < 0.5 else 0.0
        else:
            height = HR * rng.uniform(0.4, 0.8)
            stroke = int(rng.integers(1, max(int(height * 0.05), 2))) if rng.random() < 0.25 else 0
            mask = glyph_mask(face, text, height, stroke, rng)
            if stroke == 0 and rng.random() < 0.15:                      # lighter strokes
                mask = cv2.erode(mask, np.ones((3, 3), np.uint8))
            lighter = rng.uniform(0, 0.15)
        if turn:
            mask = np.ascontiguousarray(np.rot90(mask, turn))
            if mask.shape[0] > HR * 0.85:
                f = HR * 0.8 / mask.shape[0]
                mask = cv2.resize(mask, (max(int(mask.shape[1] * f), 1), int(HR * 0.8)), interpolation=cv2.INTER_AREA)
        j = (0.14 if written else 0.09) * HR
        cx, cy = (lo + hi) / 2 + rng.uniform(-j, j), (lo + hi) / 2 + rng.uniform(-j, j)
        # A hand slants its digits far more than a typeface does (italic hands lean 15-30 degrees).
        angle, shear = (rng.normal(0, 6), rng.normal(0, 0.22)) if written else (rng.normal(0, 3), rng.normal(0, 0.06))
        _paste(canvas, mask, cx, cy, ink + lighter * (cell_paper - ink), angle, shear)
    _clutter(canvas, rng, ink, paper, label == digits.BLANK)
    if rng.random() < 0.15:                                              # paper grain
        canvas += cv2.GaussianBlur(rng.normal(0, 6, canvas.shape).astype(np.float32), (0, 0), 2.0)
    img = _photo(np.clip(canvas, 0, 255), rng)
    a = int(round(PAD * CELL_PX)) + CELL_MARGIN
    crop = img[a: a + CELL_PX - 2 * CELL_MARGIN, a: a + CELL_PX - 2 * CELL_MARGIN]
    if label != digits.BLANK and label != digits.OTHER:
        contrast = float(np.percentile(crop, 90) - np.percentile(crop, 1)) * rng.uniform(0.8, 1.25)
    else:
        # What the digits elsewhere in this grid would measure.
        scale = float(np.percentile(img, 95) - np.percentile(img, 5)) / max(paper - ink, 1.0)
        contrast = (paper - ink) * min(max(scale, 0.5), 1.0) * rng.uniform(0.6, 1.15)
    return crop, max(contrast, 1.0)


def make_batch(rng: np.random.Generator, faces: list[FontFace], n: int, hand: bool | None = None,
               hands: Hands = Hands()) -> tuple[np.ndarray, np.ndarray]:
    """(n, 1, 32, 32) float32 inputs and (n,) int64 labels; the rest as in render_cell."""
    labels = rng.choice(digits.N_CLASSES, size=n, p=CLASS_WEIGHTS)
    x = np.empty((n, 1, digits.INPUT, digits.INPUT), np.float32)
    for i, lab in enumerate(labels):
        crop, contrast = render_cell(rng, faces[rng.integers(len(faces))], int(lab), hand, hands)
        x[i, 0] = digits.normalise(crop, contrast)
    return x, labels.astype(np.int64)
