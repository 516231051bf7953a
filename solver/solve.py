"""solve(): refinement, then verification and, unless neural-only, repair or fallback search.

`solved_by` never claims more than happened:
- "network": the network's own answer, verified by the rules (or, for ARC, by the expected output)
- "network (unverified)": ARC without an expected output: the network's answer, which nothing could check
- "network+search": the network's answer was repaired by the exact search (cells_changed > 0)
- "search": no model (or the network's path was replaced wholesale by BFS); ARC: a program of the
  verified program search (solver.arc_search) that reproduces every demonstration made the answer
- "none": no answer (contradictory givens, no path, or neural-only and the network got it wrong)
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from .arc_adapt import AdaptOptions, AdaptProgress, KnownTask, adapt, known_task, task_key, vote
from .arc_search import SearchOptions, SearchResult, search
from .model import TRM
from .puzzles import get_kind
from .puzzles.base import Verdict
from .refine import RefineStep, refine
from .threads import AUTO, use_threads

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
    # ARC program search: per attempt, the program that made it in words (None: the network's attempt);
    # empty when no program reproduced the demonstrations
    programs: list[str | None] = field(default_factory=list)
    search_seconds: float = 0.0

    @property
    def answer_index(self) -> int | None:
        """Which attempt is the answer (the one that matched the expected output, else the first)."""
        return next((k for k, a in enumerate(self.attempts) if a is self.answer), None)

    @property
    def program(self) -> str | None:
        """The program that made the answer, in words (None: not a program's answer)."""
        k = self.answer_index
        return self.programs[k] if k is not None and k < len(self.programs) else None

    def attempt_source(self, k: int) -> str:
        """Where attempt k came from, in words: "program: ..." or "network, N votes"."""
        if k < len(self.programs) and self.programs[k] is not None:
            return "program: " + self.programs[k]
        votes = self.attempt_votes[k] if k < len(self.attempt_votes) else 0
        return f"network, {votes} vote{'s' if votes != 1 else ''}"

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
    threads: int | None = AUTO       # intra-op threads of the network; AUTO: solver.threads picks per call
    # ARC: the verified program search, tried before the network (None: not at all); the network adapts
    # when no program survives, and gives the attempts the programs leave
    arc_search: SearchOptions | None = SearchOptions()
    # ARC: with a single surviving program, still adapt the network (minutes) for the second attempt
    arc_network_second: bool = False
    rounds: int = 1                  # kinds with rules: more rounds of fresh copies while none obeys them


def options_for(info, neural_only: bool = False, max_steps: int | None = None, ensemble: int | None = None,
                keep_trace: bool = False, adapt_steps: int | None = None,
                adapt_minutes: float | None = None, network_second: bool = False,
                rounds: int | None = None) -> SolveOptions:
    """Options from what was asked, else the model's own inference defaults (its sidecar's "inference":
    the ensemble size and rounds, steps and ARC adaptation (steps, time limit, fine-tuning lr, recolouring)
    that its evaluation report recommends).
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
                        keep_trace, a, known, arc_network_second=network_second,
                        rounds=rounds or int(d.get("rounds", 1)))


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
    searched = None
    # A kind learned per task from its demonstrations (ARC): the verified program search first, then the
    # network adapted to the task.
    if kind.per_task and not options.neural_only and options.arc_search is not None:
        searched = search(puzzle.task.train, puzzle.input, options.arc_search, should_stop)
        enough = len(searched.found) >= options.adapt.attempts or not (model and options.arc_network_second)
        if searched.cancelled or (searched.found and enough):
            return _programs_answer(puzzle, kind, searched, t0)
    if model is None:
        return _search_only(puzzle, kind, t0)
    adapted, known = None, None
    if kind.per_task and model.cfg.puzzle_emb_len:
        known = options.arc_tasks.get(task_key(puzzle.task))
        if known is not None:
            adapted = known_task(model, known)
        else:
            with torch.enable_grad(), use_threads(options.threads, model.cfg, options):
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
    with torch.inference_mode(), use_threads(options.threads, model.cfg, options):
        for step in refine(puzzle, model, kind, max_steps=options.max_steps, ensemble=options.ensemble,
                           rounds=options.rounds):
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
        with torch.inference_mode(), use_threads(options.threads, model.cfg, options):
            v = vote(adapted, puzzle, options.adapt.attempts, options.max_steps)
        attempts, votes = v.attempts, v.votes
        answer = attempts[0]
    network_answer, programs = answer, []
    if searched is not None and searched.found and not cancelled:
        attempts, votes, programs = _programs_first(searched, attempts or [answer], votes or [0],
                                                    options.adapt.attempts)
        answer = attempts[0]
    verdict = kind.check(puzzle, answer)
    steps = last.step + 1
    result = SolveResult(kind_name, answer, "network", False, verdict, steps, 0.0, network_answer=network_answer,
                         trace=trace, cancelled=cancelled, attempts=attempts, attempt_votes=votes,
                         adapt_steps=adapted.steps if adapted else 0,
                         adapt_seconds=adapted.seconds if adapted else 0.0, known_task=known is not None,
                         programs=programs, search_seconds=searched.seconds if searched else 0.0)
    if kind.needs_expected:
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
        elif result.program is not None:
            result.solved_by, result.message = "search", _found_text(puzzle, searched)
    elif kind.acceptable(verdict):
        result.verified = True
    elif cancelled:
        result.solved_by, result.message = "none", f"cancelled after {steps} step{'s' if steps != 1 else ''}"
    elif options.neural_only:
        result.solved_by = "none"
        result.message = "network answer breaks the rules: " + verdict.summary() if not verdict.ok else kind.not_done
    else:
        _repair(result, puzzle, kind)
    if result.solved_by == "network" and not result.verified:
        result.solved_by = UNVERIFIED   # "network" alone claims a check that could not be made
    result.seconds = time.perf_counter() - t0
    return result


def _repair(result: SolveResult, puzzle, kind) -> None:
    rep = kind.repair(puzzle, result.answer)
    result.verdict = rep.verdict
    if rep.answer is None:
        result.answer, result.solved_by, result.message = None, "none", rep.note
        return
    result.answer, result.cells_changed, result.verified = rep.answer, rep.cells_changed, rep.verdict.ok
    # An answer the search made anew (a maze path rebuilt by BFS) is the search's, not a fix of the network's.
    result.solved_by = "search" if rep.rebuilt else "network+search"
    result.message = rep.note


def _found_text(puzzle, searched: SearchResult) -> str:
    n, k = len(puzzle.task.train), len(searched.found)
    return (f"found {k} program{'s' if k > 1 else ''} that reproduce{'' if k > 1 else 's'} "
            f"all {n} demonstration{'s' if n > 1 else ''}")


def _programs_first(searched: SearchResult, attempts: list[np.ndarray], votes: list[int], count: int
                    ) -> tuple[list[np.ndarray], list[int], list[str | None]]:
    """The programs' outputs first, then the network's attempts that differ from them (votes 0 for a
    program's attempt), `count` in all."""
    grids = [f.output for f in searched.found]
    out_votes, programs = [0] * len(grids), [f.describe() for f in searched.found]
    for grid, v in zip(attempts, votes):
        if len(grids) < count and not any(g.shape == grid.shape and np.array_equal(g, grid) for g in grids):
            grids.append(grid)
            out_votes.append(v)
            programs.append(None)
    return grids[:count], out_votes[:count], programs[:count]


def _programs_answer(puzzle, kind, searched: SearchResult, t0: float) -> SolveResult:
    """ARC answered by the program search alone (or cancelled while searching)."""
    if searched.cancelled:
        v = Verdict(False, ("cancelled while searching for a program",))
        return SolveResult(kind.name, None, "none", False, v, 0, time.perf_counter() - t0, message=v.problems[0],
                           cancelled=True, search_seconds=searched.seconds)
    attempts = [f.output for f in searched.found]
    answer, verdict = attempts[0], kind.check(puzzle, attempts[0])
    for attempt in attempts[1:]:
        second = kind.check(puzzle, attempt)
        if not verdict.ok and second.ok:
            answer, verdict = attempt, second
    result = SolveResult(kind.name, answer, "search", verdict.ok, verdict, 0, 0.0,
                         message=_found_text(puzzle, searched),
                         attempts=attempts, attempt_votes=[0] * len(attempts),
                         programs=[f.describe() for f in searched.found], search_seconds=searched.seconds)
    if not verdict.ok and puzzle.solution is not None:
        result.solved_by, result.message = "none", "the programs' answers differ from the expected output"
    result.seconds = time.perf_counter() - t0
    return result


def _search_only(puzzle, kind, t0: float) -> SolveResult:
    """No model: the kind's exact search (its repair of an empty answer), if it has one."""
    rep = kind.repair(puzzle, np.zeros_like(kind.input_grid(puzzle)))
    seconds = time.perf_counter() - t0
    if rep is None:
        v = Verdict(False, (f"no program of the search reproduces the demonstrations, and there is no "
                            f"{kind.name.upper()} model to adapt",) if kind.per_task else
                    (f"there is no {kind.name} model and no exact search",))
        return SolveResult(kind.name, None, "none", False, v, 0, seconds, message=v.problems[0])
    if rep.answer is None:
        return SolveResult(kind.name, None, "none", False, rep.verdict, 0, seconds, message=rep.note)
    return SolveResult(kind.name, rep.answer, "search", rep.verdict.ok, rep.verdict, 0, seconds,
                       message=f"no trained {kind.name} model; solved by exact search")
