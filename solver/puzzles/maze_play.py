"""Playing a maze: the person's path from S, grown a cell at a time (mouse or arrow keys), dead ends
found as they are walked into, "solved" when the path reaches G, and a hint that shows the next few
moves of a shortest way from where the path is now. Qt-free; the app's maze play mode draws it.

A path is a tuple of (row, column) cells starting at S, each next to the one before, none twice.
Moving onto a cell already on the path backs up to it (the cells after it are taken back).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import PuzzleError
from .maze import GOAL, START, WALL, _bfs

Cell = tuple[int, int]
Path = tuple[Cell, ...]

DIRECTIONS = {(-1, 0): "up", (1, 0): "down", (0, -1): "left", (0, 1): "right"}
_LETTER = {(-1, 0): "U", (1, 0): "D", (0, -1): "L", (0, 1): "R"}
_STEP = {v: k for k, v in _LETTER.items()}
HINT_MOVES = 3


def where(cell: Cell) -> str:
    return f"r{cell[0] + 1}c{cell[1] + 1}"


def _find(grid: np.ndarray, code: int) -> Cell:
    found = np.argwhere(grid == code)
    if len(found) != 1:
        raise PuzzleError(f"the maze needs exactly one {'S' if code == START else 'G'}")
    return int(found[0][0]), int(found[0][1])


def start_of(grid: np.ndarray) -> Path:
    """The path before the first move: S alone."""
    return (_find(grid, START),)


def _open(grid: np.ndarray, cell: Cell) -> bool:
    r, c = cell
    return 0 <= r < grid.shape[0] and 0 <= c < grid.shape[1] and int(grid[r, c]) != WALL


def move_to(grid: np.ndarray, path: Path, cell: Cell) -> Path | None:
    """The path after the person points at `cell`: a cell of the path backs up to it; an open cell next to
    the path's end, or in a straight open line from it (a fast drag skips cells), extends the path;
    anything else is refused (None)."""
    if cell in path:
        return path[:path.index(cell) + 1]
    (hr, hc), (r, c) = path[-1], cell
    if hr != r and hc != c:
        return None
    n = abs(r - hr) + abs(c - hc)
    dr, dc = (r - hr) // n, (c - hc) // n
    line = [(hr + k * dr, hc + k * dc) for k in range(1, n + 1)]
    if path[-1] == _find(grid, GOAL) or not all(_open(grid, x) and x not in path for x in line):
        return None  # the path ends at G, or the line crosses a wall or the path
    return path + tuple(line)


def step(grid: np.ndarray, path: Path, dr: int, dc: int) -> Path | None:
    """An arrow key: one cell that way (back along the path if that is where it leads)."""
    r, c = path[-1]
    return move_to(grid, path, (r + dr, c + dc)) if _open(grid, (r + dr, c + dc)) else None


def _distances(grid: np.ndarray, source: Cell, blocked: Path = ()) -> list[int]:
    passable = grid != WALL
    for r, c in blocked:
        passable[r, c] = False
    passable[source] = True
    return _bfs(passable, source[0] * grid.shape[1] + source[1])[0]


def _reaches_goal(grid: np.ndarray, path: Path, k: int) -> bool:
    """Whether G can be reached from path[k] without going back over the cells before it."""
    gr, gc = _find(grid, GOAL)
    return _distances(grid, path[k], path[:k])[gr * grid.shape[1] + gc] >= 0


def dead_end(grid: np.ndarray, path: Path) -> int | None:
    """None while the goal can still be reached from the path's end without going back over the path;
    else the index of the last cell of the path from which it can (where to back up to)."""
    if len(path) == 0 or _reaches_goal(grid, path, len(path) - 1):
        return None
    # Monotone in k (from an earlier cell, follow the path to a later one that reaches G): a binary
    # search takes ~10 BFS on the largest maze where walking back cell by cell could take hundreds.
    lo, hi = 0, len(path) - 1   # the answer is in [lo, hi); path[hi] does not reach G
    if not _reaches_goal(grid, path, 0):
        return 0  # not even from S: the maze has no way through (hint() says so)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _reaches_goal(grid, path, mid):
            lo = mid
        else:
            hi = mid
    return lo


def shortest_moves(grid: np.ndarray) -> int | None:
    """Moves of a shortest path from S to G, or None when there is none."""
    s, (gr, gc) = _find(grid, START), _find(grid, GOAL)
    d = _distances(grid, s)[gr * grid.shape[1] + gc]
    return d if d >= 0 else None


def solved(grid: np.ndarray, path: Path) -> bool:
    return path[-1] == _find(grid, GOAL)


@dataclass(frozen=True)
class MazeHint:
    moves: Path                 # the next cells to go to (at most HINT_MOVES), backing up first if needed
    to_goal: int | None         # moves from the path's end to G by a shortest way (None: no way at all)
    back_to: Cell | None        # the path runs into a dead end: the cell to back up to
    sentence: str


def hint(grid: np.ndarray, path: Path, count: int = HINT_MOVES) -> MazeHint:
    """The next `count` moves of a shortest way from the path's end to G. Out of a dead end the way
    starts by backing up along the path (moving onto path cells takes them back)."""
    head, (gr, gc) = path[-1], _find(grid, GOAL)
    w = grid.shape[1]
    if head == (gr, gc):
        return MazeHint((), 0, None, "You are at the goal.")
    passable = grid != WALL
    dist, parent = _bfs(passable, gr * w + gc)   # from G: follow decreasing distance from the head
    here = head[0] * w + head[1]
    if dist[here] < 0:
        return MazeHint((), None, None, "There is no way from here to the goal: the maze is closed off.")
    moves, u = [], here
    while len(moves) < count and parent[u] >= 0:
        u = parent[u]
        moves.append(divmod(u, w))
    k = dead_end(grid, path)
    back_to = path[k] if k is not None else None
    words, prev = [], head
    for m in moves:
        words.append(DIRECTIONS[(m[0] - prev[0], m[1] - prev[1])])
        prev = m
    lead = f"{where(head)} is a dead end: back up to {where(back_to)}. " if back_to is not None else ""
    plural = "s" if len(moves) != 1 else ""
    sentence = (f"{lead}Next {len(moves)} move{plural}: {', '.join(words)} "
                f"(the goal is {dist[here]} moves away by a shortest way).")
    return MazeHint(tuple(moves), dist[here], back_to, sentence)


# --- the saved game: the moves as letters ------------------------------------------------------------

def encode(path: Path) -> str:
    """The path's moves as U/D/L/R letters (the start is the maze's S)."""
    return "".join(_LETTER[(b[0] - a[0], b[1] - a[1])] for a, b in zip(path, path[1:]))


def decode(text: str, grid: np.ndarray) -> Path:
    """The path of a saved game on this maze; PuzzleError when it does not fit (another maze)."""
    path = start_of(grid)
    for k, ch in enumerate(text.strip()):
        if ch not in _STEP:
            raise PuzzleError(f"saved maze game: move {k + 1} is {ch!r}, not U, D, L or R")
        nxt = step(grid, path, *_STEP[ch])
        if nxt is None or len(nxt) != len(path) + 1:
            raise PuzzleError(f"saved maze game: move {k + 1} ({ch}) runs into a wall or back over the path")
        path = nxt
    return path


__all__ = ["DIRECTIONS", "HINT_MOVES", "MazeHint", "Path", "dead_end", "decode", "encode", "hint", "move_to",
           "shortest_moves", "solved", "start_of", "step", "where"]
