"""The grid transformations of the search's language: plain functions grid, parameters -> grid or None.

None means "does not apply to this grid" (no object to crop, a block that is not uniform, an ambiguous
choice): a program with a step that does not apply to some grid is dropped, never guessed through.
"""
from __future__ import annotations

import numpy as np

from .grids import Grid, Obj, bbox, crop, enclosed, objects

# ---------------------------------------------------------------------------------------- geometry

GEOMETRY = {
    "flip left-right": np.fliplr,
    "flip top-bottom": np.flipud,
    "rotate 90° clockwise": lambda g: np.rot90(g, -1),
    "rotate 180°": lambda g: np.rot90(g, 2),
    "rotate 90° anticlockwise": np.rot90,
    "transpose": lambda g: g.T,
    "transpose on the other diagonal": lambda g: np.rot90(g, 2).T,
}


def geometry(grid: Grid, name: str) -> Grid:
    return GEOMETRY[name](grid)


def upscale(grid: Grid, k: int) -> Grid:
    return np.kron(grid, np.ones((k, k), np.int8))


def downscale(grid: Grid, k: int) -> Grid | None:
    h, w = grid.shape
    if h % k or w % k:
        return None
    small = grid[::k, ::k]
    return small if np.array_equal(upscale(small, k), grid) else None


