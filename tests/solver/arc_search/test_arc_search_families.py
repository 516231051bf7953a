"""The families added for issue 24's misses: each solves a hand-made task of its kind, and does not fire
where the demonstrations break its rule (whatever the search returns still reproduces them all)."""
import numpy as np

from solver.arc_search import SearchOptions, reproduces, search
from solver.arc_search import learn, ops


def _grids(seed, n, shape, colours=(0, 0, 1, 2)):
    rng = np.random.default_rng(seed)
    return [rng.choice(colours, size=shape).astype(np.int8) for _ in range(n)]


def _solved(fn, grids, text):
    pairs = [(g, fn(g)) for g in grids[:-1]]
    r = search(pairs, grids[-1], SearchOptions(max_seconds=10))
    assert r.found, "no program found"
    assert text in r.found[0].describe(), r.found[0].describe()
    assert np.array_equal(r.found[0].output, fn(grids[-1]))


def _never_wrong(pairs, test):
    r = search(pairs, test, SearchOptions(max_seconds=3))
    assert all(reproduces(f.program, pairs) for f in r.found)
    return r


def test_tiles_of_rotations_are_learned_per_block():
    def fn(g):
        return np.block([[g, np.rot90(g, -1)], [np.rot90(g, 1), np.rot90(g, 2)]]).astype(np.int8)
    _solved(fn, _grids(1, 4, (3, 3)), "tile 2x2: the grid, rotated 90° clockwise")
    # a block that is no image of the grid in one pair: no tiling fits
    grids = _grids(2, 4, (3, 3))
    outs = [fn(g) for g in grids]
    outs[1][0, 0] = 7
    assert learn.learn_block_tiling(grids[:3], outs[:3], 0) is None


def test_the_empty_block_and_a_non_square_grid():
    g = np.array([[1, 2, 0], [0, 3, 0]], np.int8)
    out = np.block([[g, np.zeros_like(g)], [np.zeros_like(g), np.fliplr(g)]])
    rule = learn.learn_block_tiling([g], [out], 0)
    assert rule.images == (("the grid", "empty"), ("empty", "flipped left-right"))
    assert np.array_equal(rule.apply(g), out)


def test_objects_slide_as_whole_pieces():
    def fn(g):
        return ops.slide_objects(g, 0, "down")
    grids = []
    for k in range(4):
        g = np.zeros((8, 6), np.int8)
        g[k % 3, 1:4] = 3
        g[k % 3 + 1, 2] = 3          # a T that stays a T as it falls
        g[6, 5 - k % 2] = 4
        grids.append(g)
    _solved(fn, grids, "let the objects slide down as whole pieces")
    # cell gravity would break the T apart: the two differ
    assert not np.array_equal(fn(grids[0]), ops.gravity(grids[0], 0, "down"))


def test_a_grid_is_mirrored_onto_its_background():
    def fn(g):
        return np.where(g == 0, np.fliplr(g), g).astype(np.int8)
    grids = []
    for g in _grids(3, 4, (5, 6), colours=(0, 0, 0, 1, 2)):
        g[:, 3:] = 0                  # the left half drawn, the right half to complete
        grids.append(g)
    _solved(fn, grids, "mirror the grid onto its background (left-right symmetry)")
    clash = np.array([[1, 0, 2]], np.int8)   # mirror images disagree at both ends: no answer made up
    assert ops.symmetrize(clash, 0, "left-right") is None


def test_objects_are_recoloured_by_their_holes():
    def ring(g, r, c, holes, colour=1):
        g[r:r + 3, c:c + 3 + 2 * (holes - 1)] = colour
        for h in range(holes):
            g[r + 1, c + 1 + 2 * h] = 0
    pairs = []
    for k in range(3):
        g = np.zeros((12, 12), np.int8)
        ring(g, 0, k, 1)
        ring(g, 5, 0, 2)
        ring(g, 9, 4 + k, 1)
        out = g.copy()
        out[:4][out[:4] == 1] = 3
        out[9:][out[9:] == 1] = 3
        out[5:8][out[5:8] == 1] = 4
        pairs.append((g, out))
    rule = learn.learn_object_recolour([p[0] for p in pairs], [p[1] for p in pairs], 0, "holes")
    assert rule is not None and rule.table == {1: 3, 2: 4}
    assert np.array_equal(rule.apply(pairs[0][0]), pairs[0][1])


def test_blocks_shrink_to_cells():
    g = np.zeros((6, 6), np.int8)
    g[0, 1] = 2
    g[2:4, 2:4] = 5
    assert ops.shrink_blocks(g, 0, 2, 2, "any").tolist() == [[2, 0, 0], [0, 5, 0], [0, 0, 0]]
    assert ops.shrink_blocks(g, 0, 2, 2, "full").tolist() == [[0, 0, 0], [0, 5, 0], [0, 0, 0]]
    g[0, 0] = 3                       # a block of two colours has no one colour to become
    assert ops.shrink_blocks(g, 0, 2, 2, "any") is None


def test_crops_inside_a_frame_of_any_colour_and_a_fixed_window():
    rng = np.random.default_rng(4)
    pairs = []
    for k, colour in enumerate((2, 4, 6, 7)):
        g = rng.choice([0, 1, 3], size=(12, 12)).astype(np.int8)
        top, left, h, w = 1 + k, 2, 5, 4 + k % 2
        g[top:top + h, left:left + w][[0, -1], :] = colour
        g[top:top + h, left:left + w][:, [0, -1]] = colour
        pairs.append((g, g[top + 1:top + h - 1, left + 1:left + w - 1].copy()))
    r = search(pairs[:3], pairs[3][0], SearchOptions(max_seconds=10))
    assert r.found and r.found[0].describe() == "crop to the inside of the largest frame"
    assert np.array_equal(r.found[0].output, pairs[3][1])
    # grids of several sizes: only the window counted from the bottom-right corner fits them all
    window = [(g, g[-3:, -2:].copy()) for k, g in enumerate(sum((_grids(5 + k, 1, (7 + k, 9 - k)) for k in range(4)), []))]
    r = search(window[:3], window[3][0], SearchOptions(max_seconds=10))
    assert r.found and "bottom-right corner" in r.found[0].describe()
    assert np.array_equal(r.found[0].output, window[3][1])


def test_halves_cut_by_the_colour_found_only_on_its_lines():
    # a full column of 1 inside the left part is pattern, the column of 5 is the separator
    g = np.array([[1, 0, 0, 5, 0, 1, 0], [1, 1, 0, 5, 1, 1, 1], [1, 0, 1, 5, 0, 0, 0]], np.int8)
    left, right = ops.parts(g, 0, axis=1)
    assert np.array_equal(left, g[:, :3]) and np.array_equal(right, g[:, 4:])
    assert np.array_equal(ops.repeated_half(np.hstack([left, left])), left)
    assert ops.repeated_half(np.hstack([left, right])) is None


def test_a_rule_broken_in_one_demonstration_gives_no_answer_from_the_new_families():
    # the tiling holds in two pairs, the third's output is noise: nothing may be returned that fails it
    grids = _grids(6, 4, (3, 3))
    pairs = [(g, np.block([[g, np.fliplr(g)], [np.flipud(g), g]]).astype(np.int8)) for g in grids[:2]]
    pairs.append((grids[2], np.random.default_rng(7).integers(0, 3, size=(6, 6)).astype(np.int8)))
    r = _never_wrong(pairs, grids[3])
    assert not r.found
