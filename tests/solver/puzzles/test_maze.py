"""Maze kind: text format, errors, BFS and check, generator, augmentations, tokens, samples."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.puzzles import maze
from solver.puzzles.base import PuzzleError, read_text_file
from solver.puzzles.dihedral import DIHEDRAL
from solver.puzzles.maze import GOAL, OPEN, PATH, START, WALL, MazePuzzle

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples" / "maze"
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

CORRIDOR = "#######\n#S...G#\n#######\n"
DETOUR = """\
#######
#S#...#
#.#.#.#
#...#G#
#######
"""


def one(text: str) -> MazePuzzle:
    (puzzle,) = maze.parse(text, "t.txt")
    return puzzle


def draw(puzzle: MazePuzzle, cells: list[tuple[int, int]]) -> np.ndarray:
    answer = puzzle.grid.copy()
    for r, c in cells:
        answer[r, c] = PATH
    return answer


@st.composite
def random_mazes(draw_: st.DrawFn) -> MazePuzzle:
    """Any shape 1..30 x 1..30 with >= 2 cells, random walls, S and G anywhere (maybe unreachable)."""
    h = draw_(st.integers(1, 30))
    w = draw_(st.integers(2 if h == 1 else 1, 30))
    rng = np.random.default_rng(draw_(st.integers(0, 2**32 - 1)))
    grid = np.where(rng.random((h, w)) < rng.uniform(0, 0.5), WALL, OPEN).astype(np.int8)
    s, g = rng.choice(h * w, size=2, replace=False)
    grid.flat[s], grid.flat[g] = START, GOAL
    return MazePuzzle(grid=grid)


# ------------------------------------------------------------------------------------------ parse

def test_parse_reads_codes_positions_and_line() -> None:
    p = one("\n\n" + DETOUR)
    assert p.shape == (5, 7) and p.line == 3 and p.source == "t.txt"
    assert p.start == (1, 1) and p.goal == (3, 5)
    assert p.grid[0, 0] == WALL and p.grid[1, 3] == OPEN and p.solution is None
    assert not p.grid.flags.writeable


def test_spaces_and_dots_are_open_and_a_blank_row_is_a_row() -> None:
    p = one("S  \n   \n..G\n")
    assert p.shape == (3, 3) and (p.grid[1] == OPEN).all()


def test_several_mazes_split_on_empty_lines_with_crlf() -> None:
    text = (CORRIDOR + "\n\n" + DETOUR).replace("\n", "\r\n")
    a, b = maze.parse(text, "t.txt")
    assert a.line == 1 and b.line == 6 and b.shape == (5, 7)


def test_path_cells_are_the_expected_answer() -> None:
    p = one("#####\n#Soo#\n###o#\n###G#\n#####\n")
    assert p.grid[1, 2] == OPEN and p.solution is not None and p.solution[1, 2] == PATH
    v = maze.check(p, p.solution)
    assert v.ok and v.details["length"] == 4 and v.details["shortest"]


@pytest.mark.parametrize("text", [CORRIDOR, DETOUR, "SG", "S\nG", "#So\n.oG\n"])
def test_format_round_trips(text: str) -> None:
    p = one(text)
    again = one(maze.format(p))
    assert np.array_equal(again.grid, p.grid)
    assert (again.solution is None) == (p.solution is None)
    if p.solution is not None:
        assert np.array_equal(again.solution, p.solution)
    assert np.array_equal(one(maze.format(p, open_char=" ")).grid, p.grid)


def test_format_draws_an_answer_and_can_hide_the_solution() -> None:
    p = one(DETOUR)
    drawn = maze.format(p, maze.bfs_path(p))
    assert drawn.count("o") == 9 and np.array_equal(one(drawn).solution, maze.bfs_path(p))
    assert "o" not in maze.format(one(maze.format(p, maze.bfs_path(p))), p.grid)


@pytest.mark.parametrize("text, line, fragment", [
    ("", 1, "no maze found"),
    ("\n\n\n", 1, "no maze found"),
    ("#####\n#S G#\n###\n", 3, "maze row has 3 cells, but the maze's first row (line 1) has 5"),
    ("#####\n#S\tG#\n", 2, "unknown character '\\t' at r2c3 (column 3)"),
    ("SG\n\n#S.x\n", 3, "unknown character 'x' at r1c4 (column 4)"),
    ("S..\n.S.\n..G\n", 1, "maze at line 1 has 2 starts (S), at r1c1 (line 1) and r2c2 (line 2)"),
    ("SG\n\nS..\n...\n", 3, "maze at line 3 has no goals (G)"),
    ("G..\n", 1, "has no starts (S)"),
    ("SGG\n", 1, "has 2 goals (G), at r1c2 (line 1) and r1c3 (line 1)"),
    ("SG" + "." * 29 + "\n", 1, "maze row has 31 cells; at most 30"),
    ("SG\n" + ".\n" * 30, 1, "maze has 31 rows (lines 1-31); at most 30"),
])
def test_errors_name_line_and_cell(text: str, line: int, fragment: str) -> None:
    with pytest.raises(PuzzleError) as e:
        maze.parse(text, "t.txt")
    assert e.value.line == line and e.value.source == "t.txt"
    assert fragment in e.value.message, e.value.message
    assert str(e.value).startswith(f"t.txt:{line}: ")


@FAST
@given(st.one_of(st.text(), st.text(alphabet="#. SGo\n\r\t\ufeffx", max_size=400)))
def test_garbage_text_parses_or_raises_puzzle_error(text: str) -> None:
    try:
        puzzles = maze.parse(text, "g.txt")
    except PuzzleError as e:
        assert e.line is not None and e.source == "g.txt"
    else:
        for p in puzzles:
            assert maze.parse(maze.format(p), "g.txt")[0].shape == p.shape


# ------------------------------------------------------------------------------------ BFS, check

def test_bfs_path_is_shortest_and_checks() -> None:
    p = one(DETOUR)
    answer = maze.solve_exact(p)
    assert answer is not None and (answer == PATH).sum() == 9
    assert answer[p.start] == START and answer[p.goal] == GOAL
    v = maze.check(p, answer)
    assert v.ok and v.details == {"length": 10, "shortest": True, "shortest_length": 10,
                                  "reachable": True}


def test_a_longer_valid_path_is_ok_but_not_shortest() -> None:
    p = one("#######\n#S....#\n#.###.#\n#....G#\n#######\n")
    longer = draw(p, [(1, 2), (1, 3), (1, 4), (1, 5), (2, 5)])  # east then down: 6 moves
    assert maze.check(p, longer).ok
    p2 = one("########\n#S.....#\n#.####.#\n#..G...#\n########\n")
    detour = draw(p2, [(1, c) for c in range(2, 7)] + [(2, 6), (3, 6), (3, 5), (3, 4)])
    v = maze.check(p2, detour)
    assert v.ok and v.details["length"] == 10 and v.details["shortest_length"] == 4
    assert not v.details["shortest"]


def test_broken_path_is_reported_with_the_cell() -> None:
    p = one(CORRIDOR)
    v = maze.check(p, draw(p, [(1, 2), (1, 3)]))
    assert not v.ok and "path is broken after r2c4" in v.problems
    assert "path does not reach G" in v.problems and v.details["length"] is None


@pytest.mark.parametrize("cells, fragment", [
    ([(1, 2), (1, 3), (1, 4), (0, 3)], "path cell r1c4 is a wall"),
    ([(1, 2), (1, 3), (1, 4), (2, 2)], "path cell r3c3 is a wall"),
])
def test_path_through_a_wall(cells: list[tuple[int, int]], fragment: str) -> None:
    v = maze.check(one(CORRIDOR), draw(one(CORRIDOR), cells))
    assert not v.ok and fragment in v.problems


def test_branches_strays_and_empty_answers() -> None:
    p = one("#######\n#S...G#\n#.....#\n#######\n")
    branch = draw(p, [(1, 2), (1, 3), (1, 4), (2, 3)])
    assert any(x.startswith("path branches at r2c4") for x in maze.check(p, branch).problems)
    stray = draw(p, [(1, 2), (1, 3), (1, 4), (2, 5)])
    assert any("not on the path from S to G" in x for x in maze.check(p, stray).problems)
    assert maze.check(p, p.grid).problems == ("the answer marks no path cells",)
    adjacent = one("SG\n")
    v = maze.check(adjacent, adjacent.grid)
    assert v.ok and v.details["length"] == 1 and v.details["shortest"]


def test_answer_must_keep_the_maze() -> None:
    p = one(CORRIDOR)
    good = maze.bfs_path(p)
    for r, c, code, fragment in [(0, 0, OPEN, "r1c1 is a wall in the maze but not in the answer"),
                                 (1, 1, PATH, "S at r2c2 is missing"),
                                 (1, 3, WALL, "r2c4 is open in the maze but a wall"),
                                 (1, 3, GOAL, "r2c4 is G in the answer but not in the maze"),
                                 (1, 3, 9, "r2c4 holds 9")]:
        bad = good.copy()
        bad[r, c] = code
        v = maze.check(p, bad)
        assert not v.ok and any(fragment in x for x in v.problems), (fragment, v.problems)
    assert maze.check(p, good[:, :3]).problems == ("answer is 3x3, expected 3x7",)


def test_unreachable_goal() -> None:
    p = one("S#G\n")
    assert maze.solve_exact(p) is None
    v = maze.check(p, p.grid)
    assert not v.ok and v.problems == ("no path exists from S to G",)
    assert v.details["reachable"] is False


# -------------------------------------------------------------------------------------- generator

@pytest.mark.parametrize("difficulty, side, least", [
    ("easy", 10, 10), ("medium", 20, 20), ("hard", 30, 111), ("extreme", 30, 151)])
def test_generated_mazes_are_valid(difficulty: str, side: int, least: int) -> None:
    rng = np.random.default_rng(5)
    for _ in range(3):
        p = maze.generate(rng, difficulty)
        assert p.shape == (side, side) and 0.3 <= (p.grid == WALL).mean() <= 0.5
        v = maze.check(p, p.solution)
        assert v.ok and v.details["shortest"] and v.details["length"] >= least
        assert np.array_equal(p.solution, maze.bfs_path(p))
    with pytest.raises(ValueError):
        maze.generate(rng, "impossible")


# ---------------------------------------------------------------------------------- augmentations

def test_dihedral_group_has_eight_distinct_transforms_with_inverses() -> None:
    g = np.arange(12).reshape(3, 4)
    images = {d.apply_grid(g).tobytes() + bytes(d.apply_grid(g).shape) for d in DIHEDRAL}
    assert len(DIHEDRAL) == 8 and len(images) == 8
    for d in DIHEDRAL:
        assert np.array_equal(d.inverse.apply_grid(d.apply_grid(g)), g)
        assert d.apply_grid(g).shape == ((4, 3) if d.transposes else (3, 4))
    assert np.array_equal(DIHEDRAL[7].apply_grid(g), g.T)  # named "transpose"


@FAST
@given(random_mazes())
def test_augmentations_keep_mazes_solvable_alike(p: MazePuzzle) -> None:
    answer = maze.bfs_path(p)
    for d in DIHEDRAL:
        aug = maze.MazeAugmentation(d)
        q = aug.apply(p)
        assert np.array_equal(aug.invert_grid(q.grid), p.grid)
        if answer is None:
            assert maze.bfs_path(q) is None
            continue
        moved = aug.apply_grid(answer)
        v = maze.check(q, moved)
        assert v.ok and v.details["shortest"], v.problems
        assert (maze.bfs_path(q) == PATH).sum() == (answer == PATH).sum()


@FAST
@given(st.integers(1, 30), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_invert_undoes_apply_on_random_grids(h: int, w: int, seed: int) -> None:
    g = np.random.default_rng(seed).integers(0, 5, size=(h, w))
    for d in DIHEDRAL:
        assert np.array_equal(d.invert_grid(d.apply_grid(g)), g)
    aug = maze.random_augmentation(np.random.default_rng(seed), None)  # type: ignore[arg-type]
    assert np.array_equal(aug.invert_grid(aug.apply_grid(g)), g)


def test_augmented_solution_travels_with_the_puzzle() -> None:
    p = one(maze.format(one(DETOUR), maze.bfs_path(one(DETOUR))))
    q = maze.MazeAugmentation(DIHEDRAL[1]).apply(p)
    assert q.shape == (7, 5) and maze.check(q, q.solution).ok


# ------------------------------------------------------------------------------------------ tokens

@FAST
@given(random_mazes())
def test_tokens_round_trip(p: MazePuzzle) -> None:
    tokens = maze.encode_input(p)
    assert tokens.shape == (maze.KIND.seq_len,) and tokens.dtype == np.int64
    assert tokens.min() >= 0 and tokens.max() < maze.KIND.vocab_size
    assert (tokens.reshape(30, 30)[p.shape[0]:] == 0).all()
    assert np.array_equal(maze.decode(p, tokens), p.grid)
    answer = maze.bfs_path(p)
    if answer is not None:
        assert np.array_equal(maze.decode(p, maze.encode_target(p, answer)), answer)


@FAST
@given(random_mazes(), st.integers(0, 2**32 - 1))
def test_any_network_output_decodes_and_checks(p: MazePuzzle, seed: int) -> None:
    tokens = np.random.default_rng(seed).integers(-3, 12, size=900)
    answer = maze.decode(p, tokens)
    assert answer.shape == p.shape and answer.min() >= WALL and answer.max() <= PATH
    assert isinstance(maze.check(p, answer).ok, bool)


def test_padding_inside_the_window_decodes_as_wall_and_fails() -> None:
    p = one(CORRIDOR)
    tokens = maze.encode_target(p, maze.bfs_path(p))
    tokens[1 * 30 + 3] = 0
    v = maze.check(p, maze.decode(p, tokens))
    assert not v.ok and "r2c4 is open in the maze but a wall in the answer" in v.problems


# ---------------------------------------------------------------------------------- samples, kind

def test_samples_parse() -> None:
    files = sorted(SAMPLES.glob("*.txt"))
    assert {f.name for f in files} >= {"small.txt", "medium.txt", "hard.txt"}
    for f in files:
        for p in maze.parse(read_text_file(f), str(f)):
            assert maze.solve_exact(p) is not None
    (hard,) = maze.parse(read_text_file(SAMPLES / "hard.txt"))
    assert hard.shape == (30, 30) and maze.check(hard, maze.bfs_path(hard)).details["length"] > 110


def test_kind_object() -> None:
    k = maze.KIND
    assert (k.name, k.vocab_size, k.seq_len) == ("maze", 6, 900)
    p = k.parse(DETOUR)[0]
    assert k.check(p, k.decode(p, k.encode_target(p, k.solve_exact(p)))).ok
    assert isinstance(k.random_augmentation(np.random.default_rng(0), p), maze.MazeAugmentation)
    assert k.format(p) == maze.format(p)


# ------------------------------------------------------------------------- canonical path, sizes

def _is_canonical(p: MazePuzzle, answer: np.ndarray) -> bool:
    """The local rule of bfs_path: from G back to S, each step goes to the first neighbour in the
    order up, left, down, right that is one move closer to S."""
    return np.array_equal(answer, maze.bfs_path(p)) and maze.check(p, answer).details["shortest"]


@FAST
@given(random_mazes())
def test_shortest_solutions_are_re_derived_canonically_after_a_symmetry(p: MazePuzzle) -> None:
    answer = maze.bfs_path(p)
    if answer is None:
        return
    p = MazePuzzle(grid=p.grid, solution=answer)
    for d in DIHEDRAL:
        q = maze.MazeAugmentation(d).apply(p)
        # The moved path is equally short, but the target is the rule's pick in the new frame.
        assert _is_canonical(q, q.solution)


def test_canonical_path_prefers_up_then_left_walking_back_from_g() -> None:
    p = one("S..\n...\n..G\n")
    # From G (r3c3): up to r2c3, up to r1c3, then left to r1c2 next to S.
    assert maze.format(p, maze.bfs_path(p)) == "Soo\n..o\n..G\n"


def test_a_longer_drawn_path_moves_with_the_cells() -> None:
    detour = one("Sooo\n.#.o\nGooo\n")  # 8 moves where 2 would do
    assert not maze.check(detour, detour.solution).details["shortest"]
    q = maze.MazeAugmentation(DIHEDRAL[2]).apply(detour)
    assert np.array_equal(q.solution, DIHEDRAL[2].apply_grid(detour.solution))


def test_generate_sized_makes_any_size_with_a_long_enough_path() -> None:
    rng = np.random.default_rng(1)
    for h, w, need in ((6, 13, 8), (16, 16, 16), (29, 12, 20)):
        p = maze.generate_sized(rng, h, w, need)
        v = maze.check(p, p.solution)
        assert p.shape == (h, w) and v.ok and v.details["shortest"] and v.details["length"] >= need
    with pytest.raises(ValueError, match="fits"):
        maze.generate_sized(rng, 3, 3, 20)
    with pytest.raises(ValueError, match="size"):
        maze.generate_sized(rng, 31, 3, 2)


def test_a_small_canvas_crop_decodes_like_the_full_canvas() -> None:
    p = maze.generate_sized(np.random.default_rng(2), 9, 12, 10)
    full = maze.encode_target(p, p.solution)
    small = maze.crop_tokens(full, 12)
    assert small.shape == (144,)
    assert np.array_equal(maze.decode(p, small), maze.decode(p, full))
    assert np.array_equal(maze.decode(p, full), p.solution)
