"""solve(): refinement, then verification and, unless neural-only, repair or fallback search.

`solved_by` never claims more than happened:
- "network": the network's own answer, verified by the rules (or, for ARC, by the expected output)
- "network (unverified)": ARC without an expected output: the network's answer, which nothing could check
- "network+search": the network's answer was repaired by the exact search (cells_changed > 0)
- "search": no model (or the network's path was replaced wholesale by BFS)
- "none": no answer (contradictory givens, no path, or neural-only and the network got it wrong)
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from .arc_adapt import AdaptOptions, AdaptProgress, KnownTask, adapt, known_task, task_key, vote
from .model import TRM
from .puzzles import get_kind
from .puzzles.base import Verdict
from .refine import RULE_KINDS, RefineStep, refine
from .verify import is_acceptable, repair_maze, repair_sudoku

UNVERIFIED = "network (unverified)"


@dataclass
class SolveResult:
    kind: str
    answer: np.ndarray | None
    solved_by: str                   # network | network+search | search | none
    verified: bool                   # the answer was checked against the rules and passed
    verdict: Verdict
    steps: int                       # supervision steps the network ran
    seconds: float
    cells_changed: int = 0           # by the search, relative to the network's answer
    network_answer: np.ndarray | None = None
    message: str = ""
    trace: list[RefineStep] = field(default_factory=list)
    cancelled: bool = False          # stopped by should_stop: no repair was run
    # ARC with a puzzle-embedding model: the attempts of the vote (answer is the first), and how long
    # the model adapted to the task first.
    attempts: list[np.ndarray] = field(default_factory=list)
    attempt_votes: list[int] = field(default_factory=list)
    adapt_steps: int = 0
    adapt_seconds: float = 0.0
    known_task: bool = False         # ARC: the model was trained on this task; its own rows, no adaptation

    def describe(self) -> str:
        """The verdict in words, as the app and the CLI say it."""
        if self.solved_by == "network":
            return "network solved it, verified"
        if self.solved_by == UNVERIFIED:
            return "network answer (not verifiable: no expected output)"
        if self.solved_by == "network+search":
            return f"network + search fixed {self.cells_changed} cells"
        if self.solved_by == "search":
            return self.message or "solved by exact search"
        return self.message or "no solution: " + self.verdict.summary()


@dataclass(frozen=True)
class SolveOptions:
    neural_only: bool = False
    max_steps: int | None = None     # supervision steps; default: the model's N_sup
    ensemble: int = 1                # symmetry-augmented copies run together (test-time lever)
    keep_trace: bool = False
    adapt: AdaptOptions = AdaptOptions()   # ARC: test-time adaptation to the task
    # ARC: the tasks the model was trained on (its sidecar's "arc_tasks", by task_key); those are not adapted to
    arc_tasks: dict[str, KnownTask] = field(default_factory=dict)


def options_for(info, neural_only: bool = False, max_steps: int | None = None, ensemble: int | None = None,
                keep_trace: bool = False, adapt_steps: int | None = None,
                adapt_minutes: float | None = None) -> SolveOptions:
    """Options from what was asked, else the model's own inference defaults (its sidecar's "inference":
    the ensemble size, steps and ARC adaptation (steps, time limit, fine-tuning lr, recolouring) that its
    evaluation report recommends).
    `info`: a ModelInfo or None."""
    d = info.meta.get("inference", {}) if info is not None else {}
    minutes = adapt_minutes if adapt_minutes is not None else d.get("adapt_minutes")
    a = AdaptOptions(steps=adapt_steps or int(d.get("adapt_steps", AdaptOptions.steps)),
                     max_seconds=None if minutes is None else 60 * float(minutes),
                     augmentations=int(d.get("augmentations", AdaptOptions.augmentations)),
                     fine_tune_lr=float(d.get("fine_tune_lr", AdaptOptions.fine_tune_lr)),
                     recolour=float(d.get("recolour", AdaptOptions.recolour)),
                     task_canvas=bool(d.get("task_canvas", AdaptOptions.task_canvas)))
    known = {t["key"]: KnownTask(int(t["first_row"]), int(t["augmentation_seed"]), int(t["augmentations"]))
             for t in (info.meta.get("arc_tasks", []) if info is not None else [])}
    return SolveOptions(neural_only, max_steps or d.get("max_steps"), ensemble or int(d.get("ensemble", 1)),
                        keep_trace, a, known)


def solve(puzzle, kind_name: str, model: TRM | None, options: SolveOptions = SolveOptions(),
          on_step: Callable[[RefineStep], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          on_adapt: Callable[[AdaptProgress], None] | None = None) -> SolveResult:
    """Solve one puzzle. `on_step` sees every refinement step as it happens (the app animates them);
    `should_stop` is polled between steps for a cooperative cancel. An ARC model with a puzzle
    embedding first adapts to the puzzle's task (`on_adapt` sees its progress), then the identity
    copy's refinement is shown and the vote over augmentations gives the attempts."""
    kind = get_kind(kind_name)
    t0 = time.perf_counter()
    if model is None:
        return _search_only(puzzle, kind_name, t0)
    adapted, known = None, None
    if kind_name == "arc" and model.cfg.puzzle_emb_len:
        known = options.arc_tasks.get(task_key(puzzle.task))
        if known is not None:
            adapted = known_task(model, known)
        else:
            with torch.enable_grad():
                adapted = adapt(model, puzzle.task, options.adapt, on_adapt, should_stop)
        if adapted.cancelled:
            v = Verdict(False, ("cancelled while adapting to the task",))
            return SolveResult(kind_name, None, "none", False, v, 0, time.perf_counter() - t0,
                               message=v.problems[0], cancelled=True, adapt_steps=adapted.steps,
                               adapt_seconds=adapted.seconds)
        model = adapted.model  # row 0 is the identity augmentation, refined (and animated) first
        puzzle = replace(puzzle, canvas=adapted.canvas)
    trace: list[RefineStep] = []
    last: RefineStep | None = None
    cancelled = False
    with torch.inference_mode():
        for step in refine(puzzle, model, kind, max_steps=options.max_steps, ensemble=options.ensemble):
            last = step
            if options.keep_trace:
                trace.append(step)
            if on_step is not None:
                on_step(step)
            if should_stop is not None and should_stop():
                cancelled = True
                break
    assert last is not None
    answer = last.answer
    attempts, votes = [], []
    if adapted is not None and not cancelled:
        with torch.inference_mode():
            v = vote(adapted, puzzle, options.adapt.attempts, options.max_steps)
        attempts, votes = v.attempts, v.votes
        answer = attempts[0]
    verdict = kind.check(puzzle, answer)
    steps = last.step + 1
    result = SolveResult(kind_name, answer, "network", False, verdict, steps, 0.0, network_answer=answer,
                         trace=trace, cancelled=cancelled, attempts=attempts, attempt_votes=votes,
                         adapt_steps=adapted.steps if adapted else 0,
                         adapt_seconds=adapted.seconds if adapted else 0.0, known_task=known is not None)
    if kind_name not in RULE_KINDS:
        # ARC: the rules are the task's own; only a known expected output can verify. With attempts,
        # either one matching counts (pass@2).
        for attempt in attempts[1:]:
            if verdict.ok:
                break
            second = kind.check(puzzle, attempt)
            if second.ok:
                result.answer, result.verdict, verdict = attempt, second, second
        result.verified = verdict.ok
        if not verdict.ok and getattr(puzzle, "solution", None) is not None:
            result.solved_by, result.message = "none", "network answer differs from the expected output"
    elif is_acceptable(kind_name, verdict):
        result.verified = True
    elif cancelled:
        result.solved_by, result.message = "none", f"cancelled after {steps} step{'s' if steps != 1 else ''}"
    elif options.neural_only:
        result.solved_by = "none"
        result.message = "network answer breaks the rules: " + verdict.summary()
        if kind_name == "maze" and verdict.ok:
            result.message = "network path is valid but not shortest"
    else:
        _repair(result, puzzle, kind_name)
    if result.solved_by == "network" and not result.verified:
        result.solved_by = UNVERIFIED   # "network" alone claims a check that could not be made
    result.seconds = time.perf_counter() - t0
    return result


