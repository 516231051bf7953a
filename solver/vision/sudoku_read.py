"""A Sudoku from a photo: candidates -> 9x9 lattice check -> cells -> digits, in the orientation whose
digits read best, with conflicting low-confidence cells repaired by the rules.

Detection runs on the photo scaled to at most grid_find.DETECT_MAX px; each surviving candidate is then
fitted and rectified from the full-resolution photo (a crop of it brought to about 1.5x the rectified
size with area averaging, so a 12 MP photo is neither aliased nor slow).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import cv2
import numpy as np

from ..puzzles.sudoku_search import CLASSIC, Rules, search
from . import digits, grid_find, lattice
from .geometry import CELL_MARGIN, CELL_PX, apply_homography, homography_to_square, quad_area
from .image_io import downscale

DETECT_MIN = 640           # smaller photos are enlarged to this for detection
READ_TOP = 3               # candidates read in full (the rest only if these fail the lattice check)
MIN_GIVENS = 17            # fewer digits cannot make a proper Sudoku: a grid with fewer is not read as one
# More cells of letters/symbols than both of these: a grid of something else (a half-solved puzzle's
# handwriting can put a few messy digits there).
MAX_OTHER, MAX_OTHER_SHARE = 6, 0.25
BLANK_SURE = 0.97          # a cell this surely blank in the upright pass is blank in every orientation
SOLID_CELLS = 3            # this many solid-ink cells: a crossword's black squares, not a Sudoku
REPAIR_BELOW = 0.9         # only cells read with less confidence are changed to resolve a conflict
# The rules' answer for an unsure cell, when the sure cells have exactly one solution: a digit that
# contradicts it becomes the solution's digit if the digits together are likelier than a blank and that
# digit has at least SOLUTION_MIN_P, else a blank; a blank becomes the solution's digit if that has
# SOLUTION_INK_P.
SOLUTION_MIN_P, SOLUTION_INK_P = 0.01, 0.25
SOLUTION_MAX_NODES = 3000  # search bound: a few tens of ms; beyond it the sure cells decide nothing
SUSPECTS = 30              # sure cells, least confident first, tried as the one misread among them
# When the reading is still no proper puzzle (one solution): the likeliest other readings of its unsure
# cells (each cell's classes of at least PROPER_MIN_P, at most PROPER_CHOICES of them) are tried, at
# most PROPER_TRIES and PROPER_NODES search nodes in all (about 0.15 ms a node), and the first proper one
# is kept.
PROPER_MIN_P, PROPER_CHOICES, PROPER_TRIES, PROPER_NODES = 0.05, 3, 150, 2000


@dataclass(frozen=True)
class GridRead:
    grid: np.ndarray           # (9, 9) int8
    confidence: np.ndarray     # (9, 9) float32
    turns: int                 # quarter turns (np.rot90) applied to make the grid upright
    points: np.ndarray         # (10, 10, 2) cell corners in the crop `box`, as found (not turned)
    box: tuple                 # (x0, y0, x1, y1, scale) of the photo crop the points refer to
    score: float               # orientation score (mean log-confidence of the digit cells)
    n_other: int
    repairs: list[str]
    method: str
    lattice_score: float
    proper: bool               # the grid read has exactly one solution, as a printed Sudoku does
    diagonal_shade: float = 0.0  # the diagonals' paper darker than the rest by this (diagonal_shade)


def _box_for(shape: tuple[int, ...], corners_full: np.ndarray) -> tuple[int, int, int, int, float]:
    """(x0, y0, x1, y1, scale): the photo region around the grid and the scale that brings the grid to
    about 1.5x its rectified size (never enlarged)."""
    side = np.sqrt(quad_area(corners_full))
    f = min(1.0, 1.5 * 9 * CELL_PX / max(side, 1.0))
    h, w = shape[:2]
    pad = side * 0.2
    x0, y0 = (max(int(v - pad), 0) for v in corners_full.min(0))
    x1, y1 = int(min(corners_full[:, 0].max() + pad, w)), int(min(corners_full[:, 1].max() + pad, h))
    return x0, y0, x1, y1, (f if f < 0.9 else 1.0)


def _crop(img: np.ndarray, box: tuple[int, int, int, int, float]) -> np.ndarray:
    x0, y0, x1, y1, f = box
    crop = img[y0:y1, x0:x1]
    if f != 1.0:
        crop = cv2.resize(crop, (max(int((x1 - x0) * f), 1), max(int((y1 - y0) * f), 1)), interpolation=cv2.INTER_AREA)
    return crop


def _cells(gray_rect: np.ndarray) -> list[np.ndarray]:
    m = lattice.M // 2
    out = []
    for r in range(9):
        for c in range(9):
            y, x = m + r * CELL_PX, m + c * CELL_PX
            out.append(gray_rect[y + CELL_MARGIN: y + CELL_PX - CELL_MARGIN, x + CELL_MARGIN: x + CELL_PX - CELL_MARGIN])
    return out


def _classify_turns(crops: list[np.ndarray], clf: digits.DigitClassifier) -> np.ndarray:
    """(4, 81, 11): class probabilities of each cell's content turned k quarter turns; cells that are
    surely blank upright are not run again."""
    contrast = digits.ink_contrast(crops)
    base = digits.prepare(crops, contrast)
    p0 = clf.probs(base)
    out = np.repeat(p0[None], 4, axis=0)
    busy = np.nonzero(p0[:, digits.BLANK] < BLANK_SURE)[0]
    if len(busy):
        turned = np.concatenate([np.rot90(base[busy], k, axes=(2, 3)) for k in (1, 2, 3)])
        pk = clf.probs(turned).reshape(3, len(busy), digits.N_CLASSES)
        out[1:, busy] = pk
    return out


def _decide(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(9, 9, 11) -> grid and confidence: the best of blank and 1-9 ('other' is never a reading, but its
    mass lowers the confidence)."""
    p = probs[..., :10]
    grid = p.argmax(-1).astype(np.int8)
    return grid, p.max(-1).astype(np.float32)


