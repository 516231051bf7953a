"""A phone photo of a synthetic page: camera tilt and turn (including 90/180/270 degrees), page curl,
uneven light and shadows, defocus, noise and JPEG; and the sample sets the reader is measured on.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ..puzzles.sudoku_generate import generate
from . import synthetic_handwriting
from .fonts import FontFace
from .geometry import apply_homography
from .synthetic_handwriting import Hand
from .synthetic_page import Page, no_grid_page, sudoku_page

SIZES_SMALL = ((640, 480), (480, 640))
SIZES_LARGE = ((4000, 3000), (3000, 4000))


@dataclass(frozen=True)
class Photo:
    image: np.ndarray            # BGR uint8
    givens: np.ndarray | None    # (9, 9) expected reading, upright; None: the photo holds no Sudoku
    corners: np.ndarray | None   # the Sudoku's outer corners in the photo (page TL, TR, BR, BL order)
    quarter_turns: int           # how far the page was turned (counter-clockwise quarter turns)
    note: str                    # what was done, for reports
    handwritten: int = 0         # digits written in by hand (part of `givens`)


def motion_blur(img: np.ndarray, length: float, angle: float) -> np.ndarray:
    """Camera shake: the image smeared along a straight line of `length` px at `angle` radians."""
    k = int(np.ceil(length)) | 1
    kernel = np.zeros((k, k), np.float32)
    c = k // 2
    t = np.linspace(-length / 2, length / 2, 4 * k)
    rows = np.clip(np.round(c + t * np.sin(angle)).astype(int), 0, k - 1)
    cols = np.clip(np.round(c + t * np.cos(angle)).astype(int), 0, k - 1)
    np.add.at(kernel, (rows, cols), 1)
    return cv2.filter2D(img, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REPLICATE)


def _camera(rng: np.random.Generator, page_corners: np.ndarray, size: tuple[int, int], fill: float,
            turn_deg: float, tilt_deg: float) -> np.ndarray:
    """Homography from page pixels to photo pixels: the grid square seen at a tilt, turned, filling
    `fill` of the photo's shorter side."""
    c = page_corners.mean(0)
    half = np.linalg.norm(page_corners[1] - page_corners[0]) / 2
    sq = (page_corners - c) / half                                     # about [-1, 1]^2
    ax = rng.uniform(0, np.pi)
    axis = np.array([np.cos(ax), np.sin(ax), 0.0])
    rvec = axis * np.radians(tilt_deg)
    rot, _ = cv2.Rodrigues(rvec)
    pts3 = np.c_[sq, np.zeros(4)] @ rot.T + np.array([0, 0, 4.0])      # camera 4 half-sides away
    proj = pts3[:, :2] / pts3[:, 2:3] * 4.0
    t = np.radians(turn_deg)
    r2 = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    proj = proj @ r2.T
    w, h = size
    span = proj.max(0) - proj.min(0)
    scale = fill * min(w, h) / span.max()
    proj = proj * scale
    room = np.array([w, h]) - (proj.max(0) - proj.min(0))
    off = -proj.min(0) + rng.uniform(0.15, 0.85, 2) * np.maximum(room, 0)
    dst = (proj + off).astype(np.float32)
    return cv2.getPerspectiveTransform(page_corners.astype(np.float32), dst)


