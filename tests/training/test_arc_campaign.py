"""The campaign's generated examples: each task's pairs (at most GENERATED_PER_TASK) under that task's
augmentations, with its puzzle-embedding rows, as pretraining numbers them."""
import numpy as np

from solver.arc_adapt import task_augmentations
from solver.puzzles.arc import ArcTask
from training.recipes import arc_generated
from training.recipes.arc import AUG_SEED, AUGMENTATIONS
from training.recipes.arc_campaign import GENERATED_PER_TASK, generated_examples


def test_generated_pairs_become_examples_of_their_own_task(tmp_path):
    g = np.arange(6, dtype=np.int8).reshape(2, 3)
    tasks = [ArcTask(name, ((g, g.T),), (g,), (g.T,)) for name in ("a", "b", "c")]
    rng = np.random.default_rng(0)
    pairs = [(rng.integers(0, 9, size=(2, 3)).astype(np.int8),) * 2 for _ in range(GENERATED_PER_TASK + 3)]
    path = tmp_path / "g.npz"
    arc_generated.save(path, {"b": ("copy", pairs)})
    examples, with_rule = generated_examples(tasks, path)
    assert with_rule == 1 and len(examples) == GENERATED_PER_TASK * AUGMENTATIONS
    augs = task_augmentations(AUGMENTATIONS, AUG_SEED + 1)       # task "b" is task 1
    for k, e in enumerate(examples):
        a, i = divmod(k, GENERATED_PER_TASK)
        assert e.puzzle_id == 1 * AUGMENTATIONS + a
        assert np.array_equal(e.input, augs[a].apply_grid(pairs[i][0]))
    assert generated_examples(tasks, tmp_path / "none.npz") == ([], 0)
