"""A line maze's start and goal: marked cells (a coloured mark, a letter S or G, dots or stars) or the
gaps in its outer wall (with an arrow pointing in or out, else the gap nearer the top-left starts)."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..puzzles.maze import GOAL, START
from .line_maze_types import Endpoint, Opening, endpoint_cell
from .reading import NoGridFound


@dataclass(frozen=True)
class Mark:
    cell: tuple[int, int]
    code: int | None          # START or GOAL when the mark says which (colour, letter), else None
    strength: float


def _shape_templates(size: int) -> dict[int | None, list[np.ndarray]]:
    """Normalised glyphs of the marks: letters S and G (the maze reader's), and dots and stars (None:
    they do not say which end they are)."""
    from .maze_read import _letter_templates, _norm_glyph

    out: dict[int | None, list[np.ndarray]] = dict(_letter_templates(size))
    plain = []
    for inner in (None, 0.4, 0.5):
        img = np.zeros((64, 64), np.uint8)
        if inner is None:
            cv2.circle(img, (32, 32), 26, 255, -1, cv2.LINE_AA)
        else:
            ang = np.arange(10) * np.pi / 5 - np.pi / 2
            rad = np.where(np.arange(10) % 2 == 0, 28, 28 * inner)
            pts = np.c_[32 + rad * np.cos(ang), 32 + rad * np.sin(ang)].astype(np.int32)
            cv2.fillPoly(img, [pts], 255, cv2.LINE_AA)
        plain.append(_norm_glyph(img, size))
    out[None] = plain
    return out


def marks(rect: np.ndarray, ink: np.ndarray, xs: np.ndarray, ys: np.ndarray, pitch: float) -> list[Mark]:
    """Marks in cells: the ink components smaller than a cell (the walls' all span one or more), put in
    the cell of their middle; coloured ones say start (green, blue) or goal (red, orange, magenta), and
    a letter S or G says so; a dot or a star does not."""
    from .maze_read import _norm_glyph

    hsv = cv2.cvtColor(rect, cv2.COLOR_BGR2HSV)
    # `ink` is off the walls' bands: a letter touching a wall is cut from it.
    n, labels, stats, cents = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    by_cell: dict[tuple[int, int], list[int]] = {}
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if max(w, h) >= 0.85 * pitch or area < 0.006 * pitch * pitch:
            continue
        cx, cy = cents[i]
        if min(np.abs(xs - cx).min(), np.abs(ys - cy).min()) < 0.25 * pitch:
            continue                                   # a wall's leftover: marks sit in the cells' middles
        c, r = int(np.searchsorted(xs, cx)) - 1, int(np.searchsorted(ys, cy)) - 1
        if 0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1:
            by_cell.setdefault((r, c), []).append(i)
    templates = _shape_templates(24)
    paper = float(np.percentile(hsv[..., 2], 90))
    out = []
    for (r, c), parts in by_cell.items():
        mask = np.isin(labels, parts)
        area = int(mask.sum())
        if area < 0.03 * pitch * pitch:
            continue                                   # specks: noise, a stray dot of ink (a mark: 0.05 or more)
        pix = hsv[mask].astype(np.float32)
        # A coloured mark is saturated and bright next to the paper; blue or brown print is dark.
        coloured = (pix[:, 1] > 70) & (pix[:, 2] > 0.5 * paper)
        if coloured.mean() > 0.4:
            hue = float(np.median(pix[coloured, 0])) * 2
            out.append(Mark((r, c), START if 70 <= hue <= 260 else GOAL, float(coloured.mean())))
            continue
        ys_, xs_ = np.nonzero(mask)
        crop = mask[ys_.min(): ys_.max() + 1, xs_.min(): xs_.max() + 1].astype(np.uint8) * 255
        glyph = _norm_glyph(crop, 24)
        score = {code: max(float((glyph * t).sum()) for t in ts) for code, ts in templates.items()}
        out.append(Mark((r, c), max(score, key=lambda k: score[k]), area / pitch ** 2))
    out.sort(key=lambda m: -m.strength)
    if len(out) > 2 and out[1].strength >= 2 * out[2].strength:
        out = out[:2]                                  # two clear marks and some smudges
    return out


def arrow_direction(ink: np.ndarray, gap: Opening, xs: np.ndarray, ys: np.ndarray, pitch: float) -> int:
    """+1: an arrow outside the gap points into the maze; -1: out of it; 0: none seen."""
    i = gap.index
    near, far = int(0.12 * pitch), int(2.0 * pitch)
    if gap.side in ("top", "bottom"):
        x0, x1 = int(xs[i] - 0.3 * pitch), int(xs[i + 1] + 0.3 * pitch)
        if gap.side == "top":
            region = ink[max(int(ys[0]) - far, 0): max(int(ys[0]) - near, 0), max(x0, 0):x1][::-1]
        else:
            region = ink[int(ys[-1]) + near: int(ys[-1]) + far, max(x0, 0):x1]
    else:
        y0, y1 = int(ys[i] - 0.3 * pitch), int(ys[i + 1] + 0.3 * pitch)
        if gap.side == "left":
            region = ink[max(y0, 0):y1, max(int(xs[0]) - far, 0): max(int(xs[0]) - near, 0)].T[::-1]
        else:
            region = ink[max(y0, 0):y1, int(xs[-1]) + near: int(xs[-1]) + far].T
    if region.size == 0:
        return 0
    width = np.convolve(region.sum(axis=1).astype(np.float64), np.ones(3) / 3, mode="same")  # by distance out
    rows = np.flatnonzero(width > 0.5)
    if len(rows) < 0.4 * pitch or width.sum() < 0.3 * pitch * max(2.0, 0.04 * pitch):
        return 0
    head = int(np.argmax(width))
    lo, hi = rows[0], rows[-1]
    return 1 if head - lo < hi - head else -1


def endpoints(marks: list[Mark], gaps: list[Opening], arrows: dict[Opening, int], shape: tuple[int, int]
               ) -> tuple[Endpoint, Endpoint, bool]:
    """(start, goal, whether the picture says which is which)."""
    ends: list[tuple[Endpoint, int | None]]
    if len(marks) == 2:
        ends = [(m.cell, m.code) for m in marks]
    elif len(gaps) == 2 and len(marks) != 2:
        ends = [(g, {1: START, -1: GOAL}.get(arrows.get(g, 0))) for g in gaps]
    elif len(gaps) == 1 and len(marks) == 1:
        ends = [(gaps[0], {1: START, -1: GOAL}.get(arrows.get(gaps[0], 0))), (marks[0].cell, marks[0].code)]
    else:
        raise NoGridFound(f"a line maze needs a start and a goal: {len(gaps)} gaps in the outer wall and "
                          f"{len(marks)} marked cells were seen")
    (a, ca), (b, cb) = ends
    if ca == GOAL or cb == START or (ca is None and cb is None and nearer_top_left(b, a, shape)):
        a, b, ca, cb = b, a, cb, ca
    directed = (ca, cb) == (START, GOAL) or (ca is None) != (cb is None)
    return a, b, directed


def nearer_top_left(b: Endpoint, a: Endpoint, shape: tuple[int, int]) -> bool:
    """Is b nearer the top-left than a (the start, when nothing says which end is which)?"""
    kb, ka = endpoint_cell(b, shape), endpoint_cell(a, shape)
    return (kb[0] + kb[1], kb[0]) < (ka[0] + ka[1], ka[0])