def _curl(rng: np.random.Generator, page: Page, strength: float):
    """Displacement d(q) in page px: a page bowed around an axis across it (lines bend, spacing
    squeezes). Returns a function of (x, y) arrays."""
    if strength <= 0:
        return None
    c = page.corners.mean(0)
    side = np.linalg.norm(page.corners[1] - page.corners[0])
    amp = strength * page.cell
    horizontal = rng.random() < 0.5
    sign = rng.choice([-1, 1])

    def d(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u = ((x - c[0]) if horizontal else (y - c[1])) / side
        bow = sign * amp * (4 * u * u - 1)                             # parabola, 0 near the grid edges
        squeeze = amp * 0.5 * np.sin(np.pi * u)
        if horizontal:
            return squeeze, bow
        return bow, squeeze
    return d


def render_photo(rng: np.random.Generator, page: Page, size: tuple[int, int], turn_deg: float,
                 tilt_deg: float, curl: float, fill: float) -> tuple[np.ndarray, np.ndarray | None]:
    """(photo BGR, grid corners in the photo)."""
    ref = page.corners if page.corners is not None else np.array(
        [[0, 0], [page.cell * 9, 0], [page.cell * 9, page.cell * 9], [0, page.cell * 9]], np.float32) + \
        np.array(page.image.shape[1::-1], np.float32) / 2 - page.cell * 4.5
    hom = _camera(rng, ref, size, fill, turn_deg, tilt_deg)
    w, h = size
    inv = np.linalg.inv(hom)
    # Sample the map on a coarse grid and resize: a 12 MP photo needs no 12 M homography evaluations.
    step = 8
    gx, gy = np.meshgrid(np.arange(0, w + step, step, dtype=np.float64), np.arange(0, h + step, step, dtype=np.float64))
    q = apply_homography(inv, np.dstack([gx, gy]))
    qx, qy = q[..., 0], q[..., 1]
    dfun = _curl(rng, page, curl) if page.corners is not None else None
    if dfun is not None:
        dx, dy = dfun(qx, qy)
        qx, qy = qx + dx, qy + dy
    mx = cv2.resize(qx.astype(np.float32), (gx.shape[1] * step, gx.shape[0] * step), interpolation=cv2.INTER_LINEAR)[:h, :w]
    my = cv2.resize(qy.astype(np.float32), (gx.shape[1] * step, gx.shape[0] * step), interpolation=cv2.INTER_LINEAR)[:h, :w]
    src = page.image
    # Downscale the page first when the photo sees it smaller: remap does not filter, and a lens and
    # sensor integrate over each pixel (halftone dots would alias into salt and pepper).
    shrink = float(np.sqrt(abs(np.linalg.det(inv[:2, :2]))))
    if shrink > 1.1:
        f = 1 / shrink * 1.1
        src = cv2.resize(src, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        mx, my = mx * f, my * f
    table = tuple(int(v) for v in rng.uniform(20, 120, 3))
    img = cv2.remap(src, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=table)
    corners = None
    if page.corners is not None:
        pc = page.corners.astype(np.float64)
        if dfun is not None:                      # solve q + d(q) = corner
            qc = pc.copy()
            for _ in range(20):
                dx, dy = dfun(qc[:, 0], qc[:, 1])
                qc = pc - np.c_[dx, dy]
            pc = qc
        corners = apply_homography(hom, pc).astype(np.float32)
    return camera_lighting(rng, img), corners


def camera_lighting(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    lw, lh = 64, max(int(64 * h / w), 8)
    yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32)
    xx, yy = xx / lw - 0.5, yy / lh - 0.5
    light = 1 + rng.uniform(-0.45, 0.45) * xx + rng.uniform(-0.45, 0.45) * yy
    light -= rng.uniform(0, 0.35) * (xx ** 2 + yy ** 2) * 2                # vignette
    if rng.random() < 0.5:                                                 # a hand or phone shadow
        pts = (rng.uniform(-0.2, 1.2, (4, 2)) * [lw, lh]).astype(np.int32)
        m = np.zeros((lh, lw), np.float32)
        cv2.fillPoly(m, [cv2.convexHull(pts)], 1.0)
        m = cv2.GaussianBlur(m, (0, 0), rng.uniform(0.5, 4))
        light *= 1 - m * rng.uniform(0.2, 0.55)
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    out = img.astype(np.float32) * light[..., None] * rng.uniform(0.75, 1.1)
    scale = w / 640
    sigma = rng.uniform(0.2, 1.4) * max(scale * 0.6, 1)
    out = cv2.GaussianBlur(out, (0, 0), sigma)
    out += rng.normal(0, rng.uniform(1, 7), (h, w, 1)).astype(np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 93))])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def sudoku_photo(rng: np.random.Generator, digit_faces: list[FontFace], text_faces: list[FontFace],
                 size: tuple[int, int] | None = None, quarter_turns: int | None = None,
                 difficulty: str | None = None, solved: bool = False,
                 fill: tuple[float, float] = (0.5, 0.92), hands: Sequence[Hand] = ()) -> Photo:
    """A photo of a page with a Sudoku; `solved`: 10-80% of its blanks filled in by hand (part of the
    expected reading), by one of the `hands` if any are given, else in pen strokes;
    `fill`: the range of the share of the photo's shorter side the page's grid spans."""
    size = size or (SIZES_LARGE[rng.integers(2)] if rng.random() < 0.1 else SIZES_SMALL[rng.integers(2)])
    k = int(rng.choice(4, p=[0.7, 0.1, 0.1, 0.1])) if quarter_turns is None else quarter_turns
    puzzle = generate(rng, difficulty or str(rng.choice(["easy", "medium", "hard"])))
    fill = rng.uniform(*fill)
    cell_px = max(min(size) * fill / 9 * rng.uniform(1.0, 1.6), 24)
    written = None
    if solved:
        blank = puzzle.givens == 0
        written = np.where(blank & (rng.random((9, 9)) < rng.uniform(0.1, 0.8)), puzzle.solution, 0).astype(np.int8)
    hand = hands[rng.integers(len(hands))] if solved and hands else synthetic_handwriting.mask
    page = sudoku_page(rng, puzzle.givens, cell_px, digit_faces[rng.integers(len(digit_faces))],
                       text_faces[rng.integers(len(text_faces))], written, hand)
    turn = k * 90 + rng.normal(0, 12)
    tilt = abs(rng.normal(0, 18))
    curl = rng.uniform(0, 0.35) if rng.random() < 0.4 else 0.0
    img, corners = render_photo(rng, page, size, turn, min(tilt, 40), curl, fill)
    expected = puzzle.givens.copy() if written is None else puzzle.givens + written
    n_written = 0 if written is None else int(np.count_nonzero(written))
    note = f"{size[0]}x{size[1]} turn {turn:.0f} tilt {tilt:.0f} curl {curl:.2f} fill {fill:.2f}"
    if written is not None:
        note += f" handwritten {n_written}"
    return Photo(img, expected, corners, k, note, n_written)


def no_grid_photo(rng: np.random.Generator, digit_faces: list[FontFace], text_faces: list[FontFace],
                  what: str | None = None, size: tuple[int, int] | None = None) -> Photo:
    size = size or SIZES_SMALL[rng.integers(2)]
    what = what or str(rng.choice(["text", "crossword", "grid"]))
    fill = rng.uniform(0.5, 0.9)
    page = no_grid_page(rng, max(min(size) * fill / 9 * 1.2, 24), digit_faces[rng.integers(len(digit_faces))],
                        text_faces[rng.integers(len(text_faces))], what)
    img, _ = render_photo(rng, page, size, rng.normal(0, 15), abs(rng.normal(0, 15)), 0.0, fill)
    return Photo(img, None, None, 0, f"no grid: {what}")
