"""ARC-AGI tasks: infer a grid transformation from demonstration pairs, apply it to a test input.

A task file is JSON, `{"train": [{"input": g, "output": g}, ...], "test": [{"input": g, "output"?: g}]}`
where a grid is a list of 1-30 rows of 1-30 ints 0-9. A file may instead be an object of such tasks
keyed by task id (`{"007bbfb7": task, ...}`, as ARC dumps are); tasks are then named by id, and a
single task is named after its file. Other keys in a task are ignored. Each test input is one puzzle.

Canvas encoding (as the reference TRM implementation): a 30x30 canvas, pad 0, EOS 1, colour c ->
c + 2 (vocab_size 12, seq_len 900). The grid sits at an offset (top-left by default; training may
translate it), with EOS on the row just below it and the column just right of it, where they fit.
A puzzle may ask for a smaller square canvas (`ArcPuzzle.canvas`, see `task_canvas`): the conv mixer's
weights do not depend on the canvas, and a task of small grids costs a fraction of the 900 cells.
"""
from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

from .base import ModuleKind, PuzzleError, Verdict, cell_name
from .dihedral import DIHEDRAL, IDENTITY, Dihedral, random_dihedral

__all__ = [
    "MAX_SIZE", "PAD", "EOS", "DIHEDRAL", "ArcTask", "ArcPuzzle", "ArcAugmentation", "parse",
    "parse_tasks", "task_to_json", "format", "encode_grid", "decode_grid", "decode_grid_checked",
    "encode_input", "encode_target", "decode", "check", "solve_exact", "random_augmentation", "task_canvas",
    "KIND",
]

MAX_SIZE = 30
PAD, EOS, COLOUR0 = 0, 1, 2
VOCAB_SIZE = 12
SEQ_LEN = MAX_SIZE * MAX_SIZE

Grid = np.ndarray


def _frozen(grid: np.ndarray) -> np.ndarray:
    g = np.array(grid, dtype=np.int8, copy=True)
    g.setflags(write=False)
    return g


@dataclass(frozen=True, eq=False)
class ArcTask:
    """Demonstration pairs and test inputs (with their outputs where the file has them)."""

    name: str
    train: tuple[tuple[Grid, Grid], ...]
    test_inputs: tuple[Grid, ...]
    test_outputs: tuple[Grid | None, ...]
    source: str = "<input>"

    def __post_init__(self) -> None:
        if len(self.test_outputs) != len(self.test_inputs):
            raise ValueError("test_outputs must have one entry (or None) per test input")
        object.__setattr__(self, "train", tuple((_frozen(i), _frozen(o)) for i, o in self.train))
        object.__setattr__(self, "test_inputs", tuple(_frozen(g) for g in self.test_inputs))
        object.__setattr__(self, "test_outputs",
                           tuple(None if g is None else _frozen(g) for g in self.test_outputs))


@dataclass(frozen=True, eq=False)
class ArcPuzzle:
    """One test input of a task; the demonstrations come with it through `task`."""

    task: ArcTask
    test_index: int = 0
    canvas: int = MAX_SIZE      # side of the square canvas the puzzle is encoded on

    @property
    def input(self) -> Grid:
        return self.task.test_inputs[self.test_index]

    @property
    def solution(self) -> Grid | None:
        return self.task.test_outputs[self.test_index]

    @property
    def name(self) -> str:
        n = len(self.task.test_inputs)
        return self.task.name if n == 1 else f"{self.task.name} test {self.test_index + 1}/{n}"


# ------------------------------------------------------------------------------------ JSON input

