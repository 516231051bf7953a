"""Grid mazes: find a 4-connected path from S to G (the Maze-Hard task of the TRM paper).

Text format, one character per cell:
    #  wall        space or .  open        S  start        G  goal        o  path (an answer)
Rows of one maze must all be equally wide (trailing spaces are open cells, so an editor that strips
them makes a row short; that is reported, not padded). Several mazes in one text are separated by a
truly empty line; a line of spaces is a row of open cells. A maze is 1-30 rows by 1-30 columns with
exactly one S and one G. `o` cells are read as the expected answer (`MazePuzzle.solution`); the
puzzle grid has them open. A path in a file is not validated on parse: `check` says what is wrong.

Tokens: code + 1 (pad 0, wall 1, open 2, S 3, G 4, path 5) on a 30x30 canvas, grid at the top-left,
row-major, so seq_len 900 and vocab_size 6.

Generator (`generate`, in the style of Maze-Hard): a random wall density d in [30%, 50%], that many
walls at random cells. S and G go into the largest open component by a BFS double sweep (a random
cell -> the farthest cell A -> BFS from A); G is drawn among the cells far enough from A, and S/G
swap half the time. Levels (path lengths in moves = path cells + 1):
    easy     10x10, shortest path >= 10          medium   20x20, shortest path >= 20
    hard     30x30, shortest path > 110          extreme  30x30, shortest path > 150
Uniformly random walls almost never have a 30x30 shortest path over 110 (about 1 in 100 layouts,
over 150 none in thousands), so for hard and extreme the sweep's A-B path is lengthened by walling
off random cells of it (never a cell that disconnects B) until it is long enough, with the density
kept <= 50%. Those mazes are a little more corridor-like than filtered random ones, and their
shortest paths lie just above the bound (mean 112 for hard, 152 for extreme). A generated maze carries
its canonical shortest path (`bfs_path`): there are usually thousands of equally short ones.
`generate_sized` makes mazes of any size and minimum path length the same way (training curricula).
Measured mean time per maze (one idle core, Python 3.11, 200 mazes per level):
    easy 0.2 ms, medium 0.5 ms, hard 18 ms, extreme 62 ms.
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

from .base import ModuleKind, PuzzleError, Repair, Verdict, cell_name
from .dihedral import DIHEDRAL, Dihedral, random_dihedral

__all__ = [
    "WALL", "OPEN", "START", "GOAL", "PATH", "MAX_SIZE", "DIFFICULTIES", "DIHEDRAL", "MazePuzzle",
    "MazeAugmentation", "parse", "format", "encode_input", "encode_target", "decode", "bfs_path",
    "check", "solve_exact", "crop_tokens", "generate", "generate_sized",
    "random_augmentation", "KIND",
]

WALL, OPEN, START, GOAL, PATH = 0, 1, 2, 3, 4
MAX_SIZE = 30
VOCAB_SIZE = 6  # codes 0-4 shifted by one, 0 is padding
SEQ_LEN = MAX_SIZE * MAX_SIZE

_CHAR_CODE = {"#": WALL, " ": OPEN, ".": OPEN, "S": START, "G": GOAL, "o": PATH}
_CHARSET_HINT = "a maze uses # wall, space or . open, S start, G goal, o path"

DIFFICULTIES = ("easy", "medium", "hard", "extreme")
# difficulty -> (side, minimum shortest-path length in moves)
_LEVELS = {"easy": (10, 10), "medium": (20, 20), "hard": (30, 111), "extreme": (30, 151)}
_WALL_DENSITY = (0.3, 0.5)
_MAX_PROBLEMS = 8  # a broken network output can be wrong in hundreds of cells; list the first few


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.int8, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class MazePuzzle:
    """A maze: `grid` holds WALL/OPEN/START/GOAL; `solution`, if known, also PATH on the path."""

    grid: np.ndarray
    solution: np.ndarray | None = None
    source: str = "<input>"
    line: int = 1

    def __post_init__(self) -> None:
        grid = _frozen(self.grid)
        if grid.ndim != 2 or not (1 <= grid.shape[0] <= MAX_SIZE and 1 <= grid.shape[1] <= MAX_SIZE):
            raise ValueError(f"maze grid must be 1-{MAX_SIZE} x 1-{MAX_SIZE}, got shape {grid.shape}")
        if grid.min() < WALL or grid.max() > GOAL:
            raise ValueError("maze grid codes must be WALL, OPEN, START or GOAL")
        if (grid == START).sum() != 1 or (grid == GOAL).sum() != 1:
            raise ValueError("maze grid must hold exactly one START and one GOAL")
        object.__setattr__(self, "grid", grid)
        if self.solution is not None:
            sol = _frozen(self.solution)
            if sol.shape != grid.shape:
                raise ValueError(f"solution shape {sol.shape} differs from grid shape {grid.shape}")
            object.__setattr__(self, "solution", sol)

    @property
    def shape(self) -> tuple[int, int]:
        return self.grid.shape  # type: ignore[return-value]

    @property
    def start(self) -> tuple[int, int]:
        r, c = np.argwhere(self.grid == START)[0]
        return int(r), int(c)

    @property
    def goal(self) -> tuple[int, int]:
        r, c = np.argwhere(self.grid == GOAL)[0]
        return int(r), int(c)


# ----------------------------------------------------------------------------------------- text

def parse(text: str, source: str = "<input>") -> list[MazePuzzle]:
    """All mazes in `text`, in order. Raises PuzzleError naming the line and cell of a problem."""
    lines = text.removeprefix("\ufeff").split("\n")
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(lines, start=1):
        row = raw.removesuffix("\r")
        if row == "":
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append((number, row))
    mazes = [_parse_block(b, source) for b in blocks if b]
    if not mazes:
        raise PuzzleError("no maze found: the text is empty", source=source, line=1)
    return mazes


def _parse_block(rows: list[tuple[int, str]], source: str) -> MazePuzzle:
    first_line, first_row = rows[0]
    if len(rows) > MAX_SIZE:
        raise PuzzleError(f"maze has {len(rows)} rows (lines {first_line}-{rows[-1][0]}); "
                          f"at most {MAX_SIZE} are supported", source=source, line=first_line)
    width = len(first_row)
    codes = np.empty((len(rows), width), dtype=np.int8)
    for r, (number, row) in enumerate(rows):
        if len(row) > MAX_SIZE:
            raise PuzzleError(f"maze row has {len(row)} cells; at most {MAX_SIZE} are supported",
                              source=source, line=number)
        if len(row) != width:
            raise PuzzleError(f"maze row has {len(row)} cells, but the maze's first row (line "
                              f"{first_line}) has {width}; rows must be equally wide (trailing "
                              f"spaces count as open cells)", source=source, line=number)
        for c, ch in enumerate(row):
            code = _CHAR_CODE.get(ch)
            if code is None:
                raise PuzzleError(f"unknown character {ch!r} at {cell_name(r, c)} (column {c + 1}); "
                                  f"{_CHARSET_HINT}", source=source, line=number)
            codes[r, c] = code
    for code, what in ((START, "starts (S)"), (GOAL, "goals (G)")):
        found = [(int(r), int(c)) for r, c in np.argwhere(codes == code)]
        if len(found) != 1:
            message = f"maze at line {first_line} has {len(found) or 'no'} {what}"
            if found:
                shown = [f"{cell_name(r, c)} (line {rows[r][0]})" for r, c in found[:4]]
                message += ", at " + " and ".join(shown) + (" and more" if len(found) > 4 else "")
            raise PuzzleError(message + "; it needs exactly one", source=source, line=first_line)
    solution = codes.copy() if (codes == PATH).any() else None
    grid = np.where(codes == PATH, OPEN, codes)
    return MazePuzzle(grid=grid, solution=solution, source=source, line=first_line)


def format(puzzle: MazePuzzle, answer: np.ndarray | None = None, open_char: str = ".") -> str:
    """The maze as text that `parse` reads back. The path of `answer` (default: the puzzle's own
    solution, if any) is drawn with `o` on open cells; pass `puzzle.grid` to draw no path. Open
    cells are `.` by default because editors strip trailing spaces."""
    shown = puzzle.solution if answer is None else np.asarray(answer)
    if shown is not None and shown.shape != puzzle.shape:
        raise ValueError(f"answer shape {shown.shape} differs from maze shape {puzzle.shape}")
    codes = puzzle.grid.copy()
    if shown is not None:
        codes[(codes == OPEN) & (shown == PATH)] = PATH
    chars = np.array(["#", open_char, "S", "G", "o"])  # indexed by cell code
    return "".join("".join(row) + "\n" for row in chars[codes])


# --------------------------------------------------------------------------------------- tokens

def _encode(grid: np.ndarray) -> np.ndarray:
    canvas = np.zeros((MAX_SIZE, MAX_SIZE), dtype=np.int64)  # see crop_tokens for smaller canvases
    canvas[: grid.shape[0], : grid.shape[1]] = grid.astype(np.int64) + 1
    return canvas.reshape(-1)


def encode_input(puzzle: MazePuzzle) -> np.ndarray:
    """The puzzle as SEQ_LEN int64 tokens."""
    return _encode(puzzle.grid)


def encode_target(puzzle: MazePuzzle, answer: np.ndarray) -> np.ndarray:
    """An answer grid (PATH on the path) as SEQ_LEN int64 tokens."""
    answer = np.asarray(answer)
    if answer.shape != puzzle.shape:
        raise ValueError(f"answer shape {answer.shape} differs from maze shape {puzzle.shape}")
    if answer.min() < WALL or answer.max() > PATH:
        raise ValueError("answer codes must be 0-4")
    return _encode(answer)


def decode(puzzle: MazePuzzle, tokens: np.ndarray) -> np.ndarray:
    """The puzzle-shaped window of a network output. Tokens outside 1-5 (padding or garbage) become
    WALL, which `check` reports because the puzzle has no wall there (or it is harmless)."""
    tokens = np.asarray(tokens)
    side = math.isqrt(tokens.size)  # the full canvas, or a smaller one from crop_tokens
    window = tokens.reshape(side, side)[: puzzle.shape[0], : puzzle.shape[1]]
    window = window.astype(np.int64)
    codes = window - 1
    codes[(window < 1) | (window > PATH + 1)] = WALL
    return codes.astype(np.int8)


def crop_tokens(tokens: np.ndarray, side: int) -> np.ndarray:
    """Tokens of the top-left side x side canvas (for mazes no larger than that): a conv-mixer model
    trains on small canvases at a fraction of the cost, with the same weights."""
    return np.asarray(tokens).reshape(MAX_SIZE, MAX_SIZE)[:side, :side].reshape(-1).copy()


# ------------------------------------------------------------------------------------------ BFS

def _bfs(passable: np.ndarray, source: int) -> tuple[list[int], list[int]]:
    """Distances and BFS parents (flat indices, -1 = unreached) over 4-connected passable cells.
    Plain lists: on <= 900 cells this beats numpy, and the generator calls it thousands of times."""
    h, w = passable.shape
    ok = passable.reshape(-1).tolist()
    dist = [-1] * (h * w)
    parent = [-1] * (h * w)
    dist[source] = 0
    queue = [source]
    for u in queue:  # the list grows while we iterate: a FIFO without deque overhead
        r, c = divmod(u, w)
        d = dist[u] + 1
        for v, inside in ((u - w, r > 0), (u + w, r < h - 1), (u - 1, c > 0), (u + 1, c < w - 1)):
            if inside and ok[v] and dist[v] < 0:
                dist[v] = d
                parent[v] = u
                queue.append(v)
    return dist, parent


# Direction priority of the canonical path, as (row, column) steps: up, left, down, right.
_PRIORITY = ((-1, 0), (0, -1), (1, 0), (0, 1))


def bfs_path(puzzle: MazePuzzle) -> np.ndarray | None:
    """The canonical shortest S-to-G answer, picked by a local rule, or None if G is unreachable.

    Random mazes have many shortest paths (a 30x30 hard maze has a median of ~60,000), and any of
    them is right; a network trained on one arbitrary pick per maze learns a blur. This one is fixed
    by what the network can see: walking back from G, always step to the first neighbour in the order
    up, left, down, right whose BFS distance from S is one less. Under a symmetry of the maze the
    rule is applied again in the new frame (MazeAugmentation.apply), so the target stays a function
    of the input the network reads."""
    h, w = puzzle.shape
    (sr, sc), (gr, gc) = puzzle.start, puzzle.goal
    dist, _ = _bfs(puzzle.grid != WALL, sr * w + sc)
    if dist[gr * w + gc] < 0:
        return None
    answer = puzzle.grid.copy()
    r, c = gr, gc
    while dist[r * w + c] > 1:
        d = dist[r * w + c]
        for dr, dc in _PRIORITY:
            rr, cc = r + dr, c + dc
            if 0 <= rr < h and 0 <= cc < w and dist[rr * w + cc] == d - 1:
                r, c = rr, cc
                break
        answer[r, c] = PATH
    return answer


solve_exact = bfs_path


# ---------------------------------------------------------------------------------------- check

def check(puzzle: MazePuzzle, answer: np.ndarray) -> Verdict:
    """Whether `answer` marks one simple path S -> G through open cells and keeps the maze intact.
    The path must not touch itself (a cell next to two non-consecutive path cells is reported as a
    branch): the marked cells must be exactly the path. details: length (moves, None if G is not
    reached), shortest, shortest_length, reachable."""
    answer = np.asarray(answer)
    best = bfs_path(puzzle)
    shortest = None if best is None else int((best == PATH).sum()) + 1
    details: dict = {"length": None, "shortest": False, "shortest_length": shortest,
                     "reachable": shortest is not None}
    if answer.shape != puzzle.shape:
        got = "x".join(map(str, answer.shape)) or "a scalar"
        return Verdict(False, (f"answer is {got}, expected {puzzle.shape[0]}x{puzzle.shape[1]}",),
                       details)
    problems: list[str] = []
    if shortest is None:
        problems.append("no path exists from S to G")
    problems += _cell_problems(puzzle.grid, answer)
    path_cells = {(int(r), int(c)) for r, c in np.argwhere(answer == PATH)}
    s, g = puzzle.start, puzzle.goal
    adjacent = abs(s[0] - g[0]) + abs(s[1] - g[1]) == 1
    if not path_cells and not adjacent:
        if shortest is not None:
            problems.append("the answer marks no path cells")
    else:
        length, walk_problems = _walk(path_cells | {s, g}, s, g)
        problems += walk_problems
        details["length"] = length
    if len(problems) > _MAX_PROBLEMS:
        problems = problems[:_MAX_PROBLEMS] + [f"and {len(problems) - _MAX_PROBLEMS} more problems"]
    ok = not problems
    details["shortest"] = ok and details["length"] == shortest
    return Verdict(ok, tuple(problems), details)


def _cell_problems(grid: np.ndarray, answer: np.ndarray) -> list[str]:
    """Cells where the answer changes the maze itself (walls, S, G) or holds no valid code."""
    problems = []
    for r, c in np.argwhere(grid != np.where(answer == PATH, OPEN, answer)):
        p, a, name = int(grid[r, c]), int(answer[r, c]), cell_name(r, c)
        if not WALL <= a <= PATH:
            problems.append(f"{name} holds {a}, which is not a maze cell code")
        elif p == WALL and a == PATH:
            problems.append(f"path cell {name} is a wall")
        elif p == WALL:
            problems.append(f"{name} is a wall in the maze but not in the answer")
        elif p in (START, GOAL):
            problems.append(f"{'S' if p == START else 'G'} at {name} is missing from the answer")
        elif a == WALL:
            problems.append(f"{name} is open in the maze but a wall in the answer")
        else:
            problems.append(f"{name} is {'S' if a == START else 'G'} in the answer but not in the maze")
    return problems


def _walk(cells: set[tuple[int, int]], s: tuple[int, int], g: tuple[int, int]
          ) -> tuple[int | None, list[str]]:
    """Follow the marked cells from S; returns (moves to G or None, problems)."""
    prev, cur, seen = None, s, {s}
    while cur != g:
        r, c = cur
        nxt = [n for n in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if n in cells and n != prev]
        if not nxt:
            where = f"S ({cell_name(*s)})" if cur == s else cell_name(*cur)
            return None, [f"path is broken after {where}", "path does not reach G"]
        if len(nxt) > 1:
            names = " and ".join(cell_name(*n) for n in nxt)
            return None, [f"path branches at {cell_name(*cur)} (it continues to {names})"]
        prev, cur = cur, nxt[0]
        if cur in seen:  # defensive: a revisit needs a cell with 3 marked neighbours, a branch
            return None, [f"path loops back at {cell_name(*cur)}"]
        seen.add(cur)
    stray = sorted(cells - seen)
    if stray:
        return len(seen) - 1, [f"{len(stray)} path cells are not on the path from S to G, first at "
                               f"{cell_name(*stray[0])}"]
    return len(seen) - 1, []


# ------------------------------------------------------------------------------------ generator

def generate(rng: np.random.Generator, difficulty: str) -> MazePuzzle:
    """A random maze of the given level (see the module docstring), carrying its canonical path."""
    if difficulty not in _LEVELS:
        raise ValueError(f"unknown maze difficulty {difficulty!r}; choose one of {DIFFICULTIES}")
    side, need = _LEVELS[difficulty]
    return generate_sized(rng, side, side, need, source=f"<generated {difficulty}>")


def generate_sized(rng: np.random.Generator, height: int, width: int, min_length: int,
                   source: str = "<generated>") -> MazePuzzle:
    """A random height x width maze (the level generator's method) whose shortest path has at least
    `min_length` moves, carrying its canonical shortest path."""
    if not (1 <= height <= MAX_SIZE and 1 <= width <= MAX_SIZE) or height * width < 2:
        raise ValueError(f"maze size must be 1-{MAX_SIZE} x 1-{MAX_SIZE} with at least 2 cells")
    if min_length > height * width - 1:
        raise ValueError(f"no path of {min_length} moves fits in {height}x{width} cells")
    while True:
        # An exact wall count (not a per-cell coin flip) keeps small mazes inside the density range.
        walls = round(rng.uniform(*_WALL_DENSITY) * height * width)
        open_ = np.ones(height * width, dtype=bool)
        open_[rng.choice(height * width, size=walls, replace=False)] = False
        open_ = open_.reshape(height, width)
        pair = _far_pair(rng, open_, max(1, min_length))
        if pair is None:
            continue
        grid = np.where(open_, OPEN, WALL).astype(np.int8)
        s, g = pair if rng.random() < 0.5 else pair[::-1]
        grid.flat[s], grid.flat[g] = START, GOAL
        puzzle = MazePuzzle(grid=grid, source=source)
        return MazePuzzle(grid=grid, solution=bfs_path(puzzle), source=source)


def _far_pair(rng: np.random.Generator, open_: np.ndarray, need: int) -> tuple[int, int] | None:
    """Two flat cells of the largest open component at BFS distance >= need, or None to redraw.

    Double sweep: BFS from a random cell of the component finds A near one end of its diameter;
    BFS from A gives the farthest cell B. While B is closer than `need`, wall off a random cell of
    the shortest A-B path (never one that would cut B off), which can only lengthen it, as long as
    the wall density stays <= 50%. `open_` is modified in place."""
    best = _largest_component(open_)
    if len(best) <= need:  # a component of n cells has no path longer than n - 1 moves
        return None
    dist, _ = _bfs(open_, best[int(rng.integers(len(best)))])
    a = int(np.argmax(dist))
    dist, parent = _bfs(open_, a)
    wall_budget = int(_WALL_DENSITY[1] * open_.size) - int(open_.size - open_.sum())
    flat = open_.reshape(-1)
    cuts: set[int] = set()  # cells whose walling would disconnect the current far end
    while max(dist) < need:
        b = int(np.argmax(dist))
        path, v = [], parent[b]
        while v != a:
            if v not in cuts:
                path.append(v)
            v = parent[v]
        if wall_budget <= 0 or not path:
            return None
        v = path[int(rng.integers(len(path)))]
        flat[v] = False
        new_dist, new_parent = _bfs(open_, a)
        if new_dist[b] < 0:
            flat[v] = True
            cuts.add(v)
        else:
            dist, parent, wall_budget = new_dist, new_parent, wall_budget - 1
    far = np.flatnonzero(np.asarray(dist) >= need)
    return a, int(far[rng.integers(len(far))])


def _largest_component(open_: np.ndarray) -> list[int]:
    """Flat cells of the largest 4-connected open component (one flood-fill pass over the grid)."""
    h, w = open_.shape
    todo = open_.reshape(-1).tolist()  # True = open and not yet assigned to a component
    best: list[int] = []
    for cell in range(h * w):
        if not todo[cell]:
            continue
        todo[cell] = False
        comp = [cell]
        for u in comp:
            r, c = divmod(u, w)
            for v, inside in ((u - w, r > 0), (u + w, r < h - 1), (u - 1, c > 0), (u + 1, c < w - 1)):
                if inside and todo[v]:
                    todo[v] = False
                    comp.append(v)
        if len(comp) > len(best):
            best = comp
    return best


# -------------------------------------------------------------------------------- augmentations

@dataclass(frozen=True)
class MazeAugmentation:
    """A dihedral symmetry applied to a maze and its solution."""

    transform: Dihedral

    def apply(self, puzzle: MazePuzzle) -> MazePuzzle:
        """The transformed maze. A solution that is a shortest path becomes the canonical path of the
        transformed maze (equally short, and the pick a network can learn: see bfs_path); any
        other solution (a longer path someone drew) is moved with the cells."""
        grid = self.transform.apply_grid(puzzle.grid)
        sol = None if puzzle.solution is None else self.transform.apply_grid(puzzle.solution)
        moved = MazePuzzle(grid=grid, solution=sol, source=puzzle.source, line=puzzle.line)
        if sol is not None and _is_shortest(puzzle):
            moved = MazePuzzle(grid=grid, solution=bfs_path(moved), source=puzzle.source,
                               line=puzzle.line)
        return moved

    def apply_grid(self, grid: np.ndarray) -> np.ndarray:
        return self.transform.apply_grid(grid)

    def invert_grid(self, grid: np.ndarray) -> np.ndarray:
        return self.transform.invert_grid(grid)

    invert_cells = invert_grid  # per-cell values (confidences) move with the cells


def _is_shortest(puzzle: MazePuzzle) -> bool:
    """Whether the puzzle's solution is a valid shortest path (one BFS, inside check)."""
    return bool(check(puzzle, puzzle.solution).details["shortest"])


def random_augmentation(rng: np.random.Generator, puzzle: MazePuzzle) -> MazeAugmentation:
    return MazeAugmentation(random_dihedral(rng))


# ------------------------------------------------------------------------- solve path and training

def acceptable(verdict: Verdict) -> bool:
    """A valid path is not done until it is a shortest one."""
    return verdict.ok and bool(verdict.details.get("shortest", False))


def repair(puzzle: MazePuzzle, network_answer: np.ndarray) -> Repair:
    """An invalid or longer-than-shortest path is replaced by BFS's."""
    path = bfs_path(puzzle)
    if path is None:
        v = Verdict(False, ("no path exists from S to G",))
        return Repair(None, 0, v, v.problems[0])
    changed = int(np.count_nonzero(path != np.asarray(network_answer)))
    return Repair(path, changed, check(puzzle, path), f"BFS replaced the path ({changed} cells differ)", rebuilt=True)


def with_answer(puzzle: MazePuzzle) -> MazePuzzle:
    """Training needs a shortest path: a drawn path that is not shortest would teach the wrong thing."""
    path = bfs_path(puzzle)
    if path is None:
        raise PuzzleError("no path from S to G", source=puzzle.source, line=puzzle.line)
    if puzzle.solution is None or not check(puzzle, puzzle.solution).details.get("shortest"):
        return MazePuzzle(puzzle.grid, path, puzzle.source, puzzle.line)
    return puzzle


def _blocks(text: str) -> list[tuple[int, str]]:
    """Mazes are separated by empty lines; each block keeps its first line number for messages."""
    blocks, cur, start = [], [], 1
    for n, line in enumerate(text.splitlines(), start=1):
        if line == "":
            if cur:
                blocks.append((start, "\n".join(cur)))
            cur, start = [], n + 1
        else:
            cur.append(line)
    if cur:
        blocks.append((start, "\n".join(cur)))
    return blocks


def parse_report(text: str, source: str = "<input>") -> tuple[list[MazePuzzle], list[PuzzleError]]:
    """Every maze that reads and every bad one with its reason (training data: skip and report)."""
    good, bad = [], []
    for first, block in _blocks(text):
        try:
            # Leading empty lines keep the parser's line numbers those of the whole file.
            good += parse("\n" * (first - 1) + block, source)
        except PuzzleError as e:
            bad.append(e)
    return good, bad


def level_of(puzzle: MazePuzzle) -> str:
    """Its size."""
    h, w = puzzle.shape
    return f"{h}x{w}"


def level_order(level: str) -> tuple:
    h, _, w = level.partition("x")
    return (int(h) * int(w) if h.isdigit() and w.isdigit() else 0, level)


def grid_json(puzzle: MazePuzzle, grid: np.ndarray) -> list[str]:
    """Rows of text."""
    return format(puzzle, grid).splitlines()


def puzzle_json(puzzle: MazePuzzle) -> list[str]:
    return format(puzzle, puzzle.grid).splitlines()


def grid_text(puzzle: MazePuzzle, grid: np.ndarray) -> str:
    return format(puzzle, grid)


def training_key(puzzle: MazePuzzle) -> bytes:
    return min(t.apply_grid(puzzle.grid).tobytes() + bytes(t.apply_grid(puzzle.grid).shape) for t in DIHEDRAL)


# ---------------------------------------------------------------------------------------- kind

# The conv mixer: attention over 900 cells costs 7x more per step on a CPU (resources/models/README.md).
SCRATCH_SHAPE = {"hidden_size": 64, "num_layers": 2, "ffn_multiple": 64, "mixer": "conv", "conv_kernel": 5,
                 "T": 2, "n": 3, "N_sup": 16}
KIND = ModuleKind(sys.modules[__name__], "maze", VOCAB_SIZE, SEQ_LEN, difficulties=DIFFICULTIES,
                  file_separator="\n\n", scratch_shape=SCRATCH_SHAPE, unique_answer=False,
                  not_done="network path is valid but not shortest")