def shrink_blocks(grid: Grid, bg: int, rows: int, cols: int, how: str) -> Grid | None:
    """Each block of rows x cols cells becomes one cell: its one coloured colour where it has any
    ("any") or only where it is fully coloured ("full"), else the background; None when a block has
    two coloured colours."""
    h, w = grid.shape
    if h % rows or w % cols:
        return None
    blocks = grid.reshape(h // rows, rows, w // cols, cols).transpose(0, 2, 1, 3).reshape(h // rows, w // cols, -1)
    out = np.full(blocks.shape[:2], bg, np.int8)
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            b = blocks[r, c]
            colours = set(np.unique(b[b != bg]).tolist())
            if len(colours) > 1:
                return None
            if colours and (how == "any" or (b != bg).all()):
                out[r, c] = colours.pop()
    return out


def merge_repeats(grid: Grid) -> Grid | None:
    """Runs of identical adjacent rows, then of columns, become one each."""
    rows = [0] + [r for r in range(1, grid.shape[0]) if not np.array_equal(grid[r], grid[r - 1])]
    g = grid[rows]
    cols = [0] + [c for c in range(1, g.shape[1]) if not np.array_equal(g[:, c], g[:, c - 1])]
    out = g[:, cols]
    return None if out.shape == grid.shape else out


def tile(grid: Grid, rows: int, cols: int) -> Grid:
    return np.tile(grid, (rows, cols))


MIRROR_TILES = {
    "beside its mirror image": lambda g: np.hstack([g, np.fliplr(g)]),
    "above its mirror image": lambda g: np.vstack([g, np.flipud(g)]),
    "in a 2x2 of its mirror images": lambda g: np.vstack([np.hstack([g, np.fliplr(g)]),
                                                          np.hstack([np.flipud(g), np.rot90(g, 2)])]),
    "in a 2x2 of its rotations": lambda g: np.vstack([np.hstack([g, np.rot90(g, -1)]),
                                                      np.hstack([np.rot90(g, 1), np.rot90(g, 2)])]),
}


def mirror_tile(grid: Grid, name: str) -> Grid | None:
    if name == "in a 2x2 of its rotations" and grid.shape[0] != grid.shape[1]:
        return None
    return MIRROR_TILES[name](grid)


def self_kron(grid: Grid, bg: int, inverted: bool) -> Grid:
    """Each cell becomes a copy of the whole grid where it is coloured (or, inverted, where it is not)."""
    where = (grid == bg) if inverted else (grid != bg)
    on = np.kron(where, np.ones(grid.shape, bool))
    return np.where(on, np.tile(grid, grid.shape), bg).astype(np.int8)


# ---------------------------------------------------------------------------------------- cropping

def crop_content(grid: Grid, bg: int) -> Grid | None:
    return crop(grid, grid != bg)


def crop_colour(grid: Grid, colour: int) -> Grid | None:
    return crop(grid, grid == colour)


def shave(grid: Grid) -> Grid | None:
    """The grid without its outermost rows and columns (the inside of a frame)."""
    return grid[1:-1, 1:-1] if min(grid.shape) > 2 else None


def crop_window(grid: Grid, top: int, left: int, rows: int, cols: int, from_end: bool) -> Grid | None:
    """The rows x cols window `top` rows and `left` columns in from the top-left corner (or, from_end, in
    from the bottom-right one)."""
    h, w = grid.shape
    if from_end:
        top, left = h - rows - top, w - cols - left
    if top < 0 or left < 0 or top + rows > h or left + cols > w:
        return None
    return grid[top:top + rows, left:left + cols]


def occurrences(grid: Grid, part: Grid, limit: int = 4) -> list[tuple[int, int]]:
    """Where `part` occurs in `grid` (top-left corners, reading order, at most `limit`)."""
    if part.shape[0] > grid.shape[0] or part.shape[1] > grid.shape[1]:
        return []
    views = np.lib.stride_tricks.sliding_window_view(grid, part.shape)
    hits = np.argwhere((views == part).all(axis=(2, 3)))
    return [(int(r), int(c)) for r, c in hits[:limit]]


def repeated_half(grid: Grid) -> Grid | None:
    """One of two equal halves: the left where the left and right halves are the same, else the top
    where the top and bottom are; None when neither."""
    h, w = grid.shape
    if w % 2 == 0 and np.array_equal(grid[:, :w // 2], grid[:, w // 2:]):
        return grid[:, :w // 2]
    if h % 2 == 0 and np.array_equal(grid[:h // 2], grid[h // 2:]):
        return grid[:h // 2]
    return None


def inside_frame(grid: Grid, bg: int) -> Grid | None:
    """The inside of the largest rectangular frame (a one-colour ring of cells, at least 3x3); None
    without one or with two of the largest size."""
    best, tie = None, False
    for o in objects(grid, bg, diagonal=False, by_colour=True):
        hgt, wid = o.bottom - o.top, o.right - o.left
        if hgt < 3 or wid < 3 or o.size != 2 * (hgt + wid) - 4:
            continue
        ring = o.box(o.mask)
        if not (ring[0].all() and ring[-1].all() and ring[:, 0].all() and ring[:, -1].all()):
            continue
        if best is None or hgt * wid > (best.bottom - best.top) * (best.right - best.left):
            best, tie = o, False
        elif hgt * wid == (best.bottom - best.top) * (best.right - best.left):
            tie = True
    if best is None or tie:
        return None
    return grid[best.top + 1:best.bottom - 1, best.left + 1:best.right - 1]


SELECTORS = ("largest", "smallest", "most colourful", "only one of its colour", "only one of its shape",
             "top-left", "bottom-right")


def _shape_key(o: Obj) -> bytes:
    m = o.mask[o.top:o.bottom, o.left:o.right]
    return bytes(m.shape) + m.tobytes()


def select(objs: tuple[Obj, ...], how: str) -> Obj | None:
    """The one object that `how` picks, or None when none or several tie."""
    if not objs:
        return None
    if how in ("largest", "smallest", "most colourful"):
        score = [o.colours if how == "most colourful" else o.size for o in objs]
        best = max(score) if how != "smallest" else min(score)
        picked = [o for o, s in zip(objs, score) if s == best]
        return picked[0] if len(picked) == 1 else None
    if how in ("only one of its colour", "only one of its shape"):
        keys = [o.colour if how == "only one of its colour" else _shape_key(o) for o in objs]
        picked = [o for o, k in zip(objs, keys) if keys.count(k) == 1]
        return picked[0] if len(picked) == 1 and len(objs) > 1 else None
    if how == "top-left":
        return min(objs, key=lambda o: (o.top, o.left))
    return max(objs, key=lambda o: (o.bottom, o.right))


def crop_object(grid: Grid, bg: int, how: str, diagonal: bool, by_colour: bool) -> Grid | None:
    o = select(objects(grid, bg, diagonal, by_colour), how)
    return None if o is None else o.box(grid)


def keep_object(grid: Grid, bg: int, how: str, diagonal: bool, by_colour: bool, keep: bool) -> Grid | None:
    """Only the selected object stays (keep), or everything but it does."""
    o = select(objects(grid, bg, diagonal, by_colour), how)
    if o is None:
        return None
    return np.where(o.mask == keep, grid, bg).astype(np.int8)


def remove_small(grid: Grid, bg: int, size: int, diagonal: bool) -> Grid | None:
    """Objects (any colours) of at most `size` cells become background."""
    small = [o.mask for o in objects(grid, bg, diagonal) if o.size <= size]
    if not small:
        return None
    return np.where(np.any(small, axis=0), bg, grid).astype(np.int8)


# ------------------------------------------------------------------------------------------ colours

def keep_colour(grid: Grid, bg: int, colour: int) -> Grid | None:
    if not (grid == colour).any():
        return None
    return np.where(grid == colour, grid, bg).astype(np.int8)


def remove_colour(grid: Grid, bg: int, colour: int) -> Grid | None:
    if not (grid == colour).any():
        return None
    return np.where(grid == colour, bg, grid).astype(np.int8)


def fill_enclosed(grid: Grid, bg: int, colour: int) -> Grid | None:
    holes = enclosed(grid, bg)
    if not holes.any():
        return None
    return np.where(holes, colour, grid).astype(np.int8)


def gravity(grid: Grid, bg: int, direction: str) -> Grid:
    """Every coloured cell falls towards `direction` (down, up, left, right) within its column or row."""
    g = {"down": grid, "up": grid[::-1], "right": grid.T, "left": grid.T[::-1]}[direction]
    out = np.full_like(g, bg)
    for c in range(g.shape[1]):
        col = g[:, c][g[:, c] != bg]
        if len(col):
            out[-len(col):, c] = col
    return {"down": out, "up": out[::-1], "right": out.T, "left": out[::-1].T}[direction]


def slide_objects(grid: Grid, bg: int, direction: str) -> Grid | None:
    """Every object (8-connected, any colours) slides towards `direction` as one piece until it meets
    the border or a cell already at rest, nearest the border first; None when nothing moves."""
    g = {"down": grid, "up": grid[::-1], "right": grid.T, "left": grid.T[::-1]}[direction]
    objs = sorted(objects(np.ascontiguousarray(g), bg, diagonal=True), key=lambda o: -o.bottom)
    if not objs or len(objs) > 30:
        return None
    out = np.full_like(g, bg)
    h = g.shape[0]
    for o in objs:
        rows, cols = np.nonzero(o.mask)
        shift = 0
        while rows.max() + shift + 1 < h and (out[rows + shift + 1, cols] == bg).all():
            shift += 1
        out[rows + shift, cols] = g[rows, cols]
    if np.array_equal(out, g):
        return None
    return {"down": out, "up": out[::-1], "right": out.T, "left": out[::-1].T}[direction]


# ---------------------------------------------------------------------------------------- symmetry

SYMMETRIES = ("left-right", "top-bottom", "both mirrors", "the diagonal", "all rotations and mirrors")


def _images(grid: Grid, symmetry: str) -> list[Grid] | None:
    square = grid.shape[0] == grid.shape[1]
    if symmetry == "left-right":
        return [np.fliplr(grid)]
    if symmetry == "top-bottom":
        return [np.flipud(grid)]
    if symmetry == "both mirrors":
        return [np.fliplr(grid), np.flipud(grid), np.rot90(grid, 2)]
    if not square:
        return None
    if symmetry == "the diagonal":
        return [grid.T]
    return [np.rot90(grid, k) for k in (1, 2, 3)] + [np.fliplr(grid), np.flipud(grid), grid.T, np.rot90(grid, 2).T]


def complete_symmetry(grid: Grid, mask_colour: int, symmetry: str) -> Grid | None:
    """Cells of `mask_colour` take the colour of their mirror images; None when the rest of the grid is
    not symmetric so, or a masked cell has no unmasked image."""
    images = _images(grid, symmetry)
    hidden = grid == mask_colour
    if images is None or not hidden.any():
        return None
    out = grid.copy()
    for im in images:
        seen = im != mask_colour
        if ((grid != im) & seen & ~hidden).any():
            return None
        fill = (out == mask_colour) & seen
        out[fill] = im[fill]
    return None if (out == mask_colour).any() else out


def symmetrize(grid: Grid, bg: int, symmetry: str) -> Grid | None:
    """Background cells take the colour their mirror images show (the grid laid over its images); None
    when nothing changes or two images disagree on a cell."""
    images = _images(grid, symmetry)
    if images is None:
        return None
    out = grid.copy()
    for im in images:
        clash = (out != bg) & (im != bg) & (out != im)
        if clash.any():
            return None
        out = np.where(out == bg, im, out)
    return None if np.array_equal(out, grid) else out.astype(np.int8)


def reveal(grid: Grid, mask_colour: int, symmetry: str) -> Grid | None:
    """What symmetry completion puts under the mask, cropped to the mask."""
    done = complete_symmetry(grid, mask_colour, symmetry)
    b = bbox(grid == mask_colour)
    return None if done is None or b is None else done[b[0]:b[2], b[1]:b[3]]


def _period_candidates(grid: Grid, known: np.ndarray, axis: int) -> list[int]:
    """Shifts along `axis` under which every pair of known cells agrees (the whole length always does)."""
    n = grid.shape[axis]
    g, k = (grid, known) if axis == 0 else (grid.T, known.T)
    found = []
    for p in range(1, n):
        both = k[:-p] & k[p:]
        if not (both & (g[:-p] != g[p:])).any():
            found.append(p)
    return found + [n]


def complete_period(grid: Grid, mask_colour: int) -> Grid | None:
    """Cells of `mask_colour` take the colour of the repeating pattern the rest of the grid shows: the
    smallest tile (rows x columns) whose copies agree on every unmasked cell and leave no masked cell
    without a copy that shows it. None when no tile smaller than the grid does."""
    hidden = grid == mask_colour
    if not hidden.any() or hidden.all():
        return None
    known = ~hidden
    h, w = grid.shape
    rr, cc = np.indices(grid.shape)
    tiles = sorted(((pr, pc) for pr in _period_candidates(grid, known, 0) for pc in _period_candidates(grid, known, 1)
                    if (pr, pc) != (h, w)), key=lambda t: (t[0] * t[1], t))
    for pr, pc in tiles:
        cls = ((rr % pr) * pc + cc % pc).ravel()
        table = np.full(pr * pc, -1, np.int16)
        table[cls[known.ravel()]] = grid.ravel()[known.ravel()]
        # every known cell must agree with the one its class kept
        if (table[cls[known.ravel()]] != grid.ravel()[known.ravel()]).any():
            continue
        filled = table[cls].reshape(grid.shape)
        if (filled < 0).any():
            continue
        return filled.astype(np.int8)
    return None


def reveal_period(grid: Grid, mask_colour: int) -> Grid | None:
    """What the repeating pattern puts under the mask, cropped to the mask."""
    done = complete_period(grid, mask_colour)
    b = bbox(grid == mask_colour)
    return None if done is None or b is None else done[b[0]:b[2], b[1]:b[3]]


# --------------------------------------------------------------------------------- parts of a grid

def parts(grid: Grid, bg: int, axis: int) -> list[Grid] | None:
    """The grid cut along `axis` (0: into rows of parts, top to bottom; 1: left to right) at full lines of
    one colour (not the background) into parts of one shape, or, without such lines, into two equal
    halves; None when neither applies. Where full lines of several colours cut it so, the colour found only on its lines
    is the separator (a full line of another colour can be part of a part's pattern)."""
    g = grid if axis == 1 else grid.T
    by_colour: dict[int, list[int]] = {}
    for c in range(1, g.shape[1] - 1):
        if g[0, c] != bg and (g[:, c] == g[0, c]).all():
            by_colour.setdefault(int(g[0, c]), []).append(c)
    found = []
    for colour, lines in by_colour.items():
        if len(lines) >= g.shape[1] // 2:
            continue
        cuts, start = [], 0
        for c in lines + [g.shape[1]]:
            if c > start:
                cuts.append(g[:, start:c])
            start = c + 1
        if len(cuts) >= 2 and len({c.shape for c in cuts}) == 1:
            found.append((int((g == colour).sum()) == len(lines) * g.shape[0], cuts))
    if len(found) > 1:
        found = [f for f in found if f[0]]
    if len(found) == 1:
        cuts = found[0][1]
    elif found or g.shape[1] % 2:
        return None
    else:
        half = g.shape[1] // 2
        cuts = [g[:, :half], g[:, half:]]
    return cuts if axis == 1 else [c.T for c in cuts]


def lattice(grid: Grid, bg: int) -> list[list[Grid]] | None:
    """The grid cut at full rows and full columns of one colour (not the background) into a lattice of
    parts, row by row; None without such a line or with fewer than two parts."""
    colour = None
    for g in (grid, grid.T):
        full = [int(g[r, 0]) for r in range(g.shape[0]) if g[r, 0] != bg and (g[r] == g[r, 0]).all()]
        if full:
            colour = full[0] if colour is None else colour
    if colour is None:
        return None
    rows = [r for r in range(grid.shape[0]) if (grid[r] == colour).all()]
    cols = [c for c in range(grid.shape[1]) if (grid[:, c] == colour).all()]

    def spans(lines: list[int], n: int) -> list[tuple[int, int]]:
        out, start = [], 0
        for k in lines + [n]:
            if k > start:
                out.append((start, k))
            start = k + 1
        return out

    cut = [[grid[a:b, c:d] for c, d in spans(cols, grid.shape[1])] for a, b in spans(rows, grid.shape[0])]
    return cut if sum(len(r) for r in cut) >= 2 else None


PART_SELECTORS = ("the only one of its kind", "the most coloured", "the least coloured", "the most colourful")


def crop_part(grid: Grid, bg: int, how: str) -> Grid | None:
    """The one part of the lattice that `how` picks (None: no lattice, or a tie)."""
    parts_ = [p for row in (lattice(grid, bg) or []) for p in row]
    if len(parts_) < 2:
        return None
    if how == "the only one of its kind":
        keys = [bytes(p.shape) + p.tobytes() for p in parts_]
        picked = [p for p, k in zip(parts_, keys) if keys.count(k) == 1]
        return picked[0] if len(picked) == 1 else None
    score = [len(set(np.unique(p).tolist()) - {bg}) if how == "the most colourful" else int((p != bg).sum())
             for p in parts_]
    best = min(score) if how == "the least coloured" else max(score)
    picked = [p for p, v in zip(parts_, score) if v == best]
    return picked[0] if len(picked) == 1 else None


def shrink_parts(grid: Grid, bg: int) -> Grid | None:
    """One cell per part of the lattice: the part's colour (its one non-background colour, or the
    background when empty); None when a part has several."""
    cut = lattice(grid, bg)
    if cut is None or len({len(r) for r in cut}) != 1:
        return None
    out = np.full((len(cut), len(cut[0])), bg, np.int8)
    for r, row in enumerate(cut):
        for c, p in enumerate(row):
            colours = set(np.unique(p).tolist()) - {bg}
            if len(colours) > 1:
                return None
            if colours:
                out[r, c] = colours.pop()
    return out


LOGIC = {
    "in both": lambda a, b: a & b,
    "in either": lambda a, b: a | b,
    "in exactly one": lambda a, b: a ^ b,
    "in neither": lambda a, b: ~(a | b),
    "in the first only": lambda a, b: a & ~b,
    "in the second only": lambda a, b: ~a & b,
}


def pick_part(grid: Grid, bg: int, axis: int, last: bool) -> Grid | None:
    """The first (or last) of the parts `parts` cuts the grid into."""
    ps = parts(grid, bg, axis)
    return None if ps is None else ps[-1 if last else 0]


def combine(grid: Grid, bg: int, axis: int, logic: str, colour: int) -> Grid | None:
    """Two parts laid on each other: `colour` where the logic of their coloured cells holds."""
    ps = parts(grid, bg, axis)
    if ps is None or len(ps) != 2:
        return None
    on = LOGIC[logic](ps[0] != bg, ps[1] != bg)
    return np.where(on, colour, bg).astype(np.int8)


def overlay(grid: Grid, bg: int, axis: int, reverse: bool) -> Grid | None:
    """The parts stacked, the first part's coloured cells on top (or the last part's, reversed)."""
    ps = parts(grid, bg, axis)
    if ps is None:
        return None
    out = np.full_like(ps[0], bg)
    for p in (ps if reverse else ps[::-1]):
        out = np.where(p != bg, p, out)
    return out.astype(np.int8)


# ----------------------------------------------------------------------------------------- counting

def colour_cell(grid: Grid, bg: int, which: str) -> Grid | None:
    """A 1x1 grid of the most or least common coloured (non-background) colour; None on a tie."""
    counts = np.bincount(grid.ravel(), minlength=10)
    counts[bg] = 0
    present = counts[counts > 0]
    if not len(present):
        return None
    best = present.max() if which == "most" else present.min()
    if (present == best).sum() != 1:
        return None
    return np.array([[int(np.flatnonzero(counts == best)[0])]], np.int8)


def count_objects(grid: Grid, bg: int, diagonal: bool, vertical: bool) -> Grid | None:
    """A line of as many cells as there are objects, in the objects' colour (all one colour)."""
    objs = objects(grid, bg, diagonal, by_colour=True)
    colours = {o.colour for o in objs}
    if not objs or len(colours) != 1 or len(objs) > 30:
        return None
    line = np.full((1, len(objs)), colours.pop(), np.int8)
    return line.T if vertical else line
