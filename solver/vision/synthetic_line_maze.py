"""Puzzle-book line mazes (thin walls between cells) as scans and phone photos, for tests and the
benchmark (`python -m training.line_maze_eval`): a random perfect maze of 4-14 x 4-14 cells, printed in
one of several book styles (line weight, ink, paper, square or round joints, a title and a number beside
it), its start and goal shown as gaps in the outer wall (plain, or with arrows in and out), letters S
and G, coloured dots, or two black dots; then scanned (a small turn, paper grain) or photographed (the
camera's tilt, turn and distance, a slightly bowed page, uneven light and shadows, blur, noise, JPEG).

The expected reading is the block maze `line_maze_types.to_blocks` makes of the same walls.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..puzzles.maze import GOAL, START
from .line_maze_ends import nearer_top_left
from .line_maze_types import LineMaze, Opening, to_blocks
from .synthetic_page import Page
from .synthetic_photo import render_photo

STYLES = ("gaps", "arrows", "letters", "colour", "dots")
SS = 2                     # drawn at twice the size, then shrunk: smooth edges like print


@dataclass(frozen=True)
class LineMazePhoto:
    image: np.ndarray          # BGR uint8
    maze: LineMaze             # the walls and endpoints drawn
    blocks: np.ndarray         # the expected block maze
    corners: np.ndarray        # the maze's outer corners in the image (TL TR BR BL)
    style: str
    note: str
    directed: bool             # the image says which end is the start (arrows, letters, colours)
    scan: bool                 # a scan (else a phone photo)


def perfect_maze(rng: np.random.Generator, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """(right, down) walls of a random spanning tree of the h x w cells (depth-first, so long corridors
    as in printed mazes): right[r, c] is the wall between (r, c) and (r, c + 1), down[r, c] the one
    between (r, c) and (r + 1, c)."""
    right = np.ones((h, w - 1), bool)
    down = np.ones((h - 1, w), bool)
    seen = np.zeros((h, w), bool)
    stack = [(int(rng.integers(h)), int(rng.integers(w)))]
    seen[stack[0]] = True
    while stack:
        r, c = stack[-1]
        nbrs = [(r + dr, c + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
                if 0 <= r + dr < h and 0 <= c + dc < w and not seen[r + dr, c + dc]]
        if not nbrs:
            stack.pop()
            continue
        rr, cc = nbrs[int(rng.integers(len(nbrs)))]
        if rr == r:
            right[r, min(c, cc)] = False
        else:
            down[min(r, rr), c] = False
        seen[rr, cc] = True
        stack.append((rr, cc))
    return right, down


def _outer_openings(rng: np.random.Generator, h: int, w: int) -> tuple[Opening, Opening]:
    """Two gaps on different sides, as puzzle books put them (often top and bottom, or left and right)."""
    pairs = [("top", "bottom"), ("left", "right"), ("top", "right"), ("left", "bottom"), ("top", "left"),
             ("bottom", "right")]
    sides = pairs[int(rng.integers(2 if rng.random() < 0.5 else len(pairs)))]
    out = []
    for side in sides:
        n = w if side in ("top", "bottom") else h
        out.append(Opening(side, int(rng.integers(n))))
    return out[0], out[1]


def random_line_maze(rng: np.random.Generator, style: str, h: int | None = None, w: int | None = None) -> LineMaze:
    h = h or int(rng.integers(4, 15))
    w = w or int(rng.integers(4, 15))
    right, down = perfect_maze(rng, h, w)
    if style in ("gaps", "arrows"):
        a, b = _outer_openings(rng, h, w)
        return LineMaze(right, down, start=a, goal=b)
    cells = rng.choice(h * w, 2, replace=False)
    (sr, sc), (gr, gc) = divmod(int(cells[0]), w), divmod(int(cells[1]), w)
    m = LineMaze(right, down, start=(sr, sc), goal=(gr, gc))
    return _gap_order(m) if style == "dots" else m   # two dots do not say: the upper-left one starts


def _gap_order(m: LineMaze) -> LineMaze:
    """Undirected ends (gaps, two dots): the reader calls the one nearer the top-left the start (the path is
    the same)."""
    if nearer_top_left(m.goal, m.start, m.shape):
        return LineMaze(m.right, m.down, start=m.goal, goal=m.start)
    return m


def _ink_colour(rng: np.random.Generator) -> tuple[int, int, int]:
    base = [(20, 20, 20), (45, 45, 45), (80, 30, 20), (30, 40, 70), (10, 10, 10)][int(rng.integers(5))]
    return tuple(int(np.clip(v + rng.integers(-10, 11), 0, 255)) for v in base)  # type: ignore[return-value]


def _paper(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Paper: a tint (white, cream, newsprint), low-frequency blotches and fine grain."""
    tint = np.array([(250, 250, 250), (225, 240, 248), (205, 212, 214), (235, 238, 236)][int(rng.integers(4))],
                    np.float32)
    h, w = shape
    low = cv2.resize(rng.normal(0, 1, (max(h // 64, 2), max(w // 64, 2))).astype(np.float32), (w, h),
                     interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.8)
    img = tint[None, None] + (low * rng.uniform(2, 8) + grain * rng.uniform(2, 9))[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


def _arrow(img: np.ndarray, tail: np.ndarray, head: np.ndarray, colour, width: int) -> None:
    tail, head = tail.astype(np.float64), head.astype(np.float64)
    d = (head - tail) / max(np.linalg.norm(head - tail), 1e-6)
    n = np.array([-d[1], d[0]])
    size = np.linalg.norm(head - tail) * 0.4
    cv2.line(img, tuple(np.int32(tail)), tuple(np.int32(head - d * size * 0.5)), colour, width, cv2.LINE_AA)
    tri = np.array([head, head - d * size + n * size * 0.55, head - d * size - n * size * 0.55], np.int32)
    cv2.fillPoly(img, [tri], colour, cv2.LINE_AA)


def _star(img: np.ndarray, c: np.ndarray, r: float, colour) -> None:
    ang = np.arange(10) * np.pi / 5 - np.pi / 2
    rad = np.where(np.arange(10) % 2 == 0, r, r * 0.45)
    pts = np.c_[c[0] + rad * np.cos(ang), c[1] + rad * np.sin(ang)].astype(np.int32)
    cv2.fillPoly(img, [pts], colour, cv2.LINE_AA)


def draw_page(rng: np.random.Generator, m: LineMaze, style: str) -> tuple[np.ndarray, np.ndarray, float]:
    """(page BGR, maze corners on the page, cell pitch on the page)."""
    h, w = m.shape
    pitch = float(rng.uniform(18, 46)) * SS
    margin = pitch * 2.6
    W, H = int(w * pitch + 2 * margin), int(h * pitch + 2 * margin + pitch)
    img = _paper(rng, (H, W))
    ink = _ink_colour(rng)
    lw = max(int(round(pitch * rng.uniform(0.05, 0.16))), 2)
    x0, y0 = margin, margin + pitch
    X = x0 + np.arange(w + 1) * pitch
    Y = y0 + np.arange(h + 1) * pitch
    segs: list[tuple[float, float, float, float]] = []
    for r in range(h):
        for c in range(w - 1):
            if m.right[r, c]:
                segs.append((X[c + 1], Y[r], X[c + 1], Y[r + 1]))
    for r in range(h - 1):
        for c in range(w):
            if m.down[r, c]:
                segs.append((X[c], Y[r + 1], X[c + 1], Y[r + 1]))
    gaps = {e for e in (m.start, m.goal) if isinstance(e, Opening)}
    for c in range(w):
        for side, y in (("top", Y[0]), ("bottom", Y[h])):
            if Opening(side, c) not in gaps:
                segs.append((X[c], y, X[c + 1], y))
    for r in range(h):
        for side, x in (("left", X[0]), ("right", X[w])):
            if Opening(side, r) not in gaps:
                segs.append((x, Y[r], x, Y[r + 1]))
    round_joints = rng.random() < 0.5
    for xa, ya, xb, yb in segs:
        cv2.line(img, (int(xa), int(ya)), (int(xb), int(yb)), ink, lw, cv2.LINE_AA)
        if round_joints:
            for x, y in ((xa, ya), (xb, yb)):
                cv2.circle(img, (int(x), int(y)), lw // 2, ink, -1, cv2.LINE_AA)
        else:   # square joints: the corners filled, no notch where two walls meet
            for x, y in ((xa, ya), (xb, yb)):
                cv2.rectangle(img, (int(x - lw / 2), int(y - lw / 2)), (int(x + lw / 2), int(y + lw / 2)), ink, -1)
    font = [cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_TRIPLEX][int(rng.integers(3))]
    title = ["MAZE", "Maze No. %d" % rng.integers(1, 200), "Puzzle %d" % rng.integers(1, 99), "LABYRINTH"]
    cv2.putText(img, title[int(rng.integers(4))], (int(x0), int(y0 - pitch * 2.4)), font, pitch / 40, ink,
                max(lw // 2, 2), cv2.LINE_AA)
    if style == "arrows":
        for end, inward in ((m.start, True), (m.goal, False)):
            a, b = _outside(end, X, Y, pitch)
            _arrow(img, a if inward else b, b if inward else a, ink, max(lw, 3))
    elif style in ("letters", "colour", "dots"):
        for end, code in ((m.start, START), (m.goal, GOAL)):
            r, c = end  # type: ignore[misc]
            cen = np.array([(X[c] + X[c + 1]) / 2, (Y[r] + Y[r + 1]) / 2])
            if style == "letters":
                ch = "S" if code == START else "G"
                scale = pitch * rng.uniform(0.5, 0.65) / 22
                (tw, th), _ = cv2.getTextSize(ch, font, scale, max(lw // 2, 2))
                cv2.putText(img, ch, (int(cen[0] - tw / 2), int(cen[1] + th / 2)), font, scale, ink,
                            max(lw // 2, 2), cv2.LINE_AA)
            elif style == "colour":
                col = [(60, 170, 40), (200, 120, 30)][int(rng.integers(2))] if code == START else \
                    [(40, 40, 210), (30, 120, 235), (160, 40, 200)][int(rng.integers(3))]
                cv2.circle(img, tuple(np.int32(cen)), int(pitch * rng.uniform(0.22, 0.32)), col, -1, cv2.LINE_AA)
            else:
                rad = pitch * rng.uniform(0.18, 0.3)
                if rng.random() < 0.5:
                    cv2.circle(img, tuple(np.int32(cen)), int(rad), ink, -1, cv2.LINE_AA)
                else:
                    _star(img, cen, rad * 1.3, ink)
    corners = np.array([[X[0], Y[0]], [X[w], Y[0]], [X[w], Y[h]], [X[0], Y[h]]], np.float32)
    img = cv2.resize(img, (W // SS, H // SS), interpolation=cv2.INTER_AREA)
    return img, corners / SS, pitch / SS


def _outside(end: Opening, X: np.ndarray, Y: np.ndarray, pitch: float) -> tuple[np.ndarray, np.ndarray]:
    """(far point, near point) of an arrow outside a gap, pointing at the gap."""
    i = end.index
    near, far = pitch * 0.3, pitch * 1.8
    if end.side in ("top", "bottom"):
        x = (X[i] + X[i + 1]) / 2
        y, s = (Y[0], -1) if end.side == "top" else (Y[-1], 1)
        return np.array([x, y + s * far]), np.array([x, y + s * near])
    y = (Y[i] + Y[i + 1]) / 2
    x, s = (X[0], -1) if end.side == "left" else (X[-1], 1)
    return np.array([x + s * far, y]), np.array([x + s * near, y])


def line_maze_photo(rng: np.random.Generator, style: str | None = None, scan: bool | None = None,
                    h: int | None = None, w: int | None = None) -> LineMazePhoto:
    """A scan or a phone photo of a printed line maze, with the block maze it should read as."""
    style = style or STYLES[int(rng.integers(len(STYLES)))]
    scan = bool(rng.random() < 0.35) if scan is None else scan
    m = random_line_maze(rng, style, h, w)
    page, corners, pitch = draw_page(rng, m, style)
    directed = style in ("arrows", "letters", "colour")
    if style == "gaps":
        m = _gap_order(m)
    if scan:
        ph, pw = page.shape[:2]
        turn = rng.uniform(-4, 4)
        rot = cv2.getRotationMatrix2D((pw / 2, ph / 2), turn, 1.0)
        img = cv2.warpAffine(page, rot, (pw, ph), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        quad = cv2.transform(corners[None], rot)[0]
        f = rng.uniform(0.8, 1.6) * 900 / max(ph, pw)
        img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 0.9))
        img = np.clip(img.astype(np.float32) + rng.normal(0, rng.uniform(1, 4), img.shape), 0, 255).astype(np.uint8)
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 95))])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        note = f"scan, turned {turn:.1f} deg"
        quad = quad * f
    else:
        size = [(1600, 1200), (1200, 1600), (1024, 768), (640, 480), (2000, 1500)][int(rng.integers(5))]
        tilt, turn = rng.uniform(0, 28), rng.uniform(-15, 15)
        # The camera frames the maze with what is printed around it (arrows, marks by the gaps).
        c = corners.mean(0)
        framed = c + (corners - c) * (1 + 4.4 * pitch / np.linalg.norm(corners[2] - corners[0]) * np.sqrt(2))
        img, box = render_photo(rng, Page(page, framed.astype(np.float32), pitch), size, turn, tilt,
                                rng.uniform(0, 0.12), rng.uniform(0.5, 0.85))
        hom = cv2.getPerspectiveTransform(framed.astype(np.float32), np.asarray(box, np.float32))
        quad = cv2.perspectiveTransform(corners.reshape(-1, 1, 2).astype(np.float64), hom).reshape(4, 2)
        note = f"photo {size[0]}x{size[1]}, tilt {tilt:.0f} deg, turn {turn:.0f} deg"
    return LineMazePhoto(img, m, to_blocks(m), np.asarray(quad, np.float32), style,
                         f"{style}, {m.shape[0]}x{m.shape[1]} cells, {note}", directed, scan)