def _conflicts(grid: np.ndarray, rules: Rules = CLASSIC) -> list[list[tuple[int, int]]]:
    """The cells of each digit repeated in a unit (rows, columns, boxes; a variant's `rules` add more)."""
    out = []
    for unit in rules.units:
        u = [divmod(i, 9) for i in unit]
        seen: dict[int, list[tuple[int, int]]] = {}
        for rc in u:
            if grid[rc]:
                seen.setdefault(int(grid[rc]), []).append(rc)
        out.extend(v for v in seen.values() if len(v) > 1)
    return out


def _sure_clashes(grid: np.ndarray, conf: np.ndarray, rules: Rules = CLASSIC) -> np.ndarray:
    """(9, 9) bool: cells of a digit twice in a unit, every time read surely: one of them is wrong, but
    which is not known. (Where one of them is unsure, that one is the suspect.)"""
    clashing = np.zeros((9, 9), bool)
    for cells in _conflicts(grid, rules):
        if min(conf[rc] for rc in cells) >= REPAIR_BELOW:
            for rc in cells:
                clashing[rc] = True
    return clashing


def _solutions(grid: np.ndarray, max_nodes: int = SOLUTION_MAX_NODES, rules: Rules = CLASSIC
               ) -> tuple[list[list[int]] | None, int]:
    """(up to two solutions of `grid` (0 = blank), flat; None if the search ran past `max_nodes`: too
    much work to tell; the search nodes it took)."""
    found, stats = search(grid.reshape(81).tolist(), limit=2, max_nodes=max_nodes, rules=rules)
    return (None if stats.nodes > max_nodes else found), stats.nodes


def _proper(grid: np.ndarray, max_nodes: int = SOLUTION_MAX_NODES, rules: Rules = CLASSIC) -> tuple[bool, int]:
    """(whether `grid` has exactly one solution, as a printed Sudoku does; the search nodes it took)."""
    found, nodes = _solutions(grid, max_nodes, rules)
    return found is not None and len(found) == 1, nodes