def parse_tasks(text: str, source: str = "<input>") -> list[ArcTask]:
    """The tasks of an ARC JSON text. Raises PuzzleError naming the task, pair, grid and cell."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as e:
        raise PuzzleError(f"invalid JSON: {e.msg} at line {e.lineno}, column {e.colno}",
                          source=source, line=e.lineno) from None
    except RecursionError:
        raise PuzzleError("invalid task: JSON nested too deeply", source=source) from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise PuzzleError(f"invalid JSON: {e}", source=source) from None
    if not isinstance(data, dict):
        raise PuzzleError(f"expected a JSON object with 'train' and 'test' (or an object of such "
                          f"tasks by id), got {_json_type(data)}", source=source)
    if "train" in data or "test" in data:
        return [_parse_task(data, PurePath(source).stem or "task", "", source)]
    if not data:
        raise PuzzleError("the JSON object holds no tasks", source=source)
    tasks = []
    for task_id, task in data.items():
        if not isinstance(task, dict):
            raise PuzzleError(f"task {task_id!r} is {_json_type(task)}, expected an object with "
                              f"'train' and 'test'", source=source)
        tasks.append(_parse_task(task, task_id, f"task {task_id}: ", source))
    return tasks


def parse(text: str, source: str = "<input>") -> list[ArcPuzzle]:
    """One puzzle per test input of every task in the text."""
    return [ArcPuzzle(t, i) for t in parse_tasks(text, source) for i in range(len(t.test_inputs))]


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _parse_task(data: dict, name: str, where: str, source: str) -> ArcTask:
    def fail(message: str) -> PuzzleError:
        return PuzzleError(where + message, source=source)

    pairs: dict[str, list[tuple[Grid, Grid | None]]] = {}
    for key in ("train", "test"):
        if key not in data:
            raise fail(f"missing key '{key}'")
        items = data[key]
        if not isinstance(items, list):
            raise fail(f"'{key}' is {_json_type(items)}, expected a list of pairs")
        if not items:
            raise fail(f"'{key}' is an empty list")
        pairs[key] = []
        for i, item in enumerate(items):
            at = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise fail(f"{at} is {_json_type(item)}, expected an object with 'input' and 'output'")
            for part in ("input", "output") if key == "train" else ("input",):
                if item.get(part) is None:
                    raise fail(f"{at} has no '{part}'")
            out = item.get("output")
            pairs[key].append((_parse_grid(item["input"], f"{at}.input", fail),
                               None if out is None else _parse_grid(out, f"{at}.output", fail)))
    return ArcTask(name=name, train=tuple((i, o) for i, o in pairs["train"]),  # type: ignore[misc]
                   test_inputs=tuple(i for i, _ in pairs["test"]),
                   test_outputs=tuple(o for _, o in pairs["test"]), source=source)


def _parse_grid(value: object, at: str, fail: Callable[[str], PuzzleError]) -> Grid:
    if not isinstance(value, list) or not value:
        raise fail(f"{at} is {'an empty list' if value == [] else _json_type(value)}, "
                   f"expected a list of rows")
    if len(value) > MAX_SIZE:
        raise fail(f"{at} has {len(value)} rows; at most {MAX_SIZE} are allowed")
    for r, row in enumerate(value):
        if not isinstance(row, list) or not row:
            kind = "an empty list" if row == [] else _json_type(row)
            raise fail(f"{at} row {r + 1} is {kind}, expected a list of colours 0-9")
        if len(row) > MAX_SIZE:
            raise fail(f"{at} row {r + 1} has {len(row)} cells; at most {MAX_SIZE} are allowed")
        if len(row) != len(value[0]):
            raise fail(f"{at} row {r + 1} has {len(row)} cells, row 1 has {len(value[0])}")
        for c, x in enumerate(row):
            # bool is an int subclass in Python, and 3.0 is not a colour either
            if type(x) is not int or not 0 <= x <= 9:
                shown = json.dumps(x) if x is None or isinstance(x, (int, float, str)) else _json_type(x)
                shown = shown if len(shown) <= 20 else shown[:17] + "..."
                raise fail(f"{at}: colour {shown} at {cell_name(r, c)} is not 0-9")
    return np.array(value, dtype=np.int8)


def task_to_json(task: ArcTask) -> str:
    """The task as ARC JSON (one grid row per line) that `parse_tasks` reads back."""
    def grid(g: Grid) -> str:
        return "[" + ", ".join(json.dumps(row) for row in g.tolist()) + "]"

    def pair(i: Grid, o: Grid | None) -> str:
        return '{"input": ' + grid(i) + ("" if o is None else ', "output": ' + grid(o)) + "}"

    train = ",\n  ".join(pair(i, o) for i, o in task.train)
    test = ",\n  ".join(pair(i, o) for i, o in zip(task.test_inputs, task.test_outputs))
    return '{"train": [\n  ' + train + '\n], "test": [\n  ' + test + "\n]}\n"


def format(puzzle: ArcPuzzle, answer: Grid | None = None) -> str:
    """A readable rendering: the test input and, if given, the answer, one digit per cell."""
    def block(title: str, g: Grid) -> str:
        rows = "\n".join("".join(str(int(x)) for x in row) for row in np.asarray(g))
        return f"{title} ({g.shape[0]}x{g.shape[1]}):\n{rows}\n"

    text = block(f"{puzzle.name} input", puzzle.input)
    if answer is not None:
        text += "\n" + block("answer", np.asarray(answer))
    return text


# ---------------------------------------------------------------------------------- the canvas

def encode_grid(grid: Grid, offset: tuple[int, int] = (0, 0), side: int = MAX_SIZE) -> np.ndarray:
    """A grid as side*side int64 tokens (SEQ_LEN on the 30x30 canvas), its top-left cell at `offset`."""
    grid = np.asarray(grid)
    h, w = grid.shape
    r0, c0 = offset
    if not (0 <= r0 and 0 <= c0 and r0 + h <= side and c0 + w <= side):
        raise ValueError(f"a {h}x{w} grid at offset {offset} does not fit the {side}x{side} canvas")
    if grid.size and (grid.min() < 0 or grid.max() > 9):
        raise ValueError("grid colours must be 0-9")
    canvas = np.full((side, side), PAD, dtype=np.int64)
    canvas[r0:r0 + h, c0:c0 + w] = grid.astype(np.int64) + COLOUR0
    if r0 + h < side:
        canvas[r0 + h, c0:c0 + w] = EOS
    if c0 + w < side:
        canvas[r0:r0 + h, c0 + w] = EOS
    return canvas.reshape(-1)


def decode_grid_checked(tokens: np.ndarray, offset: tuple[int, int] = (0, 0)) -> tuple[Grid, bool]:
    """(grid, valid) from a possibly malformed canvas. The width is the run of colour tokens along
    the grid's first row, the height the run down its first column; non-colour tokens inside that
    rectangle decode as 0. `valid` is False when a cell inside was not a colour or the rectangle is
    empty (the grid is then 1x1 of 0)."""
    tokens = np.asarray(tokens)
    side = math.isqrt(tokens.size)
    canvas = tokens.reshape(side, side)[offset[0]:, offset[1]:].astype(np.int64)
    is_colour = (canvas >= COLOUR0) & (canvas < COLOUR0 + 10)
    w = _run_length(is_colour[0])
    h = _run_length(is_colour[:, 0])
    if h == 0 or w == 0:
        return np.zeros((1, 1), dtype=np.int8), False
    window, inside = canvas[:h, :w], is_colour[:h, :w]
    return np.where(inside, window - COLOUR0, 0).astype(np.int8), bool(inside.all())


def decode_grid(tokens: np.ndarray, offset: tuple[int, int] = (0, 0)) -> Grid:
    """The grid of a possibly malformed canvas (see decode_grid_checked for the rules)."""
    return decode_grid_checked(tokens, offset)[0]


def _run_length(flags: np.ndarray) -> int:
    stops = np.flatnonzero(~flags)
    return int(stops[0]) if len(stops) else len(flags)


def encode_input(puzzle: ArcPuzzle) -> np.ndarray:
    return encode_grid(puzzle.input, side=puzzle.canvas)


def encode_target(puzzle: ArcPuzzle, answer: Grid) -> np.ndarray:
    return encode_grid(answer, side=puzzle.canvas)


def task_canvas(task: ArcTask, margin: int = 3) -> int:
    """The side of the smallest square canvas that holds every grid of the task, the test outputs as the
    demonstrations' size ratios predict them, with their EOS row and column and `margin` cells to
    translate them by: at most MAX_SIZE."""
    shapes = [g.shape for pair in task.train for g in pair] + [g.shape for g in task.test_inputs]
    ratio = max((max(o.shape[0] / i.shape[0], o.shape[1] / i.shape[1]) for i, o in task.train), default=1.0)
    largest = max(max(s) for s in shapes)
    predicted = max(math.ceil(ratio * max(g.shape)) for g in task.test_inputs) if task.test_inputs else 0
    return min(MAX_SIZE, max(largest, predicted) + 1 + margin)


def decode(puzzle: ArcPuzzle, tokens: np.ndarray) -> Grid:
    return decode_grid(tokens)


# --------------------------------------------------------------------------------------- check

def check(puzzle: ArcPuzzle, answer: Grid) -> Verdict:
    """Exact match against the expected test output (ARC has no rule to check otherwise)."""
    expected = puzzle.solution
    if expected is None:
        return Verdict(False, ("no expected output to check against",), {"cells_differ": None})
    answer = np.asarray(answer)
    if answer.shape != expected.shape:
        got = "x".join(map(str, answer.shape)) or "a scalar"
        return Verdict(False, (f"answer is {got}, expected {expected.shape[0]}x{expected.shape[1]}",),
                       {"cells_differ": None})
    differ = np.argwhere(answer != expected)
    if len(differ):
        n = len(differ)
        return Verdict(False, (f"{n} cell{'s' if n > 1 else ''} differ{'' if n > 1 else 's'}, "
                               f"first at {cell_name(*differ[0])}",), {"cells_differ": n})
    return Verdict(True, (), {"cells_differ": 0})


def solve_exact(puzzle: ArcPuzzle) -> Grid | None:
    return None  # there is no exact solver for ARC


# ------------------------------------------------------------------------------- augmentations

@dataclass(frozen=True)
class ArcAugmentation:
    """A dihedral transform and a recolouring (0, the background, stays; 1-9 are permuted), applied
    alike to every grid of a task. `colours[c]` is the new colour of colour c."""

    transform: Dihedral = IDENTITY
    colours: tuple[int, ...] = tuple(range(10))

    def __post_init__(self) -> None:
        if sorted(self.colours) != list(range(10)) or self.colours[0] != 0:
            raise ValueError("colours must be a permutation of 0-9 that keeps 0")

    def apply_grid(self, grid: Grid) -> Grid:
        return self.transform.apply_grid(np.asarray(self.colours, dtype=np.int8)[_colours(grid)])

    def invert_grid(self, grid: Grid) -> Grid:
        back = np.argsort(self.colours).astype(np.int8)
        return back[self.transform.invert_grid(_colours(grid))]

    def invert_cells(self, values: np.ndarray) -> np.ndarray:
        """Per-cell values (confidences): only the cells move back; there are no colours to undo."""
        return self.transform.invert_grid(values)

    def apply(self, puzzle: ArcPuzzle) -> ArcPuzzle:
        t, f = puzzle.task, self.apply_grid
        task = ArcTask(name=t.name, train=tuple((f(i), f(o)) for i, o in t.train),
                       test_inputs=tuple(f(g) for g in t.test_inputs),
                       test_outputs=tuple(None if g is None else f(g) for g in t.test_outputs),
                       source=t.source)
        return ArcPuzzle(task, puzzle.test_index, puzzle.canvas)


def _colours(grid: Grid) -> np.ndarray:
    g = np.asarray(grid)
    if g.size and (g.min() < 0 or g.max() > 9):  # a negative index would silently wrap around
        raise ValueError("grid colours must be 0-9")
    return g.astype(np.intp)


def random_augmentation(rng: np.random.Generator, puzzle: ArcPuzzle) -> ArcAugmentation:
    colours = (0, *(int(c) for c in rng.permutation(np.arange(1, 10))))
    return ArcAugmentation(random_dihedral(rng), colours)


# ---------------------------------------------------------------------------------------- training

def with_answer(puzzle: ArcPuzzle) -> ArcPuzzle:
    """ARC learns from the demonstrations: a test output, where given, only validates (training.arc_run)."""
    if not puzzle.task.train:
        raise PuzzleError("the task has no demonstration pairs to learn from", source=puzzle.task.source)
    return puzzle


def training_key(puzzle: ArcPuzzle) -> str:
    return puzzle.task.name


def input_grid(puzzle: ArcPuzzle) -> Grid:
    return puzzle.input


def level_of(puzzle: ArcPuzzle) -> str:
    return "task"


def puzzle_json(puzzle: ArcPuzzle) -> dict:
    return {"task": puzzle.task.name, "test_index": puzzle.test_index}


# ----------------------------------------------------------------------------------------- kind

# A task's rules are its own: only an expected output verifies an answer.
# A screenshot shows one grid, not a task with its demonstrations. The network: the maze's conv mixer over
# the 30x30 canvas, 8 supervision steps (training.recipes.arc).
SCRATCH_SHAPE = {"hidden_size": 64, "num_layers": 2, "ffn_multiple": 64, "mixer": "conv", "conv_kernel": 5,
                 "T": 2, "n": 3, "N_sup": 8}
KIND = ModuleKind(sys.modules[__name__], "arc", VOCAB_SIZE, SEQ_LEN, needs_expected=True, photo_is_puzzle=False,
                  per_task=True, scratch_shape=SCRATCH_SHAPE)