def _repair(result: SolveResult, puzzle, kind_name: str) -> None:
    rep = repair_sudoku(puzzle, result.answer) if kind_name == "sudoku" else repair_maze(puzzle, result.answer)
    result.verdict = rep.verdict
    if rep.answer is None:
        result.answer, result.solved_by, result.message = None, "none", rep.note
        return
    result.answer, result.cells_changed, result.verified = rep.answer, rep.cells_changed, rep.verdict.ok
    # A maze path rebuilt by BFS is the search's answer, not a fix of the network's.
    result.solved_by = "network+search" if kind_name == "sudoku" else "search"
    result.message = rep.note


def _search_only(puzzle, kind_name: str, t0: float) -> SolveResult:
    if kind_name == "arc":
        v = Verdict(False, ("ARC has no exact solver; a trained ARC model is needed",))
        return SolveResult(kind_name, None, "none", False, v, 0, time.perf_counter() - t0, message=v.problems[0])
    if kind_name == "sudoku":
        rep = repair_sudoku(puzzle, np.zeros((9, 9), np.int8))
    else:
        rep = repair_maze(puzzle, np.zeros(puzzle.grid.shape, np.int8))
    seconds = time.perf_counter() - t0
    if rep.answer is None:
        return SolveResult(kind_name, None, "none", False, rep.verdict, 0, seconds, message=rep.note)
    return SolveResult(kind_name, rep.answer, "search", rep.verdict.ok, rep.verdict, 0, seconds,
                       message=f"no trained {kind_name} model; solved by exact search")
