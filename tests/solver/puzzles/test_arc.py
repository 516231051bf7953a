"""ARC kind: task JSON, errors, canvas encoding, check, augmentations, samples."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.puzzles import arc
from solver.puzzles.arc import ArcAugmentation, ArcPuzzle, ArcTask
from solver.puzzles.base import PuzzleError, read_text_file
from solver.puzzles.dihedral import DIHEDRAL

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples" / "arc"
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

TASK = {"train": [{"input": [[1, 0], [0, 0]], "output": [[0, 1], [0, 0]]},
                  {"input": [[0, 0, 3]], "output": [[3, 0, 0]]}],
        "test": [{"input": [[5, 0, 0], [0, 6, 0]], "output": [[0, 0, 5], [0, 6, 0]]},
                 {"input": [[7]]}]}


def grids(max_side: int = 30) -> st.SearchStrategy[np.ndarray]:
    return st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.integers(0, 2**32 - 1)).map(
        lambda t: np.random.default_rng(t[2]).integers(0, 10, size=(t[0], t[1])).astype(np.int8))


def sample_puzzle() -> ArcPuzzle:
    return arc.parse(json.dumps(TASK), "flip.json")[0]


# ------------------------------------------------------------------------------------------- JSON

def test_parse_one_task_into_one_puzzle_per_test_input() -> None:
    a, b = arc.parse(json.dumps(TASK), "dir/flip.json")
    assert a.task is b.task and (a.test_index, b.test_index) == (0, 1)
    assert a.task.name == "flip" and a.task.source == "dir/flip.json" and a.name == "flip test 1/2"
    assert a.input.shape == (2, 3) and a.solution is not None and a.solution[0, 2] == 5
    assert b.solution is None and len(a.task.train) == 2
    assert a.input.dtype == np.int8 and not a.input.flags.writeable


def test_parse_a_file_of_tasks_by_id() -> None:
    text = json.dumps({"abc123": TASK, "def456": {**TASK, "test": TASK["test"][:1]}})
    tasks = arc.parse_tasks(text, "dump.json")
    assert [t.name for t in tasks] == ["abc123", "def456"] and len(arc.parse(text)) == 3


def test_task_to_json_round_trips() -> None:
    (task,) = arc.parse_tasks(json.dumps(TASK), "flip.json")
    (again,) = arc.parse_tasks(arc.task_to_json(task), "flip.json")
    assert json.loads(arc.task_to_json(again)) == TASK
    for (i, o), (i2, o2) in zip(task.train, again.train):
        assert np.array_equal(i, i2) and np.array_equal(o, o2)


def with_(path: str, value: object) -> str:
    """TASK with the item at a dotted path replaced (or deleted when value is ...)."""
    data = json.loads(json.dumps(TASK))
    *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = data
    for k in parents:
        node = node[k]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return json.dumps(data)


@pytest.mark.parametrize("text, fragment", [
    ('{"train": [', "invalid JSON: Expecting value at line 1, column 12"),
    ("[1, 2]", "expected a JSON object with 'train' and 'test'"),
    ("{}", "the JSON object holds no tasks"),
    ('{"t1": 5}', "task 't1' is a number"),
    (with_("train", ...), "missing key 'train'"),
    (with_("test", []), "'test' is an empty list"),
    (with_("train", {"a": 1}), "'train' is an object, expected a list"),
    (with_("train.1", [1]), "train[1] is a list, expected an object"),
    (with_("train.0.output", ...), "train[0] has no 'output'"),
    (with_("test.0.input", None), "test[0] has no 'input'"),
    (with_("train.1.input", []), "train[1].input is an empty list, expected a list of rows"),
    (with_("train.1.input", "0 0 3"), "train[1].input is a string"),
    (with_("train.0.output.1", 7), "train[0].output row 2 is a number, expected a list of colours"),
    (with_("train.0.output.1", [0, 0, 0]), "train[0].output row 2 has 3 cells, row 1 has 2"),
    (with_("test.0.input.1.2", 12), "test[0].input: colour 12 at r2c3 is not 0-9"),
    (with_("test.0.input.0.0", True), "test[0].input: colour true at r1c1 is not 0-9"),
    (with_("test.0.input.0.1", 1.0), "test[0].input: colour 1.0 at r1c2 is not 0-9"),
    (with_("test.0.input.0.1", -1), "colour -1 at r1c2"),
    (with_("test.0.input", [[0]] * 31), "test[0].input has 31 rows; at most 30"),
    (with_("test.0.input", [[0] * 31]), "test[0].input row 1 has 31 cells; at most 30"),
    ("[" * 100_000, "nested too deeply"),
])
def test_errors_say_where(text: str, fragment: str) -> None:
    with pytest.raises(PuzzleError) as e:
        arc.parse(text, "task.json")
    assert fragment in e.value.message, e.value.message
    assert str(e.value).startswith("task.json")


def test_errors_in_a_dump_name_the_task_and_json_errors_their_line() -> None:
    bad = json.loads(with_("train.0.output.1", [0, 0, 0]))
    with pytest.raises(PuzzleError) as e:
        arc.parse(json.dumps({"ok": TASK, "bad7": bad}), "dump.json")
    assert str(e.value) == "dump.json: task bad7: train[0].output row 2 has 3 cells, row 1 has 2"
    with pytest.raises(PuzzleError) as e:
        arc.parse('{"train": [],\n "test": [}', "t.json")
    assert e.value.line == 2 and str(e.value).startswith("t.json:2: invalid JSON")


json_values = st.recursive(st.none() | st.booleans() | st.integers(-3, 40) | st.floats() | st.text(),
                           lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.sampled_from(["train", "test", "input", "output", "x"]),
                                             kids, max_size=3), max_leaves=30)


@FAST
@given(st.one_of(st.text(), st.text(alphabet='{}[]",:0123456789 \ntraineso', max_size=200),
                 json_values.map(json.dumps)))
def test_garbage_parses_or_raises_puzzle_error(text: str) -> None:
    try:
        puzzles = arc.parse(text, "g.json")
    except PuzzleError as e:
        assert e.source == "g.json"
    else:
        assert all(p.input.ndim == 2 for p in puzzles)


# ----------------------------------------------------------------------------------------- canvas

def test_canvas_layout_with_eos_markers() -> None:
    canvas = arc.encode_grid(np.array([[0, 1, 2], [3, 4, 5]]), offset=(1, 2)).reshape(30, 30)
    assert canvas.dtype == np.int64
    assert canvas[1, 2:5].tolist() == [2, 3, 4] and canvas[2, 2:5].tolist() == [5, 6, 7]
    assert canvas[3, 2:5].tolist() == [1, 1, 1] and canvas[1:3, 5].tolist() == [1, 1]
    assert canvas[3, 5] == 0 and canvas[0].sum() == 0 and (canvas != 0).sum() == 11
    full = arc.encode_grid(np.zeros((30, 30), dtype=np.int8))
    assert (full == 2).all()
    with pytest.raises(ValueError):
        arc.encode_grid(np.zeros((2, 2)), offset=(29, 0))


@FAST
@given(grids(), st.integers(0, 2**32 - 1))
def test_canvas_round_trips_at_any_offset(grid: np.ndarray, seed: int) -> None:
    rng = np.random.default_rng(seed)
    offset = (int(rng.integers(0, 31 - grid.shape[0])), int(rng.integers(0, 31 - grid.shape[1])))
    tokens = arc.encode_grid(grid, offset)
    assert tokens.shape == (900,) and tokens.max() < arc.KIND.vocab_size
    decoded, valid = arc.decode_grid_checked(tokens, offset)
    assert valid and np.array_equal(decoded, grid)
    assert np.array_equal(arc.decode_grid(arc.encode_grid(grid)), grid)


def test_a_task_canvas_holds_every_grid_and_the_predicted_output() -> None:
    blow_up = tuple((np.zeros((3, 3), np.int8), np.zeros((9, 9), np.int8)) for _ in range(2))
    task = ArcTask("x3", blow_up, (np.zeros((4, 4), np.int8),), (None,))
    assert arc.task_canvas(task) == 12 + 1 + 3        # the 4x4 test input's output is 12x12
    assert arc.task_canvas(task, margin=0) == 13
    big = ArcTask("big", ((np.zeros((28, 5), np.int8), np.zeros((2, 2), np.int8)),), (np.zeros((2, 2)),), (None,))
    assert arc.task_canvas(big) == 30                 # never over the 30x30 canvas
    puzzle = ArcPuzzle(task, canvas=arc.task_canvas(task))
    tokens = arc.encode_input(puzzle)
    assert tokens.shape == (16 * 16,) and np.array_equal(arc.decode(puzzle, tokens), puzzle.input)
    turned = arc.ArcAugmentation(arc.DIHEDRAL[1]).apply(puzzle)
    assert turned.canvas == 16                         # an augmented copy keeps its canvas
    small = arc.encode_grid(np.ones((2, 3), np.int8), offset=(1, 1), side=5).reshape(5, 5)
    assert small[1, 1:4].tolist() == [3, 3, 3] and small[3, 1:4].tolist() == [1, 1, 1] and small[1, 4] == 1
    with pytest.raises(ValueError, match="5x5 canvas"):
        arc.encode_grid(np.ones((2, 3), np.int8), offset=(0, 3), side=5)


@FAST
@given(st.integers(0, 2**32 - 1))
def test_any_network_output_decodes(seed: int) -> None:
    tokens = np.random.default_rng(seed).integers(0, 12, size=900)
    grid, valid = arc.decode_grid_checked(tokens)
    assert 1 <= grid.shape[0] <= 30 and 1 <= grid.shape[1] <= 30
    assert grid.min() >= 0 and grid.max() <= 9 and isinstance(valid, bool)


def test_malformed_outputs() -> None:
    grid, valid = arc.decode_grid_checked(np.zeros(900, dtype=np.int64))
    assert grid.shape == (1, 1) and grid[0, 0] == 0 and not valid
    tokens = arc.encode_grid(np.full((3, 4), 7)).reshape(30, 30)
    tokens[1, 2] = arc.EOS  # a hole inside: decodes as 0, marked invalid
    grid, valid = arc.decode_grid_checked(tokens)
    assert grid.shape == (3, 4) and grid[1, 2] == 0 and grid[1, 1] == 7 and not valid
    tokens[0, 3] = arc.PAD  # the first row now ends earlier: the width follows it
    assert arc.decode_grid(tokens).shape == (3, 3)


# ------------------------------------------------------------------------------------------ check

def test_check() -> None:
    a, b = arc.parse(json.dumps(TASK))
    assert arc.check(a, a.solution).ok
    assert arc.check(a, np.zeros((3, 4))).problems == ("answer is 3x4, expected 2x3",)
    wrong = a.solution.copy()
    wrong[1, 2], wrong[0, 0] = 9, 9
    v = arc.check(a, wrong)
    assert v.problems == ("2 cells differ, first at r1c1",) and v.details["cells_differ"] == 2
    assert arc.check(b, np.zeros((1, 1))).problems == ("no expected output to check against",)
    assert arc.solve_exact(a) is None


# ---------------------------------------------------------------------------------- augmentations

@FAST
@given(grids(), st.permutations(range(1, 10)))
def test_invert_undoes_apply_for_every_transform_and_colouring(grid: np.ndarray, perm: list[int]) -> None:
    for d in DIHEDRAL:
        aug = ArcAugmentation(d, (0, *perm))
        moved = aug.apply_grid(grid)
        assert np.array_equal(aug.invert_grid(moved), grid)
        assert np.array_equal(moved == 0, d.apply_grid(grid == 0))  # background stays put


@FAST
@given(st.integers(0, 2**32 - 1))
def test_augmentation_maps_a_task_consistently(seed: int) -> None:
    p = sample_puzzle()
    aug = arc.random_augmentation(np.random.default_rng(seed), p)
    q = aug.apply(p)
    assert q.test_index == p.test_index and len(q.task.train) == len(p.task.train)
    assert np.array_equal(q.input, aug.apply_grid(p.input))
    for (i, o), (i2, o2) in zip(p.task.train, q.task.train):
        assert np.array_equal(i2, aug.apply_grid(i)) and np.array_equal(o2, aug.apply_grid(o))
    assert arc.check(q, aug.apply_grid(p.solution)).ok
    assert np.array_equal(aug.invert_grid(q.solution), p.solution)


def test_bad_colourings_are_refused() -> None:
    with pytest.raises(ValueError):
        ArcAugmentation(DIHEDRAL[0], (1, 0, 2, 3, 4, 5, 6, 7, 8, 9))
    with pytest.raises(ValueError):
        ArcAugmentation().apply_grid(np.array([[10]]))


# ---------------------------------------------------------------------------------- samples, kind

RULES = {
    "mirror": lambda g: g[:, ::-1],
    "recolour": lambda g: np.where(g == 1, 2, g),
    "gravity": lambda g: np.stack([np.concatenate([c[c == 0], c[c != 0]]) for c in g.T], axis=1),
    "scale2x": lambda g: np.kron(g, np.ones((2, 2), dtype=g.dtype)),
}


def test_samples_parse_and_follow_their_rules() -> None:
    files = sorted(SAMPLES.glob("*.json"))
    assert 3 <= len(files) <= 5
    names = []
    for f in files:
        for task in arc.parse_tasks(read_text_file(f), str(f)):
            names.append(task.name)
            rule = RULES.get(task.name)
            pairs = list(task.train) + [(i, o) for i, o in zip(task.test_inputs, task.test_outputs)
                                        if o is not None]
            for i, o in pairs:
                assert rule is None or np.array_equal(rule(i), o), (task.name, i, o)
    assert {"mirror", "recolour", "fill", "gravity", "scale2x"} <= set(names)


def test_kind_object_and_format() -> None:
    k = arc.KIND
    assert (k.name, k.vocab_size, k.seq_len) == ("arc", 12, 900)
    p = sample_puzzle()
    assert k.check(p, k.decode(p, k.encode_target(p, p.solution))).ok
    assert np.array_equal(k.decode(p, k.encode_input(p)), p.input)
    assert k.solve_exact(p) is None
    text = k.format(p, p.solution)
    assert text == "flip test 1/2 input (2x3):\n500\n060\n\nanswer (2x3):\n005\n060\n"
    assert isinstance(k.random_augmentation(np.random.default_rng(1), p), ArcAugmentation)


def test_a_task_keeps_read_only_copies_and_one_output_slot_per_test_input() -> None:
    grid = np.array([[1, 2], [3, 4]])
    task = ArcTask(name="x", train=((grid, grid),), test_inputs=(grid,), test_outputs=(None,))
    grid[0, 0] = 9  # the caller's array changes; the task's copy does not
    kept = [*task.train[0], task.test_inputs[0]]
    assert all(g.dtype == np.int8 and not g.flags.writeable and g[0, 0] == 1 for g in kept)
    with pytest.raises(ValueError):
        kept[0][0, 0] = 5
    with pytest.raises(ValueError, match="one entry .* per test input"):
        ArcTask(name="x", train=(), test_inputs=(grid, grid), test_outputs=(None,))
