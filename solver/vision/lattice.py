"""Is this quadrilateral really a 9x9 grid, and where exactly are its lines?

The candidate is warped to a square of 9 x CELL_PX with a margin. In the warp each of the 20 grid lines
is tracked across the 9 cells it borders (a Viterbi path over small offsets, so a bowed line on a curled
page is followed), then fitted with a quadratic; the 100 crossings of those curves are the cell corners.

Line evidence is a black-hat (dark, thin) response kept only where it is part of a long straight
structure, so digit strokes count for nothing. A 9x9 Sudoku grid must show (a) most of the 20 lines
along most of their length, (b) no long line inside the cells (a finer grid such as a 15x15 crossword,
seen through a 9-cell window), (c) evenly spaced lines, and (d) no lattice continuing past the frame.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import CELL_PX, apply_homography, homography_to_square

S = CELL_PX
M = int(S * 0.75)                 # warp margin: room to see whether lines continue past the frame
SIDE = 9 * S + 2 * M
SEARCH = int(S * 0.4)             # how far a line may sit from where the 4 corners put it
OUTER_SLACK = 0.2                 # an outer line further than this (in cells) from the inner lines' pitch is re-tracked
STEP_COST = 0.03                  # Viterbi cost per pixel of bend between neighbouring cells
MIN_PRESENT = 0.72                # fraction of (line, cell) segments that must show a line
EXTRA_LINE = 0.5                  # an interior line this strong (vs the cell's own borders) ...
THIN_FLOOR = 0.25                 # (a border counts as at least this fraction of the strong lines) ...
EXTRA_SPAN = 0.6                  # ... along this fraction of a row or column is a finer grid
# Fewer lines may do where the grid is boxed like a Sudoku: at least BOXED_BOX of the box lines' segments
# there, their median BOXED_RATIO times the thin segments seen, which are at least BOXED_THIN of them.
BOX_LINES = [0, 3, 6, 9]
EDGE_BAND = 0.15                  # a line segment this near (in cells) the photo's edge may be cut off
BOXED_BOX, BOXED_RATIO, BOXED_THIN = 0.95, 2.0, 0.4


@dataclass(frozen=True)
class Lattice:
    points: np.ndarray       # (10, 10, 2) float64 cell corners in the source image, [row][col] -> (x, y)
    score: float             # 0-1: line evidence and regularity
    present: float           # fraction of line segments seen


class NotAGrid(Exception):
    """The candidate is not a 9x9 grid; the message says why. `present`: the fraction of the grid's line
    segments seen, when it got that far (0 otherwise): how near the candidate came to being a grid."""

    def __init__(self, message: str, present: float = 0.0):
        super().__init__(message)
        self.present = present


def _line_maps(warp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal-line evidence, vertical-line evidence), float32, scaled to about 0-1."""
    k = max(int(S * 0.35) | 1, 3)
    # A light blur first: a halftone screen (shaded cells in newsprint) is a texture of dots finer
    # than any grid line, and would otherwise merge into long "lines" inside the cells.
    warp = cv2.GaussianBlur(warp, (0, 0), 0.9)
    bh_h = cv2.morphologyEx(warp, cv2.MORPH_BLACKHAT, np.ones((k, 1), np.uint8)).astype(np.float32)
    bh_v = cv2.morphologyEx(warp, cv2.MORPH_BLACKHAT, np.ones((1, k), np.uint8)).astype(np.float32)
    run = int(S * 0.9)                      # longer than any digit stroke, shorter than a cell side

    def long_only(bh: np.ndarray, along: tuple[int, int], across: tuple[int, int]) -> np.ndarray:
        # Noise gives every pixel some black-hat response; only what stands above the paper's counts.
        bh = np.maximum(bh - float(np.median(bh)) - 1.0, 0)
        thick = cv2.dilate(bh, np.ones(across, np.uint8))          # tolerate a slight slope
        opened = cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones(along, np.uint8))
        return np.minimum(bh, opened)

    fh = long_only(bh_h, (1, run), (7, 1))
    fv = long_only(bh_v, (run, 1), (1, 7))
    ref = max(float(np.percentile(np.maximum(fh, fv), 99.5)), 4.0)
    return fh / ref, fv / ref


