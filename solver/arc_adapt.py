"""Test-time adaptation to an ARC task the model has never seen, and the two-attempt vote.

An ARC model knows a task only through its puzzle embedding (one row per task and augmentation, learned
in pretraining). For a new task, `adapt` gives it A fresh rows (augmentation 0 the identity, the others
a dihedral transform with a recolouring), initialised to the mean of the pretrained rows, and learns
them, optionally with the network's weights, on the task's demonstration pairs under those
augmentations, translated at random on the canvas: the same deep-supervision loop as pretraining
(detached carry, a sample replaced after N_sup steps). `vote` then runs the network on the test input
under each augmentation, maps every prediction back and counts identical grids; the two most voted
are the two attempts (pass@2), ties broken by the network's summed confidence, as the reference
evaluator does.
"""
from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .model import TRM
from .puzzles import arc
from .puzzles.arc import ArcAugmentation, ArcPuzzle, ArcTask
from .refine import refine_batch

IGNORE = -100


@dataclass(frozen=True)
class AdaptOptions:
    steps: int = 300                  # optimizer steps (one supervision step of the batch each)
    max_seconds: float | None = None  # stop earlier when this much time has passed
    augmentations: int = 8            # A: embedding rows and voters
    batch_size: int = 16
    lr: float = 1e-2                  # of the puzzle embedding
    fine_tune_lr: float = 0.0         # > 0: the network's weights are fine-tuned too, at this lr
    recolour: float = 0.0             # this fraction of the samples drawn get fresh colours (ArcSource)
    task_canvas: bool = False         # adapt and vote on the task's own canvas (arc.task_canvas), not 30x30
    attempts: int = 2
    seed: int = 0
    # Every this many steps the identity row answers each demonstration input as if it were the test
    # (0: never); with stop_when_reproduced, adaptation ends once it reproduces every demonstration
    # output exactly: more steps would only fit what is already fitted, and the time is the user's.
    check_every: int = 25
    stop_when_reproduced: bool = True


@dataclass(frozen=True)
class AdaptProgress:
    step: int
    steps: int
    loss: float
    demo_accuracy: float   # cells right on the demonstration samples in flight
    seconds: float
    max_seconds: float | None = None   # the time limit, which may end adaptation before `steps`
    # the latest check (AdaptOptions.check_every): per demonstration, whether the network's answer to its
    # input is its output exactly, and the share of its cells right; empty before the first check
    demo_exact: tuple[bool, ...] = ()
    demo_cells: tuple[float, ...] = ()
    checked_at: int = 0                # the step of that check

    def limit(self) -> str:
        """The time limit for a progress line: ' (at most N min)', or '' without one."""
        return "" if self.max_seconds is None else f" (at most {self.max_seconds / 60:g} min)"

    def reproduced(self) -> str:
        """What the network reproduces of the demonstrations, in words ('' before the first check)."""
        if not self.demo_exact:
            return ""
        return (f"reproduces {sum(self.demo_exact)} of {len(self.demo_exact)} demonstrations exactly "
                f"(at step {self.checked_at})")


@dataclass
class Adapted:
    model: TRM                              # a copy; the pretrained model is untouched
    augmentations: list[ArcAugmentation]    # row a of model.puzzle_emb is augmentation a
    steps: int
    seconds: float
    cancelled: bool = False
    canvas: int = arc.MAX_SIZE              # the side of the canvas it learned the task on
    reproduced_at: int | None = None        # the step from which it reproduced every demonstration


@dataclass(frozen=True)
class Example:
    input: np.ndarray
    output: np.ndarray
    puzzle_id: int
    canvas: int = arc.MAX_SIZE   # the side of its task's own canvas (arc.task_canvas)


def task_augmentations(count: int, seed: int) -> list[ArcAugmentation]:
    """`count` augmentations, the first the identity, the others drawn from `seed`."""
    rng = np.random.default_rng(seed)
    probe = ArcPuzzle(ArcTask("probe", (), (np.zeros((1, 1)),), (None,)))
    return [ArcAugmentation()] + [arc.random_augmentation(rng, probe) for _ in range(count - 1)]


def random_offset(rng: np.random.Generator, *grids: np.ndarray, side: int = arc.MAX_SIZE) -> tuple[int, int]:
    """An offset at which every grid stays on the canvas (its EOS row and column where they fit)."""
    h = max(g.shape[0] for g in grids)
    w = max(g.shape[1] for g in grids)
    return int(rng.integers(0, side - h + 1)), int(rng.integers(0, side - w + 1))


