"""The search's language: a step is one grid transformation with its parameters bound and its words; a
program is a sequence of steps. Which steps are worth trying after a prefix, and with which parameters,
is inferred from the task (`Context`) and from the grids the prefix made (`transforms`), e.g. a scale
factor from the ratio of output to input sizes, a fill colour from the outputs' colours, a mask colour
from a colour every input has and no output keeps.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from . import learn, ops
from .grids import Grid, background

MAX_SIDE = 30


@dataclass(frozen=True, eq=False)
class Step:
    text: str                                   # in words, as the app and the CLI show it
    fn: Callable[[Grid], Grid | None]
    cost: int = 1


@dataclass(frozen=True)
class Program:
    steps: tuple[Step, ...] = ()

    def then(self, step: Step) -> Program:
        return Program(self.steps + (step,))

    @property
    def cost(self) -> int:
        return sum(s.cost for s in self.steps)

    def run(self, grid: Grid) -> Grid | None:
        """The program's output for `grid`, or None where a step does not apply or the grid it makes is
        not an ARC grid (1-30 cells a side, colours 0-9)."""
        for step in self.steps:
            grid = step.fn(grid)
            if grid is None or not valid(grid):
                return None
        return np.ascontiguousarray(grid, dtype=np.int8)

    def describe(self) -> str:
        return ", then ".join(s.text for s in self.steps) or "copy the input"


def valid(grid: Grid) -> bool:
    return (grid.ndim == 2 and 1 <= grid.shape[0] <= MAX_SIDE and 1 <= grid.shape[1] <= MAX_SIDE
            and int(grid.min()) >= 0 and int(grid.max()) <= 9)


@dataclass(frozen=True, eq=False)
class Context:
    """What the task tells the search before it starts."""
    bg: int
    targets: tuple[Grid, ...]
    target_colours: tuple[int, ...]   # non-background colours of the outputs
    masks: tuple[int, ...]            # colours in every input and in no output: candidates for a mask

    @staticmethod
    def of(pairs: Sequence[tuple[Grid, Grid]]) -> Context:
        inputs, targets = [i for i, _ in pairs], [o for _, o in pairs]
        bg = background(inputs)
        out_colours = set().union(*(set(np.unique(t).tolist()) for t in targets))
        in_every = set.intersection(*(set(np.unique(i).tolist()) for i in inputs))
        return Context(bg, tuple(targets), tuple(sorted(out_colours - {bg})),
                       tuple(sorted(in_every - out_colours)))


def _colours(grids: Sequence[Grid], bg: int) -> list[int]:
    return sorted(set().union(*(set(np.unique(g).tolist()) for g in grids)) - {bg})


def _object_phrase(how: str, by_colour: bool) -> str:
    noun = "one-colour object" if by_colour else "object"
    if how.startswith("only one"):
        return f"the {noun} that is the {how}"
    return f"the {how} {noun}"


def _ratio(states: Sequence[Grid], targets: Sequence[Grid], up: bool) -> tuple[int, int] | None:
    """The integer factors (rows, columns) from every state to its target (or back, not up)."""
    found = set()
    for s, t in zip(states, targets):
        a, b = (s, t) if up else (t, s)
        if b.shape[0] % a.shape[0] or b.shape[1] % a.shape[1]:
            return None
        found.add((b.shape[0] // a.shape[0], b.shape[1] // a.shape[1]))
    return found.pop() if len(found) == 1 else None


def transforms(ctx: Context, states: Sequence[Grid]) -> list[Step]:
    """The steps worth trying on the grids a prefix made of the demonstration inputs."""
    bg, targets = ctx.bg, ctx.targets
    same_shape = all(s.shape == t.shape for s, t in zip(states, targets))
    square = all(s.shape[0] == s.shape[1] for s in states)
    colours = _colours(states, bg)
    steps = [Step(name, partial(ops.geometry, name=name)) for name in ops.GEOMETRY
             if square or not same_shape or "flip" in name]
    steps += [Step(f"keep only colour {c}", partial(ops.keep_colour, bg=bg, colour=c)) for c in colours]
    steps += [Step(f"erase colour {c}", partial(ops.remove_colour, bg=bg, colour=c)) for c in colours]
    steps += [Step(f"let the coloured cells fall {d}", partial(ops.gravity, bg=bg, direction=d))
              for d in ("down", "up", "left", "right")]
    steps += [Step(f"let the objects slide {d} as whole pieces", partial(ops.slide_objects, bg=bg, direction=d))
              for d in ("down", "up", "left", "right")]
    steps += [Step(f"mirror the grid onto its background ({sym} symmetry)", partial(ops.symmetrize, bg=bg, symmetry=sym))
              for sym in ops.SYMMETRIES]
    steps += [Step(f"fill enclosed background with {c}", partial(ops.fill_enclosed, bg=bg, colour=c))
              for c in ctx.target_colours]
    steps += [Step(f"complete the {sym} symmetry under colour {m}",
                   partial(ops.complete_symmetry, mask_colour=m, symmetry=sym))
              for m in ctx.masks for sym in ops.SYMMETRIES]
    steps += [Step(f"complete the repeating pattern under colour {m}", partial(ops.complete_period, mask_colour=m))
              for m in ctx.masks]
    steps += [Step(f"erase objects of at most {k} cell{'s' if k > 1 else ''}",
                   partial(ops.remove_small, bg=bg, size=k, diagonal=True)) for k in (1, 2)]
    for how in ("largest", "smallest", "only one of its colour", "only one of its shape"):
        for by_colour in (False, True):
            phrase = _object_phrase(how, by_colour)
            for keep in (True, False):
                steps.append(Step(f"keep only {phrase}" if keep else f"erase {phrase}",
                                  partial(ops.keep_object, bg=bg, how=how, diagonal=True, by_colour=by_colour,
                                          keep=keep)))
    if not same_shape:
        steps += _reshaping(ctx, states, colours)
    return steps


def _reshaping(ctx: Context, states: Sequence[Grid], colours: list[int]) -> list[Step]:
    """Steps that change the grid's size, with their sizes inferred from the outputs'."""
    bg, targets = ctx.bg, ctx.targets
    steps = [Step("crop to the coloured cells", partial(ops.crop_content, bg=bg)),
             Step("merge repeated rows and columns", ops.merge_repeats),
             Step("take away the outermost rows and columns", ops.shave),
             Step("take one of its two equal halves", ops.repeated_half),
             Step("crop to the inside of the largest frame", partial(ops.inside_frame, bg=bg))]
    steps += [Step(f"take the {'last' if last else 'first'} of the {names} parts",
                   partial(ops.pick_part, bg=bg, axis=axis, last=last))
              for axis, names in ((1, "left-to-right"), (0, "top-to-bottom")) for last in (False, True)]
    steps += _windows(states, targets)
    steps += [Step(f"crop to colour {c}", partial(ops.crop_colour, colour=c)) for c in colours]
    for how in ops.SELECTORS:
        for by_colour in (False, True):
            for diagonal in (True, False):
                links = "" if diagonal else " (no diagonal links)"
                steps.append(Step(f"crop to {_object_phrase(how, by_colour)}{links}",
                                  partial(ops.crop_object, bg=bg, how=how, diagonal=diagonal, by_colour=by_colour)))
    up = _ratio(states, targets, up=True)
    if up and up != (1, 1):
        r, c = up
        if r == c:
            steps.append(Step(f"scale up {r}x", partial(ops.upscale, k=r)))
        steps.append(Step(f"tile {r}x{c}", partial(ops.tile, rows=r, cols=c)))
        steps += [Step(f"place it {name}", partial(ops.mirror_tile, name=name)) for name in ops.MIRROR_TILES
                  if (r, c) == {"beside": (1, 2), "above": (2, 1)}.get(name.split()[0], (2, 2))]
        if all(t.shape == (s.shape[0] ** 2, s.shape[1] ** 2) for s, t in zip(states, targets)):
            steps += [Step(f"put a copy of the grid in each {'background' if inv else 'coloured'} cell",
                           partial(ops.self_kron, bg=bg, inverted=inv)) for inv in (False, True)]
    down = _ratio(states, targets, up=False)
    if down and down[0] == down[1] and down[0] > 1:
        steps.append(Step(f"scale down {down[0]}x", partial(ops.downscale, k=down[0])))
    if down and down != (1, 1):
        steps += [Step(f"one cell per {down[0]}x{down[1]} block, coloured where the block is {w} coloured",
                       partial(ops.shrink_blocks, bg=bg, rows=down[0], cols=down[1], how=how))
                  for how, w in (("any", "at all"), ("full", "fully"))]
    steps += [Step(f"show what the {sym} symmetry puts under colour {m}",
                   partial(ops.reveal, mask_colour=m, symmetry=sym))
              for m in ctx.masks for sym in ops.SYMMETRIES]
    steps += [Step(f"show what the repeating pattern puts under colour {m}", partial(ops.reveal_period, mask_colour=m))
              for m in ctx.masks]
    steps += [Step(f"crop to {how} part between the lines", partial(ops.crop_part, bg=bg, how=how))
              for how in ops.PART_SELECTORS]
    steps.append(Step("one cell per part between the lines, in its colour", partial(ops.shrink_parts, bg=bg)))
    for axis, names in ((1, "left and right"), (0, "top and bottom")):
        cut = [ops.parts(s, bg, axis) for s in states]
        if any(p is None or p[0].shape != t.shape for p, t in zip(cut, targets)):
            continue
        if all(len(p) == 2 for p in cut):
            steps += [Step(f"lay the {names} halves on each other, colour {c} where coloured {logic}",
                           partial(ops.combine, bg=bg, axis=axis, logic=logic, colour=c))
                      for logic in ops.LOGIC for c in ctx.target_colours]
        steps += [Step(f"stack the {names} parts, the {'last' if rev else 'first'} on top",
                       partial(ops.overlay, bg=bg, axis=axis, reverse=rev)) for rev in (False, True)]
    if all(t.shape == (1, 1) for t in targets):
        steps += [Step(f"the {w} common colour, as one cell", partial(ops.colour_cell, bg=bg, which=w))
                  for w in ("most", "least")]
    for vertical in (False, True):
        if all(t.shape[1 - vertical] == 1 for t in targets) and len({t.shape for t in targets}) > 1:
            steps += [Step(f"count the objects{'' if diagonal else ' (no diagonal links)'} as a "
                           f"{'column' if vertical else 'row'} of cells",
                           partial(ops.count_objects, bg=bg, diagonal=diagonal, vertical=vertical))
                      for diagonal in (True, False)]
    return steps


def _windows(states: Sequence[Grid], targets: Sequence[Grid]) -> list[Step]:
    """Crops of a fixed window: where the first output occurs in the first grid, counted from either
    corner (only when every output has one shape)."""
    if len({t.shape for t in targets}) != 1:
        return []
    rows, cols = targets[0].shape
    steps = []
    for top, left in ops.occurrences(states[0], targets[0]):
        end = (states[0].shape[0] - rows - top, states[0].shape[1] - cols - left)
        steps.append(Step(f"crop the {rows}x{cols} window at row {top}, column {left}",
                          partial(ops.crop_window, top=top, left=left, rows=rows, cols=cols, from_end=False)))
        steps.append(Step(f"crop the {rows}x{cols} window {end[0]} rows and {end[1]} columns in from the "
                          "bottom-right corner",
                          partial(ops.crop_window, top=end[0], left=end[1], rows=rows, cols=cols, from_end=True)))
    return steps


def finishers(ctx: Context, states: Sequence[Grid], depth: int) -> list[Step]:
    """Last steps learned from the demonstrations: the grids the prefix of `depth` steps made, mapped onto
    the outputs. A cell rule is a table of many patterns, able to fit grids that a long prefix made by
    chance (on the training tasks most of its wrong answers came after two or more steps), so it follows
    at most one step."""
    targets = ctx.targets
    if any(s.shape != t.shape for s, t in zip(states, targets)):
        blocks = learn.learn_block_tiling(states, targets, ctx.bg)
        return [] if blocks is None else [Step(blocks.text(), blocks.apply)]
    steps = []
    changes = learn.learn_colour_map(states, targets)
    if changes:
        steps.append(Step(learn.colour_map_text(changes), partial(learn.apply_colour_map, changes=changes)))
    for prop, cost in (("size rank", 1), ("size", 2), ("shape", 2), ("holes", 2)):
        rule = learn.learn_object_recolour(states, targets, ctx.bg, prop)
        if rule is not None:
            steps.append(Step(rule.text(), rule.apply, cost))
    rays = learn.learn_ray_rule(states, targets, ctx.bg) if depth <= 1 else None
    if rays is not None:
        steps.append(Step(rays.text(), rays.apply, 3))
    for hood, cost in (("its 4 neighbours", 2), ("its 8 neighbours", 3)) if depth <= 1 else ():
        cell_rule = learn.learn_cell_rule(states, targets, hood)
        if cell_rule is not None:
            steps.append(Step(cell_rule.text(), cell_rule.apply, cost))
    return steps
