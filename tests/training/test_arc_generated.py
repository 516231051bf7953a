"""Generated ARC examples: the rule is a program that also gives the task's test outputs, its new pairs
are its own outputs on inputs the task does not have, and they survive the compact file."""
import numpy as np

from solver.arc_search import SearchOptions
from solver.puzzles.arc import ArcTask
from training.recipes import arc_generated


def _flip_task(rng, name="flip", wrong_test=False):
    grids = [rng.integers(0, 4, size=(3, 4)).astype(np.int8) for _ in range(4)]
    test_out = np.zeros((3, 4), np.int8) if wrong_test else np.fliplr(grids[3])
    return ArcTask(name, tuple((g, np.fliplr(g)) for g in grids[:3]), (grids[3],), (test_out,))


def test_a_rule_must_give_the_test_outputs_and_its_pairs_are_its_own_outputs(tmp_path):
    rng = np.random.default_rng(0)
    task = _flip_task(rng)
    options = SearchOptions(max_seconds=5)
    assert arc_generated.rule_of(_flip_task(rng, wrong_test=True), options) is None
    program = arc_generated.rule_of(task, options)
    assert program is not None and program.describe() == "flip left-right"
    others = [rng.integers(0, 5, size=(2, 6)).astype(np.int8) for _ in range(5)]
    pairs = arc_generated.generate_for(task, program, others, per_task=12, rng=rng)
    assert len(pairs) == 12
    known = {g.tobytes() for g, _ in task.train} | {task.test_inputs[0].tobytes()}
    for i, o in pairs:
        assert np.array_equal(o, np.fliplr(i)) and not np.array_equal(i, o) and i.tobytes() not in known
    path = tmp_path / "g.npz"
    arc_generated.save(path, {"flip": ("flip left-right", pairs), "other": ("x", pairs[:2])})
    back = arc_generated.load(path)
    assert sorted(back) == ["flip", "other"] and len(back["flip"]) == 12
    assert all(np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(back["flip"], pairs))


def test_a_program_that_does_not_run_on_an_input_gives_no_pair():
    rng = np.random.default_rng(1)
    task = _flip_task(rng)
    never = type("Never", (), {"run": staticmethod(lambda g: None)})()
    assert arc_generated.generate_for(task, never, [np.ones((2, 2), np.int8)], 8, rng) == []
