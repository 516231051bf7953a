"""Synthetic images of mazes and ARC grids, for round-trip tests of maze_read and arc_read, and of a
Sudoku without grid lines (read at given corners)."""
from __future__ import annotations

import cv2
import numpy as np

from ..puzzles.maze import GOAL, START, WALL
from .arc_read import PALETTE_BGR
from .geometry import order_corners


def maze_image(grid: np.ndarray, cell: int = 20, marks: str = "colour", frame: int = 3,
               grid_lines: bool = False) -> np.ndarray:
    """A block maze: walls dark, open cells white, start/goal by colour (green/red) or letters S/G,
    inside a dark frame `frame` px wide (0: none) with a white margin around it."""
    rows, cols = grid.shape
    m = cell
    img = np.full((rows * cell + 2 * (m + frame), cols * cell + 2 * (m + frame), 3), 255, np.uint8)
    if frame:
        cv2.rectangle(img, (m, m), (img.shape[1] - m - 1, img.shape[0] - m - 1), (20, 20, 20), -1)
    o = m + frame
    for r in range(rows):
        for c in range(cols):
            x, y = o + c * cell, o + r * cell
            code = grid[r, c]
            colour = (30, 30, 30) if code == WALL else (255, 255, 255)
            if marks == "colour" and code == START:
                colour = (60, 180, 60)
            if marks == "colour" and code == GOAL:
                colour = (50, 50, 220)
            cv2.rectangle(img, (x, y), (x + cell - 1, y + cell - 1), colour, -1)
            if marks == "letters" and code in (START, GOAL):
                ch = "S" if code == START else "G"
                size = cv2.getTextSize(ch, cv2.FONT_HERSHEY_SIMPLEX, cell / 32, max(cell // 12, 1))[0]
                cv2.putText(img, ch, (x + (cell - size[0]) // 2, y + (cell + size[1]) // 2), cv2.FONT_HERSHEY_SIMPLEX,
                            cell / 32, (20, 20, 20), max(cell // 12, 1), cv2.LINE_AA)
            if grid_lines and code != WALL:
                cv2.rectangle(img, (x, y), (x + cell - 1, y + cell - 1), (190, 190, 190), 1)
    return img


def photo_of(img: np.ndarray, rng: np.random.Generator, tilt: float = 0.08, size: tuple[int, int] = (800, 600),
             noise: float = 3.0) -> np.ndarray:
    """The image seen by a camera: a mild perspective, blur, light gradient, noise and JPEG."""
    h, w = img.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    W, H = size
    s = 0.8 * min(W / w, H / h)
    base = np.array([[0, 0], [w * s, 0], [w * s, h * s], [0, h * s]], np.float32)
    base += np.array([(W - w * s) / 2, (H - h * s) / 2], np.float32)
    dst = order_corners(base + rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * min(w, h) * s)
    hom = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(img, hom, (W, H), flags=cv2.INTER_AREA, borderValue=(200, 205, 210))
    out = cv2.GaussianBlur(out, (0, 0), 0.8).astype(np.float32)
    ramp = np.linspace(0.85, 1.05, W, dtype=np.float32)[None, :, None]
    out = np.clip(out * ramp + rng.normal(0, noise, out.shape), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def arc_screenshot(grid: np.ndarray, cell: int = 24, line: int = 1, line_bgr=(85, 85, 85),
                   background=(245, 245, 245), margin: int = 40) -> np.ndarray:
    """An ARC grid as a web page shows it: square cells, thin separator lines, a plain background."""
    rows, cols = grid.shape
    img = np.full((rows * cell + 2 * margin, cols * cell + 2 * margin, 3), background, np.uint8)
    for r in range(rows):
        for c in range(cols):
            x, y = margin + c * cell, margin + r * cell
            img[y:y + cell, x:x + cell] = PALETTE_BGR[grid[r, c]]
            if line:
                cv2.rectangle(img, (x, y), (x + cell - 1, y + cell - 1), line_bgr, line)
    cv2.putText(img, "Test input", (margin, margin // 2 + 6), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (60, 60, 60), 1,
                cv2.LINE_AA)
    return img


def gridless_sudoku(line: str, cell: int = 52, origin: tuple[int, int] = (95, 60),
                    size: tuple[int, int] = (640, 600)) -> tuple[np.ndarray, np.ndarray]:
    """(BGR image, its grid corners TL TR BR BL): a Sudoku's digits on paper without any grid lines, which
    no finder can find, for reading at given corners."""
    w, h = size
    img = np.full((h, w, 3), 245, np.uint8)
    x0, y0 = origin
    for i, ch in enumerate(line):
        if ch not in "0.":
            r, c = divmod(i, 9)
            cv2.putText(img, ch, (x0 + c * cell + int(0.29 * cell), y0 + r * cell + int(0.77 * cell)),
                        cv2.FONT_HERSHEY_DUPLEX, cell / 43, (30, 30, 30), 2, cv2.LINE_AA)
    s = 9 * cell
    return img, np.array([[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]], np.float32)