def _solution_repair(grid: np.ndarray, conf: np.ndarray, probs: np.ndarray, rules: Rules = CLASSIC) -> list[str]:
    """Unsure cells read against the one solution the sure cells allow.

    A puzzle's printed givens and correct entries agree with its unique solution, so when the cells read
    with at least REPAIR_BELOW confidence (and in no clash of sure duplicates) pin down exactly one solution,
    an unsure or doubted cell's choice is between what it was read as and that solution's digit; a
    handwritten 9 with a small loop read as a 1 at 0.5 becomes a 9. Sure cells that allow no solution
    may hold one misreading, which is looked for. Changed cells keep a confidence under REPAIR_BELOW, so
    the person still confirms them."""
    doubted = _sure_clashes(grid, conf, rules)     # sure cells one of which is misread
    sure = (grid > 0) & (conf >= REPAIR_BELOW) & ~doubted
    unsure = np.argwhere((conf < REPAIR_BELOW) | doubted)
    found, _ = _solutions(np.where(sure, grid, 0), rules=rules)
    if found == []:
        # The sure cells contradict each other without a duplicate: one of them, misread with high
        # confidence, may be the cause. The least confident sure cell whose removal leaves exactly one
        # solution is let go (a handwritten 4 read as a 6 at 0.98).
        for rc in sorted(map(tuple, np.argwhere(sure)), key=lambda rc: conf[rc])[:SUSPECTS]:
            trial = sure.copy()
            trial[rc] = False
            found, _ = _solutions(np.where(trial, grid, 0), rules=rules)
            if found is not None and len(found) == 1:
                doubted[rc] = True
                unsure = np.argwhere((conf < REPAIR_BELOW) | doubted)
                break
    if found is None or len(found) != 1:
        return []
    sol = np.array(found[0], np.int8).reshape(9, 9)
    notes = []
    for r, c in unsure:
        old, want, p = int(grid[r, c]), int(sol[r, c]), probs[r, c]
        if old == want:
            continue
        if old:
            # Ink read as some digit: the only digit the solution allows there, unless blank is likelier
            # than all the digits together (a handwritten 9 read as a 4 is still a written digit) or the
            # classifier rules that digit out.
            inked = p[1:10].sum() >= p[digits.BLANK] and (p[want] >= SOLUTION_MIN_P or doubted[r, c])
            new = want if inked else digits.BLANK
            if p[new] < SOLUTION_MIN_P and not doubted[r, c]:
                continue
        elif p[want] >= SOLUTION_INK_P:
            new = want
        else:
            continue
        grid[r, c] = new
        conf[r, c] = min(float(p[new]), conf[r, c])
        notes.append(f"r{r + 1}c{c + 1}: {old or 'blank'} -> {new or 'blank'} (the solution)")
    return notes