class ArcSource:
    """Draws (input tokens, target tokens, puzzle ids) from examples, translated at random (pretraining
    and adaptation alike; the generator state can be saved with a training run).

    `recolour`: the fraction of samples whose colours 1-9 are permuted afresh, input and output alike.
    An embedding row's fixed recolouring shows the rule only in the demonstrations' colours, and the
    network may learn those colours rather than the rule; fresh ones ask for the rule in any colours
    (a test input has colours of its own). The rest keep the row's colours, which a rule about
    particular colours needs. `side`: the canvas's.

    `by_canvas`: each draw is one batch on one canvas, the side of a randomly drawn example's task canvas
    rounded up to a multiple of CANVAS_STEP, filled with examples whose canvases fit it (each example is
    still drawn with the same probability overall). Pretraining on the tasks' own canvases costs 0.4 of
    the 30x30 canvas's cells on the ARC-AGI-1 training tasks, and matches adaptation on them; a batch's
    canvas changes only between draws, so it suits the plain loop, where the whole batch is drawn at once."""

    CANVAS_STEP = 4

    def __init__(self, items: Sequence[Example], seed, translate: bool = True, recolour: float = 0.0,
                 side: int = arc.MAX_SIZE, by_canvas: bool = False):
        if not items:
            raise ValueError("no ARC examples to train on")
        self.items = list(items)
        self.translate = translate
        self.recolour = recolour
        self.side = side
        self.rng = np.random.default_rng(seed)
        self.buckets: dict[int, np.ndarray] = {}
        if by_canvas:
            sides = np.array([self._bucket(e.canvas) for e in self.items])
            self.buckets = {int(b): np.flatnonzero(sides == b) for b in np.unique(sides)}

    def _bucket(self, canvas: int) -> int:
        return min(self.side, -(-canvas // self.CANVAS_STEP) * self.CANVAS_STEP)

    def draw(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`count` samples: tokens on a side*side canvas (by_canvas: a side of the draw's own)."""
        side, picks = self.side, self.rng.integers(len(self.items), size=count)
        if self.buckets:
            side = self._bucket(self.items[picks[0]].canvas)
            same = self.buckets[side]
            picks[1:] = same[self.rng.integers(len(same), size=count - 1)]
        xs, ys, ids = [], [], []
        for k in picks:
            e = self.items[k]
            i, o = e.input, e.output
            if self.recolour and self.rng.random() < self.recolour:
                colours = np.concatenate([[0], self.rng.permutation(np.arange(1, 10))]).astype(np.int8)
                i, o = colours[i], colours[o]
            offset = random_offset(self.rng, i, o, side=side) if self.translate else (0, 0)
            xs.append(arc.encode_grid(i, offset, side))
            ys.append(arc.encode_grid(o, offset, side))
            ids.append(e.puzzle_id)
        return np.stack(xs), np.stack(ys), np.asarray(ids, np.int64)

    def state(self) -> dict:
        return self.rng.bit_generator.state

    def set_state(self, state: dict) -> None:
        self.rng.bit_generator.state = state


def task_examples(task: ArcTask, augmentations: Sequence[ArcAugmentation], first_id: int = 0,
                  with_test: bool = False) -> list[Example]:
    """The task's demonstration pairs (and test pairs with known outputs, if asked) under each
    augmentation a, with puzzle id first_id + a."""
    pairs = list(task.train)
    if with_test:
        pairs += [(i, o) for i, o in zip(task.test_inputs, task.test_outputs) if o is not None]
    # A known test output may be larger than task_canvas predicts; it must fit too.
    largest = max(max(g.shape) for pair in pairs for g in pair)
    canvas = max(arc.task_canvas(task), min(arc.MAX_SIZE, largest + 1))
    return [Example(aug.apply_grid(i), aug.apply_grid(o), first_id + a, canvas)
            for a, aug in enumerate(augmentations) for i, o in pairs]


def adapt(model: TRM, task: ArcTask, options: AdaptOptions = AdaptOptions(),
          on_progress: Callable[[AdaptProgress], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          on_snapshot: Callable[[Adapted], None] | None = None, snapshot_steps: Sequence[int] = ()
          ) -> Adapted:
    """A copy of `model` whose puzzle embedding has learned `task` from its demonstrations.
    `on_snapshot` sees the model as it is at each of `snapshot_steps` (0: before any step), for
    curves of accuracy against adaptation time; it must not keep the model past the call."""
    if not model.cfg.puzzle_emb_len:
        raise ValueError("this model has no puzzle embedding to adapt (it was not trained for ARC)")
    if not task.train:
        raise ValueError(f"task {task.name} has no demonstration pairs to adapt to")
    t0 = time.perf_counter()
    A = options.augmentations
    augs = task_augmentations(A, options.seed)
    side = arc.task_canvas(task) if options.task_canvas else arc.MAX_SIZE
    source = ArcSource(task_examples(task, augs), options.seed, recolour=options.recolour, side=side)
    m = with_fresh_embedding(model, A)
    torch.manual_seed(options.seed)
    groups = [{"params": list(m.puzzle_emb.parameters()), "lr": options.lr, "weight_decay": 0.0}]
    if options.fine_tune_lr > 0:
        groups.append({"params": [p for n, p in m.named_parameters() if not n.startswith("puzzle_emb")],
                       "lr": options.fine_tune_lr, "weight_decay": 0.1})
    else:
        for n, p in m.named_parameters():
            p.requires_grad_(n.startswith("puzzle_emb"))
    opt = torch.optim.AdamW(groups, betas=(0.9, 0.95))
    m.train()
    B, N = options.batch_size, m.cfg.N_sup
    x = torch.zeros(B, side * side, dtype=torch.long)
    labels = torch.zeros_like(x)
    ids = torch.zeros(B, dtype=torch.long)
    y, z = m.initial_carry(B, side * side)
    age = torch.full((B,), N)  # supervision steps each sample has run; N: draw a new one
    step, cancelled, in_snapshots = 0, False, 0.0
    check: tuple[tuple[bool, ...], tuple[float, ...]] = ((), ())
    checked_at, reproduced_at = 0, None

    def elapsed() -> float:  # adaptation time, without the time spent in snapshots
        return time.perf_counter() - t0 - in_snapshots

    def snapshot() -> None:
        nonlocal in_snapshots
        if on_snapshot is not None and step in snapshot_steps:
            t = time.perf_counter()
            m.eval()
            on_snapshot(Adapted(m, augs, step, elapsed(), canvas=side))
            m.train()
            in_snapshots += time.perf_counter() - t

    snapshot()
    while step < options.steps:
        if should_stop is not None and should_stop():
            cancelled = True
            break
        if options.max_seconds is not None and elapsed() >= options.max_seconds:
            break
        new = age >= N
        if new.any():
            k = int(new.sum())
            xs, ys, ns = source.draw(k)
            x[new], ids[new] = torch.from_numpy(xs), torch.from_numpy(ns)
            labels[new] = torch.from_numpy(np.where(ys == arc.PAD, IGNORE, ys))
            y0, z0 = m.initial_carry(k, side * side)
            y[new], z[new], age[new] = y0, z0, 0
        out = m(x, ids, y, z)
        loss = F.cross_entropy(out.logits.float().transpose(1, 2), labels, ignore_index=IGNORE)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if options.fine_tune_lr > 0:
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        y, z, age, step = out.y, out.z, age + 1, step + 1
        snapshot()
        if options.check_every and (step % options.check_every == 0 or step == options.steps):
            m.eval()
            check, checked_at = reproduces_demonstrations(m, task, side), step
            m.train()
            reproduced_at = step if all(check[0]) and reproduced_at is None else reproduced_at
        if on_progress is not None:
            with torch.no_grad():
                mask = labels != IGNORE
                right = ((out.logits.argmax(-1) == labels) & mask).sum() / mask.sum().clamp_min(1)
            on_progress(AdaptProgress(step, options.steps, float(loss.detach()), float(right), elapsed(),
                                      options.max_seconds, check[0], check[1], checked_at))
        if reproduced_at is not None and options.stop_when_reproduced:
            break
    m.eval()
    for p in m.parameters():
        p.requires_grad_(False)
    return Adapted(m, augs, step, elapsed(), cancelled, side, reproduced_at)


def reproduces_demonstrations(model: TRM, task: ArcTask, canvas: int) -> tuple[tuple[bool, ...], tuple[float, ...]]:
    """Each demonstration input answered by the identity row (puzzle id 0) as a test input would be:
    whether the answer is the demonstration's output exactly, and the share of the output's cells right
    (0 where the answer's size differs)."""
    probes = [ArcPuzzle(ArcTask(task.name, task.train, (i,), (o,), task.source), canvas=canvas)
              for i, o in task.train]
    with torch.no_grad():
        res = refine_batch(probes, model, arc.KIND, stop_on_halt=False, stop_on_rules=False,
                           puzzle_ids=[0] * len(probes))
    exact, cells = [], []
    for (_, o), answer in zip(task.train, res.answers):
        same = answer.shape == o.shape
        exact.append(bool(same and np.array_equal(answer, o)))
        cells.append(float((answer == o).mean()) if same else 0.0)
    return tuple(exact), tuple(cells)


def task_key(task: ArcTask) -> str:
    """A task named by its demonstration pairs, not by its file: a model trained on a task (its sidecar's
    `arc_tasks`) knows it again wherever it comes from."""
    h = hashlib.sha256()
    for pair in task.train:
        for g in pair:
            h.update(bytes(g.shape))
            h.update(np.ascontiguousarray(g, dtype=np.int8).tobytes())
    return h.hexdigest()[:20]


@dataclass(frozen=True)
class KnownTask:
    """Where a trained task's rows are: rows first_row .. first_row + A - 1 are its augmentations,
    task_augmentations(A, augmentation_seed)."""
    first_row: int
    augmentation_seed: int
    augmentations: int


def known_task(model: TRM, known: KnownTask) -> Adapted:
    """The model as adaptation would leave it, for a task it was trained on: a copy holding that task's
    A rows (row a is augmentation a), with no adaptation steps."""
    augmentations = known.augmentations
    rows = model.puzzle_emb.weight.detach()[known.first_row: known.first_row + augmentations]
    if len(rows) != augmentations:
        raise ValueError(f"the model has no rows {known.first_row}..{known.first_row + augmentations - 1}")
    m = with_fresh_embedding(model, augmentations)
    with torch.no_grad():
        m.puzzle_emb.weight.copy_(rows)
    for p in m.parameters():
        p.requires_grad_(False)
    m.eval()
    return Adapted(m, task_augmentations(augmentations, known.augmentation_seed), 0, 0.0)


def with_fresh_embedding(model: TRM, rows: int) -> TRM:
    """A deep copy with `rows` puzzle-embedding rows, each the mean of the pretrained rows (the point
    from which any task's row was learned, as well as anything is)."""
    m = copy.deepcopy(model)
    old = model.puzzle_emb.weight.detach()
    m.puzzle_emb = nn.Embedding(rows, old.shape[1]).to(old.device)
    with torch.no_grad():
        m.puzzle_emb.weight.copy_(old.mean(0, keepdim=True).expand(rows, -1))
    m.cfg = type(model.cfg).from_dict({**model.cfg.to_dict(), "num_puzzle_ids": rows})
    return m


@dataclass
class Vote:
    attempts: list[np.ndarray]    # most voted first
    votes: list[int]              # how many augmentations predicted each attempt
    confidence: list[float]


def vote(adapted: Adapted, puzzle: ArcPuzzle, attempts: int = 2, max_steps: int | None = None) -> Vote:
    """The network's prediction for the test input under every augmentation, mapped back and counted."""
    puzzle = replace(puzzle, canvas=adapted.canvas)
    copies = [aug.apply(puzzle) for aug in adapted.augmentations]
    res = refine_batch(copies, adapted.model, arc.KIND, max_steps=max_steps, stop_on_halt=False,
                       stop_on_rules=False, puzzle_ids=list(range(len(copies))))
    tally: dict[tuple, list] = {}
    for aug, answer, conf in zip(adapted.augmentations, res.answers, res.confidence):
        grid = aug.invert_grid(answer)
        key = (grid.shape, grid.tobytes())
        entry = tally.setdefault(key, [grid, 0, 0.0])
        entry[1] += 1
        entry[2] += float(conf)
    ranked = sorted(tally.values(), key=lambda e: (e[1], e[2]), reverse=True)[:attempts]
    return Vote([e[0] for e in ranked], [e[1] for e in ranked], [e[2] for e in ranked])
