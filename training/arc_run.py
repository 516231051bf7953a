"""The user's ARC tasks as a training run: `trm train --kind arc`, and the wizard's "adapt to a single ARC
task".

ARC is learned per task: every task's demonstration pairs are trained under A augmentations, each
(task, augmentation) with its own puzzle-embedding row t * A + a, as in pretraining and in test-time
adaptation (solver.arc_adapt). The test pairs whose outputs the files give are the validation: never
trained on, they measure whether the run learned what each task asks. A task without a test output
still trains. The saved model lists its tasks (sidecar "arc_tasks", by solver.arc_adapt.task_key), so
solving one of them later uses its learned rows instead of adapting again.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from solver.arc_adapt import (AdaptOptions, ArcSource, task_augmentations, task_examples, task_key,
                              with_fresh_embedding)
from solver.model import TRM, TRMConfig
from solver.puzzles.arc import ArcPuzzle, ArcTask


def split_tasks(puzzles: Sequence[ArcPuzzle]) -> tuple[list[ArcPuzzle], list[ArcPuzzle]]:
    """(one entry per task, whose demonstrations are trained on; the test pairs with known outputs).
    A task given twice (same demonstrations, another file) counts once, its test pairs too."""
    train, val, seen_tasks, seen_tests = [], [], set(), set()
    for p in puzzles:
        key = task_key(p.task)
        if key not in seen_tasks:
            seen_tasks.add(key)
            train.append(p)
        if p.solution is not None and (key, p.test_index) not in seen_tests:
            seen_tests.add((key, p.test_index))
            val.append(p)
    return train, val


@dataclass
class ArcRun:
    """What a Trainer needs for ARC beyond a config: the sampler of examples and the validation rows."""
    tasks: list[ArcTask]
    source: ArcSource
    val_ids: list[int]
    meta: list[dict]      # the sidecar's "arc_tasks"


def arc_run(train: Sequence[ArcPuzzle], val: Sequence[ArcPuzzle], augmentations: int, seed: int) -> ArcRun:
    tasks = [p.task for p in train]
    items, meta, row = [], [], {}
    for i, task in enumerate(tasks):
        key, aug_seed, first = task_key(task), AdaptOptions.seed + i, i * augmentations
        items += task_examples(task, task_augmentations(augmentations, aug_seed), first_id=first)
        meta.append({"name": task.name, "key": key, "first_row": first, "augmentations": augmentations,
                     "augmentation_seed": aug_seed})
        row[key] = first
    return ArcRun(tasks, ArcSource(items, [seed, 0]), [row[task_key(p.task)] for p in val], meta)


def with_task_rows(base: TRM | None, cfg: TRMConfig, rows: int) -> tuple[TRM | None, TRMConfig]:
    """The base model (or, from scratch, the config `cfg`) with one fresh puzzle-embedding row per (task,
    augmentation) of this run; a fine-tune's rows start where test-time adaptation starts."""
    if base is not None:
        if not base.cfg.puzzle_emb_len:
            raise ValueError("this model has no puzzle embedding: it was not trained for ARC")
        base = with_fresh_embedding(base, rows)
        return base, base.cfg
    return None, TRMConfig.from_dict({**cfg.to_dict(), "puzzle_emb_len": 1, "num_puzzle_ids": rows})


def prepare(train: Sequence[ArcPuzzle], val: Sequence[ArcPuzzle], base: TRM | None, scratch: TRMConfig,
            augmentations: int, seed: int) -> tuple[ArcRun, TRM | None, TRMConfig]:
    """The run's tasks, and its model (the base with the run's rows, or the scratch config with them)."""
    run = arc_run(train, val, augmentations, seed)
    base, cfg = with_task_rows(base, scratch, len(run.tasks) * augmentations)
    return run, base, cfg