def _proper_repair(grid: np.ndarray, conf: np.ndarray, probs: np.ndarray, rules: Rules = CLASSIC) -> list[str]:
    """A printed Sudoku has exactly one solution. When the reading has none or several, try the likeliest
    other readings of the unsure cells (best first by the product of the classifier's probabilities)
    and keep the first with exactly one: a blurred 5 read as an 8 at 0.4 that makes the puzzle
    unsolvable gives way to the 5 it was at 0.35."""
    clashing = _sure_clashes(grid, conf, rules)
    unsure = [tuple(rc) for rc in np.argwhere((conf < REPAIR_BELOW) | clashing)]
    if not unsure or _proper(grid, rules=rules)[0]:
        return []
    # Per cell: its choices (the reading first), and the log-probability each costs against the reading;
    # a cell of a sure clash takes its next readings however unlikely, since it or its twin is wrong.
    choices, costs = [], []
    for rc in unsure:
        p = probs[rc][:10]
        floor = 0.0 if clashing[rc] else PROPER_MIN_P
        order = [int(grid[rc])] + [int(d) for d in np.argsort(-p) if d != grid[rc] and p[d] >= floor]
        order = order[:PROPER_CHOICES]
        choices.append(order)
        costs.append([float(np.log(p[order[0]] + 1e-9) - np.log(p[d] + 1e-9)) for d in order])
    # Best-first over combinations (each cell's choice index), the all-zero one (the reading) excluded.
    start = (0,) * len(unsure)
    heap, seen = [], {start}

    def push(idx: tuple[int, ...]) -> None:
        for i in range(len(idx)):
            if idx[i] + 1 < len(choices[i]):
                nxt = idx[:i] + (idx[i] + 1,) + idx[i + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (sum(costs[j][k] for j, k in enumerate(nxt)), nxt))
    push(start)
    budget = PROPER_NODES
    for _ in range(PROPER_TRIES):
        if not heap or budget <= 0:
            break
        _, idx = heapq.heappop(heap)
        trial = grid.copy()
        for rc, opts, k in zip(unsure, choices, idx):
            trial[rc] = opts[k]
        proper, nodes = _proper(trial, budget, rules)
        budget -= nodes
        if proper:
            notes = []
            for rc, opts, k in zip(unsure, choices, idx):
                if k:
                    old, new = int(grid[rc]), opts[k]
                    grid[rc] = new
                    conf[rc] = min(float(probs[rc][new]), conf[rc])
                    notes.append(f"r{rc[0] + 1}c{rc[1] + 1}: {old or 'blank'} -> {new or 'blank'} "
                                 "(the likeliest proper puzzle)")
            return notes
        push(idx)
    return []


def _repair(grid: np.ndarray, conf: np.ndarray, probs: np.ndarray, rules: Rules = CLASSIC) -> list[str]:
    """Resolve duplicate givens by changing the least confident cell of each clash to its next-best
    reading, when that cell was read with less than REPAIR_BELOW confidence."""
    notes = []
    for _ in range(6):
        clashes = _conflicts(grid, rules)
        if not clashes:
            break
        cells = {rc for cl in clashes for rc in cl}
        r, c = min(cells, key=lambda rc: conf[rc])
        if conf[r, c] >= REPAIR_BELOW:
            break
        order = np.argsort(-probs[r, c, :10])
        old = int(grid[r, c])
        for cand in order[1:]:
            trial = grid.copy()
            trial[r, c] = cand
            if len(_conflicts(trial, rules)) < len(clashes):
                grid[r, c] = cand
                conf[r, c] = min(float(probs[r, c, cand]), conf[r, c])
                notes.append(f"r{r + 1}c{c + 1}: {old} -> {int(cand)} (rules)")
                break
        else:
            break
    return notes


def read_candidate(gray_full: np.ndarray, cand_full: np.ndarray, method: str,
                   clf: digits.DigitClassifier, rules: Rules = CLASSIC) -> GridRead:
    """Fit, rectify and read one candidate (corners in full-resolution coordinates); raises
    lattice.NotAGrid."""
    box = _box_for(gray_full.shape, cand_full)
    crop = _crop(gray_full, box)
    off, f = np.array(box[:2], np.float64), box[4]
    lat = lattice.fit(crop, (cand_full - off) * f)
    return _read_lattice(crop, box, lat, method, clf, rules)


def read_at(gray_full: np.ndarray, corners: np.ndarray, clf: digits.DigitClassifier,
            rules: Rules = CLASSIC) -> GridRead:
    """Read the grid whose outer corners (TL TR BR BL, full resolution) the person placed. Its lines are
    tracked from there when they can be ("corners+lines"); else the cells are where the corners alone
    put them ("corners": a plain perspective mesh). Raises lattice.NotAGrid only for a crossword."""
    corners = np.asarray(corners, np.float64).reshape(4, 2)
    box = _box_for(gray_full.shape, corners)
    crop = _crop(gray_full, box)
    off, f = np.array(box[:2], np.float64), box[4]
    local = (corners - off) * f
    try:
        lat, method = lattice.fit(crop, local), "corners+lines"
    except lattice.NotAGrid:
        hom = homography_to_square(local, 9 * CELL_PX, 0.0)
        mesh = np.stack(np.meshgrid(np.arange(10.0), np.arange(10.0)), -1) * CELL_PX   # [row][col] -> (x, y)
        lat, method = lattice.Lattice(apply_homography(np.linalg.inv(hom), mesh), 0.0, 0.0), "corners"
    return _read_lattice(crop, box, lat, method, clf, rules)


