"""Reading puzzles from photos: Sudoku (phone photos of printed grids), mazes (block mazes, and the line
mazes of puzzle books as block mazes), ARC screenshots.

    from solver.vision import read_photo, NoGridFound
    r = read_photo("page.jpg")            # kind=None: ARC if the image is a palette screenshot, else
                                          # Sudoku, else a maze with a marked start and goal
    r.grid, r.confidence, r.corners, r.warped, r.seconds

`read_photo` raises NoGridFound (a PuzzleError, exit status 3 in the CLI) when nothing in the image is
convincingly a grid of the kind, and PuzzleError naming the file when it is not a readable image.
Modules: image_io (loading), grid_find (candidates), lattice (9x9 check, line fit, rectification),
digits (the CNN), sudoku_read, maze_read, line_maze, arc_read, reading (result types); fonts,
synthetic_page, synthetic_photo, synthetic_grids and synthetic_line_maze make the synthetic test images.
Nothing here imports Qt.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from ..puzzles import sudoku
from ..puzzles.base import PuzzleError
from .reading import DIGIT_GRIDS, NoGridFound, PhotoReading

__all__ = ["read_photo", "PhotoReading", "NoGridFound", "KINDS"]
CONFLICT_CONFIDENCE = 0.5    # cells in a rule conflict that the repair could not resolve: at most this
# Diagonal cells' paper this much darker than the rest (sudoku_read.diagonal_shade, a fraction of the
# paper's brightness): a Sudoku X printed with shaded diagonals.
X_SHADE = 0.06


def _looks_like_arc(bgr: np.ndarray) -> bool:
    """A screenshot of an ARC grid: most of the palette-coloured blob is exactly palette colours."""
    from . import arc_read

    f = min(1.0, 640 / max(bgr.shape[:2]))
    if f < 1:      # nearest-neighbour keeps screenshot colours pure
        bgr = cv2.resize(bgr, (max(int(bgr.shape[1] * f), 1), max(int(bgr.shape[0] * f), 1)),
                         interpolation=cv2.INTER_NEAREST)
    try:
        x0, y0, x1, y1 = arc_read.extent(bgr)
    except NoGridFound:
        return False
    crop = bgr[y0:y1, x0:x1].astype(np.float32)
    if crop.shape[0] * crop.shape[1] < 0.15 * bgr.shape[0] * bgr.shape[1]:
        return False
    sample = crop[:: max(crop.shape[0] // 100, 1), :: max(crop.shape[1] // 100, 1)].reshape(-1, 3)
    d = np.linalg.norm(sample[:, None] - arc_read.PALETTE_BGR[None], axis=2).min(1)
    return float(np.mean(d < 20)) > 0.6


def _sudoku(bgr: np.ndarray, source: str, t0: float, classifier, corners: np.ndarray | None = None,
            x: bool = False) -> PhotoReading:
    """A Sudoku, or (x) a Sudoku X: its diagonals join the rules the reading is repaired by.
    Read as a plain Sudoku, shaded diagonals or givens with one solution only under the diagonal rules
    suggest a Sudoku X: details "variant" is then "sudoku-x" and "variant_reason" says why (the reading
    itself stays the plain one's, for the caller to ask the person or to read again as sudoku-x)."""
    from ..puzzles import sudoku_x
    from ..puzzles.sudoku_search import CLASSIC, DIAGONAL
    from . import digits, lattice, sudoku_read

    rules = DIAGONAL if x else CLASSIC
    clf = classifier or digits.bundled()
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    if corners is not None:
        try:
            g = sudoku_read.read_at(gray, corners, clf, rules)
        except lattice.NotAGrid as e:
            raise NoGridFound(f"at the corners given: {e}", source=source, best_corners=corners) from None
    else:
        g, reasons, best = sudoku_read.read_sudoku(gray, clf, rules)
        if g is None:
            raise NoGridFound("no 9x9 Sudoku grid (" + "; ".join(dict.fromkeys(reasons)) + ")", source=source,
                              best_corners=best)
    warped, corners = sudoku_read.upright_view(bgr, g)
    details = {"method": g.method, "quarter_turns": g.turns, "repairs": g.repairs, "proper": g.proper,
               "diagonal_shade": round(g.diagonal_shade, 3)}
    reason = None if x else _variant(g)
    if reason:
        details["variant"], details["variant_reason"] = "sudoku-x", reason
    puzzle = sudoku.SudokuPuzzle(g.grid.copy(), source=source)
    details["problems"] = sudoku_x.validate(puzzle) if x else sudoku.validate(puzzle)
    conf = g.confidence.copy()
    for cells in sudoku_read._conflicts(g.grid, DIAGONAL if x else CLASSIC):
        for rc in cells:
            conf[rc] = min(conf[rc], CONFLICT_CONFIDENCE)
    return PhotoReading("sudoku-x" if x else "sudoku", g.grid.copy(), conf, corners, warped,
                        time.perf_counter() - t0, source, details)


def _variant(g) -> str | None:
    """Why a grid read as a plain Sudoku is a Sudoku X, or None."""
    from ..puzzles.sudoku_search import DIAGONAL
    from . import sudoku_read

    if g.diagonal_shade >= X_SHADE:
        return f"the diagonals are shaded ({g.diagonal_shade:.2f} darker than the other cells)"
    if not g.proper and not sudoku_read._conflicts(g.grid, DIAGONAL) and sudoku_read._proper(g.grid,
                                                                                            rules=DIAGONAL)[0]:
        return "the givens have one solution only when both diagonals hold 1-9"
    return None


def _maze(bgr: np.ndarray, source: str, t0: float) -> PhotoReading:
    """A line maze (thin walls between cells, read as its block maze), else a block maze."""
    from . import line_maze, maze_read

    try:
        m = line_maze.read_line_maze(bgr)
    except NoGridFound as line_miss:
        try:
            grid, conf, corners, rect, marks = maze_read.read_maze(bgr)
        except NoGridFound as block_miss:
            raise NoGridFound(f"{block_miss.reason}; as a line maze: {line_miss.reason}") from None
        return PhotoReading("maze", grid, conf, corners, rect, time.perf_counter() - t0, source,
                            {"method": "block maze", "marks": marks})
    # One start and one goal were found: the two marks a block maze's guess asks for.
    return PhotoReading("maze", m.blocks, m.confidence, m.corners, m.rectified, time.perf_counter() - t0,
                        source, {**m.details, "marks": 2})


def _arc(bgr: np.ndarray, source: str, t0: float) -> PhotoReading:
    from . import arc_read

    grid, conf, corners, crop = arc_read.read_arc(bgr)
    return PhotoReading("arc", grid, conf, corners, crop, time.perf_counter() - t0, source)


def read_photo(image: str | Path | np.ndarray, kind: str | None = None, classifier=None,
               corners: Sequence[Sequence[float]] | np.ndarray | None = None) -> PhotoReading:
    """Read the puzzle in `image` (a path, or an HxW / HxWx3 BGR / HxWx4 array).

    kind: one of KINDS or None (guess; a Sudoku X is told by its shaded diagonals or by its givens). `classifier`: a digits.DigitClassifier to use
    instead of the bundled one. `corners`: the Sudoku grid's outer corners in the photo's pixels (TL TR
    BR BL as seen; 4 (x, y) pairs), placed by the person: the grid is read there instead of looked for
    (NoGridFound.best_corners is the finder's offer)."""
    from .image_io import load_bgr

    t0 = time.perf_counter()
    if kind not in (None, "auto") + KINDS:
        raise PuzzleError(f"unknown kind {kind!r} for a photo; choose one of {', '.join(KINDS)}")
    bgr, source = load_bgr(image)
    if corners is not None:
        if kind not in (None, "auto") and kind not in DIGIT_GRIDS:
            raise PuzzleError(f"corners are read for a Sudoku grid, not a {kind}", source=source)
        quad = check_corners(corners, bgr.shape, source)
        return _sudoku(bgr, source, t0, classifier, quad, DIGIT_GRIDS.get(kind, False))
    try:
        if kind in READERS:
            return READERS[kind](bgr, source, t0, classifier)
        if _looks_like_arc(bgr):
            return _arc(bgr, source, t0)
        try:
            return _sudoku(bgr, source, t0, classifier)
        except NoGridFound as sudoku_miss:
            try:
                m = _maze(bgr, source, t0)
            except NoGridFound:
                raise sudoku_miss from None
            from ..puzzles.maze import GOAL, START
            # Guessing, a maze must be unambiguous: exactly two marked cells, one start, one goal.
            if m.details["marks"] == 2 and (m.grid == START).sum() == 1 and (m.grid == GOAL).sum() == 1 \
                    and m.details.get("solvable", True):
                return m
            raise sudoku_miss from None
    except NoGridFound as e:
        if e.source is None:
            raise NoGridFound(e.reason, source=source, best_corners=e.best_corners) from None
        raise


# The photo reader of each kind (by the names of solver.puzzles' registry); the 9x9 digit grids
# (reading.DIGIT_GRIDS) are also read at corners a person placed.
READERS = {
    **{k: (lambda x: lambda bgr, source, t0, clf: _sudoku(bgr, source, t0, clf, x=x))(x)
       for k, x in DIGIT_GRIDS.items()},
    "maze": lambda bgr, source, t0, clf: _maze(bgr, source, t0),
    "arc": lambda bgr, source, t0, clf: _arc(bgr, source, t0),
}
KINDS = tuple(READERS)


def check_corners(corners: Sequence[Sequence[float]] | np.ndarray, shape: tuple[int, ...], source: str
                  ) -> np.ndarray:
    """Corners given for a grid -> (4, 2) float32 TL TR BR BL as seen; PuzzleError when they are not
    4 points, lie far outside the photo or do not make a convex four-sided outline of some size."""
    from .geometry import is_plausible_quad, order_corners

    try:
        q = np.asarray(corners, np.float64).reshape(4, 2)
    except ValueError:
        raise PuzzleError("corners must be 4 points x1,y1,x2,y2,x3,y3,x4,y4", source=source) from None
    h, w = shape[:2]
    if not np.isfinite(q).all() or (q[:, 0] < -0.1 * w).any() or (q[:, 0] > 1.1 * w).any() or \
            (q[:, 1] < -0.1 * h).any() or (q[:, 1] > 1.1 * h).any():
        raise PuzzleError(f"corners {q.round(1).tolist()} lie outside the {w}x{h} photo", source=source)
    q = order_corners(q)
    if not is_plausible_quad(q, max(0.05 * min(h, w), 16.0), max_aspect=3.0):
        raise PuzzleError("the corners given do not outline a grid (a convex four-sided shape, sides "
                          "of at least 5% of the photo)", source=source)
    return q