def _profiles(f: np.ndarray) -> np.ndarray:
    """(9, SIDE): for each cell-wide segment along the lines, the mean evidence at each offset across.
    `f` has the lines horizontal (rows = across)."""
    out = np.empty((9, f.shape[0]), np.float32)
    trim = int(S * 0.12)
    for j in range(9):
        a = M + j * S + trim
        out[j] = f[:, a: M + (j + 1) * S - trim].mean(1)
    return cv2.GaussianBlur(out, (1, 5), 0) if out.shape[1] >= 5 else out


def _track(prof: np.ndarray, expected: float | np.ndarray, search: int = SEARCH) -> tuple[np.ndarray, np.ndarray]:
    """Viterbi over the 9 segments: offsets from `expected` (one for all, or one a segment) maximising
    evidence minus bending."""
    offs = np.arange(-search, search + 1)
    centre = np.round(np.broadcast_to(np.asarray(expected, np.float64), (9,))).astype(np.int64)
    idx = np.clip(centre[:, None] + offs[None, :], 0, prof.shape[1] - 1)      # (9, K)
    gain = np.take_along_axis(prof, idx, 1)                                  # (9, K)
    trans = STEP_COST * np.abs(offs[:, None] - offs[None, :])    # (K, K)
    score = gain[0].copy()
    back = np.zeros((9, len(offs)), np.int64)
    for j in range(1, 9):
        tot = score[:, None] - trans
        back[j] = np.argmax(tot, 0)
        score = tot[back[j], np.arange(len(offs))] + gain[j]
    path = np.empty(9, np.int64)
    path[8] = int(np.argmax(score))
    for j in range(8, 0, -1):
        path[j - 1] = back[j][path[j]]
    pos = idx[np.arange(9), path].astype(np.float64)
    return pos, gain[np.arange(9), path]


def _retrack_outer(prof: np.ndarray, pos: np.ndarray, strength: np.ndarray) -> None:
    """An outer line tracked a good part of a cell away from where the inner lines' spacing puts it has
    followed something outside the grid (a column rule beside it, the page edge): track it again near
    that place, and keep the new track where it shows a line at least half as strong."""
    for i, nb, sign in ((0, 1, -1), (9, 8, 1)):
        pitch = np.median(np.diff(pos[1:9], axis=0), axis=0)             # (9,) per segment
        want = pos[nb] + sign * pitch
        if np.median(np.abs(pos[i] - want)) <= OUTER_SLACK * S:
            continue
        p2, s2 = _track(prof, want, int(OUTER_SLACK * S))
        if np.median(s2) >= 0.5 * np.median(strength[i]):
            pos[i], strength[i] = p2, s2