def _read_lattice(crop: np.ndarray, box: tuple, lat: lattice.Lattice, method: str,
                  clf: digits.DigitClassifier, rules: Rules = CLASSIC) -> GridRead:
    """Rectify a fitted lattice of the photo crop `box` and read its 81 cells, repaired by `rules` (a
    variant's: Sudoku X adds the diagonals); raises lattice.NotAGrid for a crossword."""
    gray_rect = lattice.rectify(crop, lat.points)
    crops = _cells(gray_rect)
    # Paper level around each cell (a closing wider than a cell fills solid squares but not shadows).
    paper = cv2.morphologyEx(gray_rect, cv2.MORPH_CLOSE, np.ones((2 * CELL_PX + 1, 2 * CELL_PX + 1), np.uint8))
    rel = gray_rect.astype(np.float32) / np.maximum(paper.astype(np.float32), 1)
    # Solid: even the brightest tenth of the cell is dark (shading, halftone or shadow is not).
    rel_cells = _cells(rel)
    solid = sum(float(np.percentile(c, 90)) < 0.35 for c in rel_cells)
    if solid >= SOLID_CELLS:
        raise lattice.NotAGrid(f"{solid} solid black cells: a crossword, not a Sudoku", lat.present)
    probs4 = _classify_turns(crops, clf).reshape(4, 9, 9, digits.N_CLASSES)
    best = None
    for k in range(4):
        # Turning the picture k quarter turns moves cell (r, c) and turns its content by k.
        p = np.rot90(probs4[k], k, axes=(0, 1))
        digit_best = p[..., 1:10].max(-1)
        inked = p[..., digits.BLANK] < 0.5
        score = float(np.mean(np.log(digit_best[inked] + 1e-4))) if inked.any() else -10.0
        if best is None or score > best[0]:
            best = (score, k, p)
    score, k, p = best
    grid, conf = _decide(p)
    repairs = _solution_repair(grid, conf, p, rules)
    repairs += _proper_repair(grid, conf, p, rules)
    repairs += _repair(grid, conf, p, rules)
    n_other = int(np.sum(p.argmax(-1) == digits.OTHER))
    return GridRead(grid, conf, k, lat.points, box, score, n_other, repairs, method, lat.score,
                    _proper(grid, rules=rules)[0], diagonal_shade(rel_cells))


def diagonal_shade(rel_cells: list[np.ndarray]) -> float:
    """How much darker the paper of the diagonals' cells is than that of the other cells of the same boxes,
    in the box where it is least (0: not at all; printed Sudoku X grids often shade the diagonals).
    Compared within each of the five boxes the diagonals cross, so that shaded boxes are not taken for
    shaded diagonals, and the least of the five, so that light falling off across a photo is not either;
    the median of a cell is its paper, not its digit; the diagonals are the same cells in every quarter turn."""
    paper = np.array([float(np.median(c)) for c in rel_cells]).reshape(9, 9)
    on = np.eye(9, dtype=bool) | np.fliplr(np.eye(9, dtype=bool))
    diffs = []
    for br, bc in ((0, 0), (0, 2), (1, 1), (2, 0), (2, 2)):
        box, mask = paper[br * 3:br * 3 + 3, bc * 3:bc * 3 + 3], on[br * 3:br * 3 + 3, bc * 3:bc * 3 + 3]
        diffs.append(np.median(box[~mask]) - np.median(box[mask]))
    return float(min(diffs))


