"""Maze play, engine side (solver.puzzles.maze_play): the path grows by adjacent or straight-line moves,
backs up onto itself, never crosses walls; dead ends found with where to back up to; the hint's next
moves follow a shortest way; the saved game's letters round-trip."""
from __future__ import annotations

import pytest

from solver.puzzles import maze
from solver.puzzles.base import PuzzleError
from solver.puzzles.maze_play import dead_end, decode, encode, hint, move_to, shortest_moves, solved, start_of, step

# S at r1c1, G at r1c5, a wall down column 3 to row 2: the way goes round by row 3; the bottom row ends
# in a cul-de-sac at r5c4.
TEXT = """\
S.#.G
..#..
.....
.###.
....#
"""
GRID = maze.parse(TEXT)[0].grid


def walk(*cells):
    path = start_of(GRID)
    for cell in cells:
        path = move_to(GRID, path, cell)
        assert path is not None, cell
    return path


def test_moves_grow_back_up_and_refuse_walls() -> None:
    path = start_of(GRID)
    assert path == ((0, 0),)
    assert move_to(GRID, path, (0, 2)) is None            # a wall in the line
    assert move_to(GRID, path, (1, 1)) is None            # diagonal
    path = move_to(GRID, path, (2, 0))                    # a straight line of two cells (a fast drag)
    assert path == ((0, 0), (1, 0), (2, 0))
    path = step(GRID, path, 0, 1)
    assert path[-1] == (2, 1) and step(GRID, path, -1, 0) == path + ((1, 1),)
    assert move_to(GRID, path, (1, 0)) == ((0, 0), (1, 0))  # back up onto the path
    assert step(GRID, ((0, 0), (0, 1)), 0, 1) is None       # into the wall


def test_dead_end_and_where_to_back_up() -> None:
    down = walk((4, 0), (4, 3))                            # along the bottom into the cul-de-sac r5c4
    assert dead_end(GRID, down) == 2                       # back to r3c1: from there the way is open
    assert dead_end(GRID, walk((2, 0), (2, 4))) is None
    h = hint(GRID, down)
    assert h.back_to == (2, 0) and h.sentence.startswith("r5c4 is a dead end: back up to r3c1.")
    assert h.moves == ((4, 2), (4, 1), (4, 0))             # back along the path


def test_hint_follows_a_shortest_way_and_solved() -> None:
    path = start_of(GRID)
    best = shortest_moves(GRID)
    assert best == 8
    while not solved(GRID, path):
        h = hint(GRID, path)
        assert h.to_goal == best - (len(path) - 1) and 1 <= len(h.moves) <= 3
        assert h.sentence.startswith(f"Next {len(h.moves)} move")
        for cell in h.moves:
            path = move_to(GRID, path, cell)
    assert len(path) - 1 == best and path[-1] == (0, 4)
    assert move_to(GRID, path, path[-2]) == path[:-1]      # backing up off G
    assert move_to(GRID, path, (0, 3)) is None             # the path ends at G
    assert hint(GRID, path).sentence == "You are at the goal."


def test_saved_moves_round_trip_and_bad_ones_refused() -> None:
    path = walk((2, 0), (2, 4), (1, 4))
    assert encode(path) == "DDRRRRU" and decode(encode(path), GRID) == path
    with pytest.raises(PuzzleError, match="move 1"):
        decode("X", GRID)
    with pytest.raises(PuzzleError, match="move 2 \\(R\\) runs into a wall"):
        decode("RR", GRID)


def test_a_closed_maze_says_so() -> None:
    closed = maze.parse("S#G\n.#.\n")[0].grid
    assert shortest_moves(closed) is None and dead_end(closed, start_of(closed)) == 0
    assert "no way from here" in hint(closed, start_of(closed)).sentence


def test_dead_end_found_as_walking_back_would_find_it() -> None:
    """The binary search over the path agrees with trying each cell from the end, on long snaking paths."""
    from solver.puzzles.maze_play import _reaches_goal

    # Along the top, down the right, then left along row 3: G is reached only down column 10 from r3c10.
    grid = maze.parse("S.........\n#########.\n..........\n#########.\nG.........\n")[0].grid
    path = start_of(grid)
    for cell in [(0, 9), (2, 9), (2, 0)]:
        path = move_to(grid, path, cell)
    dead = []
    for n in range(1, len(path) + 1):
        sub = path[:n]
        by_walking = next((k for k in range(n - 1, -1, -1) if _reaches_goal(grid, sub, k)), 0)
        assert dead_end(grid, sub) == (None if by_walking == n - 1 else by_walking)
        dead.append(dead_end(grid, sub))
    assert dead[-1] == path.index((2, 9)) and dead.count(None) == path.index((2, 9)) + 1
