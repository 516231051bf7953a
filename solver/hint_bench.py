"""Time the hints as the app asks for them: the logical hint (sudoku_logic.hint on the person's grid, its
candidates worked out from the digits, the solution known) and the network's hint (network_hint, one
torch thread), on positions part-way through each puzzle, and a maze hint (maze_play.hint) on paths
part-way along a shortest way.

    python -m solver.hint_bench --file resources/samples/sudoku/hard.txt [--every 10] [--model NAME]
                                [--maze resources/samples/maze/hard.txt]

Positions: the grid a person following the logical solution has before each step beyond singles and
before every 10th step, so the hard moments count. Prints p50, p90 and the maximum in milliseconds, of
the wall clock and of the process's CPU time (what a call costs a free core, when other programs share
the machine), and the network's first call (torch imported, the model loaded) apart from the rest.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import chain

import numpy as np

from .logic_bench import labelled_puzzles, puzzles_from_files
from .puzzles import maze, maze_play
from .puzzles.base import PuzzleError
from .puzzles.sudoku_logic import Board, explain, hint


def _positions(givens: list[int], solution: list[int], every: int) -> list[tuple[list[int], list[int]]]:
    """(digits, candidate masks) a person following the logical solution has before each step beyond
    singles and before every `every`-th step, their candidates kept as play mode's Auto candidates keeps
    them (so the step beyond singles is the one found)."""
    ex = explain(givens, solution=solution)
    b = Board.from_digits(givens)
    out = []
    for k, s in enumerate(ex.steps):
        if k % every == 0 or s.level >= 2:
            out.append((list(b.digits), [0 if d else m for d, m in zip(b.digits, b.cands)]))
        s.apply(b)
    return out


class _Timer:
    """Wall-clock and CPU milliseconds of each timed call. On a machine shared with other busy programs
    the wall clock counts their turns too; the process's CPU time is what the call costs a free core."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> _Timer:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall.append(1000 * (time.perf_counter() - self._w))
        self.cpu.append(1000 * (time.process_time() - self._c))

    def stats(self) -> dict:
        if not self.wall:
            return {}
        out: dict = {"n": len(self.wall)}
        for name, ms in (("", self.wall), ("cpu_", self.cpu)):
            a = np.array(ms)
            out |= {f"{name}p50_ms": round(float(np.percentile(a, 50)), 2),
                    f"{name}p90_ms": round(float(np.percentile(a, 90)), 2), f"{name}max_ms": round(float(a.max()), 2)}
        return out


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except PuzzleError as e:
        print(f"trm: {e}", file=sys.stderr)
        return 2


def _run(argv: list[str] | None) -> int:
    ap = argparse.ArgumentParser(prog="python -m solver.hint_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", nargs="*", default=[], help="Sudoku files (gzipped ones too)")
    ap.add_argument("--labels", help="the dev photos' labels.jsonl: their puzzles too")
    ap.add_argument("--maze", nargs="*", default=[], help="maze files (the maze hint)")
    ap.add_argument("--every", type=int, default=10, help="a position before every N-th step too")
    ap.add_argument("--model", help="the Sudoku network (default: the bundled one); 'none' to skip it")
    a = ap.parse_args(argv)
    positions = []  # (givens, (digits, masks), solution)
    for _, g, sol in chain(puzzles_from_files(a.file), labelled_puzzles(a.labels) if a.labels else ()):
        positions += [(g, grid, sol) for grid in _positions(g, sol, a.every)]
    if not positions:
        print("trm: no Sudoku to time hints on: give --file or --labels", file=sys.stderr)
        return 2
    logic, techniques = _Timer(), {}
    for g, grid, sol in positions:
        with logic:
            h = hint(g, grid[0], grid[1], sol)
        assert h.step is not None and h.step.technique != "Mistake"
        techniques[h.step.technique] = techniques.get(h.step.technique, 0) + 1
    report = {"positions": len(positions), "logic_hint": logic.stats(), "techniques": techniques}
    print(f"logical hint: {json.dumps(report['logic_hint'])}", file=sys.stderr, flush=True)
    if a.model != "none":
        from .checkpoint import load_model, resolve
        from .network_hint import network_hint

        t0 = time.perf_counter()
        info = resolve(a.model, "sudoku")
        if info is None:
            print("trm: no Sudoku model to time the network's hint with", file=sys.stderr)
            return 2
        model = load_model(info, "sudoku")[0]
        as_grid = (lambda cells: np.array(cells, np.int8).reshape(9, 9))
        network_hint(as_grid(positions[0][1][0]), as_grid(positions[0][2]), model)
        report["network_first_call_ms"] = round(1000 * (time.perf_counter() - t0), 1)  # import, load, first run
        net = _Timer()
        for g, grid, sol in positions:
            with net:
                network_hint(as_grid(grid[0]), as_grid(sol), model)
        report["network_hint"] = net.stats()
        report["model"] = info.name
    maze_timer = _Timer()
    for f in a.maze:
        for p in maze.parse(open(f, encoding="utf-8").read(), f):
            way = maze_play.start_of(p.grid)
            while not maze_play.solved(p.grid, way):
                with maze_timer:
                    h = maze_play.hint(p.grid, way)
                    maze_play.dead_end(p.grid, way)  # the app checks for a dead end after every move too
                way = way + h.moves
    if maze_timer.wall:
        report["maze_hint"] = maze_timer.stats()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