def upright_view(bgr: np.ndarray, g: GridRead) -> tuple[np.ndarray, np.ndarray]:
    """(the colour grid rectified and turned upright, its 4 corners in the photo: TL TR BR BL upright)."""
    x0, y0, _, _, f = g.box
    warped = np.ascontiguousarray(np.rot90(lattice.rectify(_crop(bgr, g.box), g.points), g.turns))
    pts = np.rot90(g.points / f + np.array([x0, y0]), g.turns, axes=(0, 1))
    corners = np.array([pts[0, 0], pts[0, 9], pts[9, 9], pts[9, 0]], np.float32)
    return warped, corners


def read_sudoku(gray_full: np.ndarray, clf: digits.DigitClassifier, rules: Rules = CLASSIC
                ) -> tuple[GridRead | None, list[str], np.ndarray | None]:
    """(the best-reading Sudoku in the photo or None, the reasons each candidate was turned down, and
    when none was read the corners of the candidate that came nearest to a grid, for the person to
    correct: a 9x9 grid of too few digits, else the one with the most of its lines seen)."""
    small, scale = downscale(gray_full, grid_find.DETECT_MAX)
    if max(small.shape) < DETECT_MIN:
        # A small photo (a 324 px crop, a 320x240 phone) is looked at larger: the finders' thresholds and
        # line-length limits are in pixels, and the thin lines of a small grid are a pixel wide.
        scale = DETECT_MIN / max(small.shape)
        small = cv2.resize(small, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    cands = grid_find.find_candidates(small)
    reasons: list[str] = []
    reads: list[GridRead] = []
    nearest: tuple[float, np.ndarray] | None = None     # (how near to a grid, corners)

    def near(evidence: float, corners: np.ndarray) -> None:
        nonlocal nearest
        if nearest is None or evidence > nearest[0]:    # ties: the earlier, larger candidate
            nearest = (evidence, corners)
    for cand in cands:
        if len(reads) >= READ_TOP:
            break
        corners = cand.corners / scale
        try:
            g = read_candidate(gray_full, corners, cand.method, clf, rules)
        except lattice.NotAGrid as e:
            reasons.append(f"{cand.method}: {e}")
            near(e.present, corners)
            continue
        n = int(np.count_nonzero(g.grid))
        if n < MIN_GIVENS:
            reasons.append(f"{cand.method}: a 9x9 grid with only {n} digits")
        elif g.n_other > max(MAX_OTHER, MAX_OTHER_SHARE * n):
            reasons.append(f"{cand.method}: a 9x9 grid of letters or symbols, not digits")
        else:
            reads.append(g)
            continue
        near(1.0 + g.lattice_score, corners)
    if not reads:
        return None, reasons or ["no four-sided grid outline, cell lattice or line family in the photo"], \
            None if nearest is None else nearest[1].astype(np.float32)
    return _choose(reads), reasons, None


def _choose(reads: list[GridRead]) -> GridRead:
    """Several finders often return the same grid: keep its best reading, a proper puzzle before any
    other. Of different grids (a page with two puzzles) take the largest in the photo, the one the photo
    was taken of."""
    def centre_side(g: GridRead) -> tuple[np.ndarray, float]:
        p = g.points / g.box[4] + np.array(g.box[:2], np.float64)
        return p.reshape(-1, 2).mean(0), float(np.sqrt(quad_area(np.array([p[0, 0], p[0, 9], p[9, 9], p[9, 0]]))))
    groups: list[list[GridRead]] = []
    for g in reads:
        c, side = centre_side(g)
        for grp in groups:
            c2, side2 = centre_side(grp[0])
            if np.linalg.norm(c - c2) < 0.3 * min(side, side2):
                grp.append(g)
                break
        else:
            groups.append([g])
    best = [max(grp, key=lambda g: (g.proper, g.score + 0.5 * g.lattice_score)) for grp in groups]
    return max(best, key=lambda g: centre_side(g)[1])