def _family(f: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (10, 9), strengths (10, 9) and interior peaks (9, 9) for lines running along axis 1."""
    prof = _profiles(f)
    pos = np.empty((10, 9))
    strength = np.empty((10, 9))
    for i in range(10):
        pos[i], strength[i] = _track(prof, M + i * S)
    _retrack_outer(prof, pos, strength)
    interior = np.zeros((9, 9))
    for i in range(9):
        for j in range(9):
            a, b = pos[i, j], pos[i + 1, j]
            lo, hi = int(a + 0.25 * (b - a)), int(b - 0.25 * (b - a))
            if hi > lo:
                interior[i, j] = prof[j, lo:hi + 1].max()
    return pos, strength, interior


def _curve(pos: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Quadratic fit of one line's positions against the segment centres; returns coefficients."""
    x = M + (np.arange(9) + 0.5) * S
    deg = 2 if np.count_nonzero(w > 0.5) >= 5 else 1
    return np.polyfit(x, pos, deg, w=np.maximum(w, 0.05))


def _beyond(f_across: np.ndarray, inside: np.ndarray) -> float:
    """How much of the lattice continues past the frame: for the 8 inner lines crossing each side,
    the evidence in the margin band just outside, as a fraction of the evidence inside. A band that is
    mostly beyond the photo's edge says nothing (the warp repeats the edge pixels there)."""
    worst = 0.0
    inner = [M + k * S for k in range(1, 9)]
    d = int(S * 0.15)
    for band_out, band_in in (((d, M - d), (M + d, M + S - d)),
                              ((M + 9 * S + d, SIDE - d), (M + 8 * S + d, M + 9 * S - d))):
        if inside[band_out[0]: band_out[1], M: M + 9 * S].mean() < 0.9:
            continue
        cont = 0
        for x in inner:
            col = f_across[:, max(x - 3, 0): x + 4].max(1)
            # Medians: a letter of a headline beside the grid does not fill the band, a grid line does.
            out_v = float(np.median(col[band_out[0]: band_out[1]]))
            in_v = float(np.median(col[band_in[0]: band_in[1]]))
            cont += out_v > 0.5 * in_v and in_v > 0.03
        worst = max(worst, cont / 8)
    return worst


def _off_photo(inside: np.ndarray) -> np.ndarray:
    """(10, 9) bool for the lines running along axis 1 of `inside` (the warp's in-photo mask, lines
    horizontal): segments whose band, EDGE_BAND of a cell either side of where the corners put the line,
    reaches past the photo's edge: a grid touching or cut by the edge."""
    out = np.zeros((10, 9), bool)
    b = int(EDGE_BAND * S)
    for i in range(10):
        y = M + i * S
        band = inside[max(y - b, 0): y + b + 1]
        for j in range(9):
            out[i, j] = band[:, M + j * S: M + (j + 1) * S].mean() < 0.98
    return out


def _extrapolate(pos: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Line positions (10, 9) with the segments beyond the photo put where the seen lines' spacing puts
    them (a straight-line fit of position against line index, per segment column)."""
    out = pos.copy()
    idx = np.arange(10)
    for j in range(9):
        seen = ~off[:, j]
        if off[:, j].any() and seen.sum() >= 3:
            out[~seen, j] = np.polyval(np.polyfit(idx[seen], pos[seen, j], 1), idx[~seen])
    return out


def _bridge(pos: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Line positions (10, 9) with each unseen segment put between the nearest seen lines of its
    column, in proportion: where a line is missing, tracking it only follows the noise."""
    out = pos.copy()
    idx = np.arange(10)
    for j in range(9):
        seen = present[:, j]
        if 2 <= seen.sum() < 10:
            out[~seen, j] = np.interp(idx[~seen], idx[seen], pos[seen, j])
    return out


def _boxed(hstr: np.ndarray, vstr: np.ndarray, thresh: float, hoff: np.ndarray, voff: np.ndarray) -> bool:
    """A Sudoku's bold box lines all there and far stronger than the thin lines seen, which are at
    least BOXED_THIN of them: thin grey lines lost in shaded boxes or a blurred photo. Segments beyond
    the photo's edge (hoff, voff) are left out."""
    thin_rows = [i for i in range(10) if i not in BOX_LINES]
    box = np.concatenate([hstr[BOX_LINES][~hoff[BOX_LINES]], vstr[BOX_LINES][~voff[BOX_LINES]]])
    thin = np.concatenate([hstr[thin_rows][~hoff[thin_rows]], vstr[thin_rows][~voff[thin_rows]]])
    seen = thin[thin > thresh]
    return bool(len(box) and len(seen) and np.mean(box > thresh) >= BOXED_BOX and len(seen) >= BOXED_THIN * len(thin)
                and np.median(box) >= BOXED_RATIO * np.median(seen))


def fit(gray: np.ndarray, corners: np.ndarray) -> Lattice:
    """The cell corners of the 9x9 grid inside `corners` (TL TR BR BL in `gray`); raises NotAGrid."""
    hom = homography_to_square(corners, 9 * S, M)
    warp = cv2.warpPerspective(gray, hom, (SIDE, SIDE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    inside = cv2.warpPerspective(np.ones(gray.shape[:2], np.uint8), hom, (SIDE, SIDE), flags=cv2.INTER_NEAREST,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=0).astype(np.float32)
    fh, fv = _line_maps(warp)
    hpos, hstr, hint = _family(fh)               # horizontal lines: y positions per column segment
    vpos, vstr, vint = _family(fv.T)             # vertical lines: x positions per row segment
    strengths = np.concatenate([hstr.ravel(), vstr.ravel()])
    ref = float(np.percentile(strengths, 80))
    if ref < 0.08:
        raise NotAGrid("no grid lines")
    # Thin grey lines may be a quarter as strong as bold box lines; what counts is standing out of the
    # (near-zero) evidence between the lines.
    floor = float(np.median(np.concatenate([hint.ravel(), vint.ravel()])))
    thresh = max(0.06 * ref, 4 * floor, 0.03)
    present_h, present_v = hstr > thresh, vstr > thresh
    # Segments past the photo's edge and not seen are neither there nor missing: the grid touches or is
    # cut by the edge. At most one line's worth on each side.
    hoff, voff = _off_photo(inside) & ~present_h, _off_photo(inside.T) & ~present_v
    if max(hoff.sum(), voff.sum()) > 18:
        raise NotAGrid("more than a row of cells is beyond the photo's edge")
    seen = ~np.concatenate([hoff.ravel(), voff.ravel()])
    present = float(np.mean(np.concatenate([present_h.ravel(), present_v.ravel()])[seen]))
    if present < MIN_PRESENT and not _boxed(hstr, vstr, thresh, hoff, voff):
        raise NotAGrid(f"only {present:.0%} of the 9x9 grid's lines are there", present)
    hpos, vpos = _extrapolate(hpos, hoff), _extrapolate(vpos, voff)
    present_h, present_v = present_h | hoff, present_v | voff
    for inter, st, what in ((hint, hstr, "rows"), (vint, vstr, "columns")):
        border = np.minimum(st[:-1], st[1:])
        # Against a quarter of the strong lines at least: in a blurred photo the thin cell borders almost
        # vanish, and a row of blurred digits would otherwise count as a line between them.
        extra = (inter > EXTRA_LINE * np.maximum(border, max(thresh, THIN_FLOOR * ref))).mean(1)
        if extra.max() >= EXTRA_SPAN:
            raise NotAGrid(f"lines inside the cells ({what}): not a 9x9 lattice", present)
    for pos in (hpos, vpos):
        gaps = np.diff(pos, axis=0)
        if gaps.min() < 0.55 * S or gaps.max() > 1.45 * S:
            raise NotAGrid("unevenly spaced lines", present)
    if max(_beyond(fv, inside), _beyond(fh.T, inside.T)) >= 0.75:
        raise NotAGrid("the lattice continues past the frame: part of a larger grid", present)
    hpos, vpos = _bridge(hpos, present_h), _bridge(vpos, present_v)
    hc = [_curve(hpos[i], hstr[i] / ref) for i in range(10)]
    vc = [_curve(vpos[k], vstr[k] / ref) for k in range(10)]
    pts = np.empty((10, 10, 2))
    for i in range(10):
        for k in range(10):
            y = M + i * S
            x = M + k * S
            for _ in range(4):
                x = np.polyval(vc[k], y)
                y = np.polyval(hc[i], x)
            pts[i, k] = (x, y)
    gaps = np.concatenate([np.diff(pts[..., 0], axis=1).ravel(), np.diff(pts[..., 1], axis=0).ravel()])
    regular = float(1 - min(np.std(gaps) / S, 1))
    src = apply_homography(np.linalg.inv(hom), pts)
    return Lattice(src, present * regular, present)


def rectify(img: np.ndarray, points: np.ndarray, margin: int = M // 2) -> np.ndarray:
    """The grid resampled so cell (r, c) spans [margin + c*S, margin + (c+1)*S) (bilinear inside each
    cell from its 4 corners; the margin extrapolates the border cells)."""
    n = 9 * S + 2 * margin
    u = (np.arange(n, dtype=np.float64) - margin) / S
    c = np.clip(np.floor(u), 0, 8).astype(int)
    t = u - c
    # Separable: interpolate along rows then columns of the 10x10 corner mesh.
    p = points
    tu, cu = t[None, :, None], c
    tv, cv_ = t[:, None, None], c
    top = p[cv_][:, cu] * (1 - tu) + p[cv_][:, cu + 1] * tu           # corners row r, (n, n, 2)
    bot = p[cv_ + 1][:, cu] * (1 - tu) + p[cv_ + 1][:, cu + 1] * tu
    m = top * (1 - tv) + bot * tv
    return cv2.remap(img, m[..., 0].astype(np.float32), m[..., 1].astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)
