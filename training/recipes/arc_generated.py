"""Generated ARC examples: programs the search finds on the training tasks, run on new inputs.

`python -m training.recipes.arc_generated [--per-task N] [--out FILE]` searches each ARC-AGI-1 training
task for programs (solver.arc_search) and keeps, per task, the first one that reproduces every
demonstration *and* gives every test output of the task (the task files have them: a program that
passes both is the task's rule as well as anything here knows it). It then runs that program on new
inputs, and every input it runs on (an ARC grid comes out, not the input unchanged, not a pair the task
already has) is a new pair of the same rule:
- the task's own inputs under the seven other dihedral transforms and under permutations of their
  colours other than the background (a rule about particular colours may then give another output:
  that is the program's rule, kept as it is);
- inputs of other training tasks.
The pairs are saved compactly (npz: shapes and cells) so that a campaign resumed on a fresh clone reads
them rather than searching again; `load` gives them back per task name.
"""
from __future__ import annotations

import argparse
import io
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from solver.arc_search import SearchOptions, search
from solver.arc_search.dsl import Program
from solver.arc_search.grids import background
from solver.checkpoint import atomic_write_bytes
from solver.puzzles.arc import ArcTask
from training.data.arc_tasks import load_arc1

Pair = tuple[np.ndarray, np.ndarray]
DIHEDRAL = (lambda g: np.rot90(g, 1), lambda g: np.rot90(g, 2), lambda g: np.rot90(g, 3), np.fliplr, np.flipud,
            lambda g: g.T, lambda g: np.rot90(g, 2).T)


def rule_of(task: ArcTask, options: SearchOptions) -> Program | None:
    """The cheapest program that reproduces the demonstrations and gives every test output of `task`."""
    first = None
    for k, (test, expected) in enumerate(zip(task.test_inputs, task.test_outputs)):
        found = search(task.train, test, options).found
        right = [f for f in found if f.output.shape == expected.shape and np.array_equal(f.output, expected)]
        if not right:
            return None
        first = first or right[0].program
    if first is None:
        return None
    for test, expected in zip(task.test_inputs, task.test_outputs):   # the one program, on every test input
        out = first.run(test)
        if out is None or out.shape != expected.shape or not np.array_equal(out, expected):
            return None
    return first


def candidate_inputs(task: ArcTask, others: Sequence[np.ndarray], rng: np.random.Generator,
                     recolourings: int = 4) -> list[np.ndarray]:
    """New inputs for `task`'s rule: its inputs transformed and recoloured, then other tasks' inputs."""
    own = [i for i, _ in task.train] + list(task.test_inputs)
    out = [t(i) for i in own for t in DIHEDRAL]
    bg = background(own)
    for i in own:
        for _ in range(recolourings):
            perm = np.arange(10)
            free = np.array([c for c in range(10) if c != bg])
            perm[free] = rng.permutation(free)
            out.append(perm[i])
    picks = rng.permutation(len(others))
    out += [others[k] for k in picks]
    return [np.ascontiguousarray(g, dtype=np.int8) for g in out]


def generate_for(task: ArcTask, program: Program, others: Sequence[np.ndarray], per_task: int,
                 rng: np.random.Generator) -> list[Pair]:
    seen = {(i.shape, i.tobytes()) for i, _ in task.train} | {(i.shape, i.tobytes()) for i in task.test_inputs}
    pairs: list[Pair] = []
    for grid in candidate_inputs(task, others, rng):
        if len(pairs) >= per_task:
            break
        k = (grid.shape, grid.tobytes())
        if k in seen:
            continue
        seen.add(k)
        out = program.run(grid)
        if out is None or (out.shape == grid.shape and np.array_equal(out, grid)):
            continue
        pairs.append((grid, out))
    return pairs


def generate(tasks: Sequence[ArcTask], per_task: int, seed: int, options: SearchOptions,
             log=print) -> dict[str, tuple[str, list[Pair]]]:
    """task name -> (the program in words, its new pairs), for the tasks where a program was found."""
    rng = np.random.default_rng(seed)
    others = [i for t in tasks for i, _ in t.train]
    out = {}
    t0 = time.perf_counter()
    for n, task in enumerate(tasks):
        program = rule_of(task, options)
        if program is not None:
            out[task.name] = (program.describe(), generate_for(task, program, others, per_task, rng))
            log(f"{task.name}: {len(out[task.name][1])} pairs of '{program.describe()}'")
        if n % 50 == 49:
            log(f"{n + 1}/{len(tasks)} tasks searched, {len(out)} with a rule, {time.perf_counter() - t0:.0f} s")
    return out


def save(path: Path, generated: dict[str, tuple[str, list[Pair]]]) -> None:
    names, programs, shapes, cells = [], [], [], []
    for name, (program, pairs) in generated.items():
        for i, o in pairs:
            names.append(name)
            programs.append(program)
            shapes.append(i.shape + o.shape)
            cells += [i.ravel(), o.ravel()]
    buf = io.BytesIO()
    np.savez_compressed(buf, names=np.array(names), programs=np.array(programs),
                        shapes=np.array(shapes, np.int16).reshape(-1, 4),
                        cells=np.concatenate(cells).astype(np.int8) if cells else np.zeros(0, np.int8))
    atomic_write_bytes(path, buf.getvalue())


def load(path: Path) -> dict[str, list[Pair]]:
    """task name -> its generated pairs, as `save` wrote them."""
    with np.load(path) as d:
        names, shapes, cells = d["names"], d["shapes"], d["cells"]
    out: dict[str, list[Pair]] = {}
    at = 0
    for name, (h, w, oh, ow) in zip(names.tolist(), shapes.tolist()):
        i = cells[at:at + h * w].reshape(h, w)
        o = cells[at + h * w:at + h * w + oh * ow].reshape(oh, ow)
        at += h * w + oh * ow
        out.setdefault(name, []).append((i, o))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.arc_generated")
    ap.add_argument("--per-task", type=int, default=32, help="new pairs per task with a rule, at most")
    ap.add_argument("--seconds", type=float, default=10.0, help="search budget per test input")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("training/campaigns/arc/generated.npz"))
    args = ap.parse_args(argv)
    tasks = load_arc1("train")
    generated = generate(tasks, args.per_task, args.seed, SearchOptions(max_seconds=args.seconds))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save(args.out, generated)
    pairs = sum(len(p) for _, p in generated.values())
    print(f"{len(generated)} of {len(tasks)} training tasks with a rule, {pairs} new pairs -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
