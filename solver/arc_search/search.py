"""Breadth-first search by cost over programs of the language, under a time budget.

A node is a program prefix with the grids it made of every demonstration input and of the test input;
prefixes that make the same grids as a cheaper one are dropped. At each node the search asks whether
the grids already are the demonstration outputs, or become them through a learned last step (a colour
map, a recolouring of objects, a cell rule); such a program is a candidate at its total cost. Candidates
come out cheapest first and are checked again from scratch, each demonstration input run through the
whole program and compared with its output cell by cell: only a program that reproduces every
demonstration exactly is kept, and only if its test output differs from those already kept. The first
two kept are the two attempts.
"""
from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .dsl import Context, Program, finishers, transforms, valid
from .grids import Grid, frozen, key


@dataclass(frozen=True)
class SearchOptions:
    # the whole search: on the ARC-AGI-1 tasks most programs that exist in the language are found in
    # under a second, and a person waits for the search before the network starts
    max_seconds: float = 10.0
    second_seconds: float = 2.0      # after the first program is kept, this long for a distinct second
    max_depth: int = 3               # transformation steps before the learned last step
    attempts: int = 2


@dataclass(frozen=True, eq=False)
class Found:
    program: Program
    output: Grid                     # its output for the test input

    def describe(self) -> str:
        return self.program.describe()


@dataclass
class SearchResult:
    found: list[Found] = field(default_factory=list)   # cheapest first, distinct test outputs
    programs: int = 0                # prefixes evaluated
    seconds: float = 0.0
    exhausted: bool = False          # every program up to max_depth was tried within the time
    cancelled: bool = False


def reproduces(program: Program, pairs: Sequence[tuple[Grid, Grid]]) -> bool:
    """The program maps every demonstration input onto its output exactly."""
    for i, o in pairs:
        got = program.run(i)
        if got is None or got.shape != o.shape or not np.array_equal(got, o):
            return False
    return True


def search(pairs: Sequence[tuple[Grid, Grid]], test_input: Grid, options: SearchOptions = SearchOptions(),
           should_stop: Callable[[], bool] | None = None) -> SearchResult:
    """Programs that reproduce every demonstration `pairs` (input, output), with their outputs for
    `test_input`: up to options.attempts of them, distinct outputs, cheapest first."""
    t0 = time.perf_counter()
    deadline = t0 + options.max_seconds
    pairs = [(frozen(i), frozen(o)) for i, o in pairs]
    result = SearchResult()
    if not pairs:
        return result
    ctx = Context.of(pairs)
    n = len(pairs)
    order = itertools.count()
    start = tuple(i for i, _ in pairs) + (frozen(test_input),)
    # (cost, order, program, grids): grids None marks a candidate program, not a prefix to extend
    heap: list[tuple[int, int, Program, tuple[Grid, ...] | None]] = []
    seen = {b"".join(key(g) for g in start)}

    def consider(program: Program, grids: tuple[Grid, ...]) -> None:
        heapq.heappush(heap, (program.cost, next(order), program, grids))
        if all(g.shape == t.shape and np.array_equal(g, t) for g, t in zip(grids[:n], ctx.targets)):
            heapq.heappush(heap, (program.cost, next(order), program, None))
            return
        for step in finishers(ctx, grids[:n], len(program.steps)):
            done = program.then(step)
            heapq.heappush(heap, (done.cost, next(order), done, None))

    consider(Program(), start)
    while heap:
        if time.perf_counter() > deadline:
            return _finish(result, t0)
        if should_stop is not None and should_stop():
            result.cancelled = True
            return _finish(result, t0)
        _, _, program, grids = heapq.heappop(heap)
        if grids is None:
            if _keep(result, program, pairs, start[-1]):
                if len(result.found) >= options.attempts:
                    return _finish(result, t0)
                deadline = min(deadline, time.perf_counter() + options.second_seconds)
            continue
        if len(program.steps) >= options.max_depth:
            continue
        for step in transforms(ctx, grids[:n]):
            if time.perf_counter() > deadline:
                return _finish(result, t0)
            made = []
            for g in grids:
                g = step.fn(g)
                if g is None or not valid(g):
                    break
                made.append(g)
            else:
                k = b"".join(key(g) for g in made)
                if k not in seen:
                    seen.add(k)
                    result.programs += 1
                    consider(program.then(step), tuple(made))
    result.exhausted = True
    return _finish(result, t0)


def _keep(result: SearchResult, program: Program, pairs, test_input: Grid) -> bool:
    """Keep a candidate that reproduces every demonstration and gives a test output not kept yet."""
    if not reproduces(program, pairs):
        return False
    out = program.run(test_input)
    if out is None or any(f.output.shape == out.shape and np.array_equal(f.output, out) for f in result.found):
        return False
    result.found.append(Found(program, frozen(out)))
    return True


def _finish(result: SearchResult, t0: float) -> SearchResult:
    result.seconds = time.perf_counter() - t0
    return result
