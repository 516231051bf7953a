"""The ARC task being edited: demonstration pairs, test inputs (with expected outputs where known),
and the attempt at each test output.

Any one grid is "the target" that the big output editor edits: the attempt by default, or a pair's
input or output, or a test's input or expected output while a task is being built."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Signal

from solver.puzzles import arc
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.puzzles.base import PuzzleError, Verdict

from ..document import Document

# ("attempt",) | ("train", pair, 0 input / 1 output) | ("test", index, 0 input / 1 expected output)
Target = tuple

ATTEMPT: Target = ("attempt",)


def blank(h: int = 3, w: int = 3) -> np.ndarray:
    return np.zeros((h, w), np.int8)


@dataclass(frozen=True)
class ArcState:
    name: str
    train: tuple[tuple[np.ndarray, np.ndarray], ...]
    tests: tuple[tuple[np.ndarray, np.ndarray | None], ...]
    attempts: tuple[np.ndarray, ...]


class ArcDocument(Document):
    targetChanged = Signal()
    attemptChecked = Signal(object)   # the engine's Verdict

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = "new task"
        self.train: list[list[np.ndarray]] = [[blank(), blank()]]
        self.tests: list[list[np.ndarray | None]] = [[blank(), None]]
        self.attempts: list[np.ndarray] = [blank()]
        self.test_index = 0
        self.target: Target = ATTEMPT
        self.attempt_counts: list[int] = [0]
        self.last_verdict: Verdict | None = None

    # --- state -----------------------------------------------------------------------------------

    def snapshot(self) -> ArcState:
        return ArcState(self.name, tuple((i.copy(), o.copy()) for i, o in self.train),
                        tuple((i.copy(), None if o is None else o.copy()) for i, o in self.tests),
                        tuple(a.copy() for a in self.attempts))

    def _apply(self, s: ArcState) -> None:
        self.name = s.name
        self.train = [[i.copy(), o.copy()] for i, o in s.train]
        self.tests = [[i.copy(), None if o is None else o.copy()] for i, o in s.tests]
        self.attempts = [a.copy() for a in s.attempts]
        n = len(self.tests)
        self.attempt_counts = (self.attempt_counts + [0] * n)[:n]
        self.test_index = min(self.test_index, n - 1)
        if self.grid(self.target) is None:  # the pair it pointed at was removed
            self.target = ATTEMPT
            self.targetChanged.emit()

    # --- grids by target -------------------------------------------------------------------------

    def grid(self, target: Target) -> np.ndarray | None:
        if target[0] == "attempt":
            return self.attempts[self.test_index]
        rows = self.train if target[0] == "train" else self.tests
        i, part = target[1], target[2]
        return rows[i][part] if 0 <= i < len(rows) else None

    @property
    def target_grid(self) -> np.ndarray:
        g = self.grid(self.target)
        assert g is not None
        return g

    @property
    def test_input(self) -> np.ndarray:
        return self.tests[self.test_index][0]

    @property
    def expected(self) -> np.ndarray | None:
        return self.tests[self.test_index][1]

    def target_source(self) -> np.ndarray:
        """The grid "copy from input" copies: the input paired with the target."""
        if self.target[0] == "train":
            return self.train[self.target[1]][0]
        if self.target[0] == "test":
            return self.tests[self.target[1]][0]
        return self.test_input

    def target_name(self) -> str:
        if self.target[0] == "attempt":
            return f"test {self.test_index + 1} output (your attempt)"
        if self.target[0] == "train":
            return f"pair {self.target[1] + 1} {'input' if self.target[2] == 0 else 'output'}"
        return f"test {self.target[1] + 1} {'input' if self.target[2] == 0 else 'expected output'}"

    def set_target(self, target: Target) -> None:
        if target[:1] == ("test",) and target[2] == 1 and self.tests[target[1]][1] is None:
            i = target[1]
            self.edit(f"Add expected output to test {i + 1}",
                      lambda: self.tests[i].__setitem__(1, blank(*self.tests[i][0].shape)))
        if self.grid(target) is None:
            raise IndexError(f"no grid {target}")
        self.target = target
        self.targetChanged.emit()
        self.changed.emit()

    def _put(self, target: Target, grid: np.ndarray) -> None:
        grid = np.array(grid, np.int8)
        if target[0] == "attempt":
            self.attempts[self.test_index] = grid
        elif target[0] == "train":
            self.train[target[1]][target[2]] = grid
        else:
            self.tests[target[1]][target[2]] = grid

    def set_target_grid(self, grid: np.ndarray, text: str) -> bool:
        target = self.target
        return self.edit(text, lambda: self._put(target, grid))

    def paint(self, r: int, c: int, colour: int) -> bool:
        g = self.target_grid
        if not (0 <= r < g.shape[0] and 0 <= c < g.shape[1]) or g[r, c] == colour:
            return False
        if self.in_stroke():
            g[r, c] = colour
            self.changed.emit()
            return True
        new = g.copy()
        new[r, c] = colour
        return self.set_target_grid(new, f"Paint {_cell(r, c)}")

    # --- pairs and tests ---------------------------------------------------------------------------

    def add_pair(self) -> None:
        shape = self.train[-1][0].shape if self.train else (3, 3)
        self.edit("Add pair", lambda: self.train.append([blank(*shape), blank(*shape)]))

    def remove_pair(self, i: int) -> None:
        if len(self.train) <= 1:
            raise PuzzleError("a task needs at least one demonstration pair")
        self.edit(f"Remove pair {i + 1}", lambda: self.train.pop(i))

    def add_test(self) -> None:
        def mutate() -> None:
            self.tests.append([blank(), None])
            self.attempts.append(blank())
        self.edit("Add test input", mutate)
        self.set_test_index(len(self.tests) - 1)

    def remove_test(self, i: int) -> None:
        if len(self.tests) <= 1:
            raise PuzzleError("a task needs at least one test input")

        def mutate() -> None:
            self.tests.pop(i)
            self.attempts.pop(i)
        self.edit(f"Remove test {i + 1}", mutate)
        self.changed.emit()

    def set_test_index(self, i: int) -> None:
        i = min(max(i, 0), len(self.tests) - 1)
        if i != self.test_index:
            self.test_index = i
            self.last_verdict = None
            if self.target[0] == "attempt":
                self.targetChanged.emit()
            self.changed.emit()

    def rename(self, name: str) -> None:
        name = name.strip() or "task"
        if name != self.name:
            self.edit("Rename task", lambda: setattr(self, "name", name))

    def new_task(self) -> None:
        def mutate() -> None:
            self.name = "new task"
            self.train = [[blank(), blank()]]
            self.tests = [[blank(), None]]
            self.attempts = [blank()]
        self.source = "<new>"
        self._reset_view(1)
        self.edit("New task", mutate)
        self.loaded.emit()

    def load_task(self, task: ArcTask, text: str = "Load task") -> None:
        def mutate() -> None:
            self.name = task.name
            self.train = [[np.array(i), np.array(o)] for i, o in task.train]
            self.tests = [[np.array(i), None if o is None else np.array(o)]
                          for i, o in zip(task.test_inputs, task.test_outputs)]
            self.attempts = [blank() for _ in task.test_inputs]
        self.source = task.source
        self._reset_view(len(task.test_inputs))
        self.edit(text, mutate)
        self.loaded.emit()

    def _reset_view(self, n_tests: int) -> None:
        self.test_index, self.target, self.last_verdict = 0, ATTEMPT, None
        self.attempt_counts = [0] * n_tests
        self.targetChanged.emit()

    # --- to the engine --------------------------------------------------------------------------

    def task(self) -> ArcTask:
        return ArcTask(name=self.name, train=tuple((i, o) for i, o in self.train),
                       test_inputs=tuple(i for i, _ in self.tests),
                       test_outputs=tuple(o for _, o in self.tests), source=self.source)

    def puzzle(self) -> ArcPuzzle:
        return ArcPuzzle(self.task(), self.test_index)

    def check_attempt(self) -> Verdict:
        """Count an attempt and check it against the known test output with the engine's arc.check."""
        self.attempt_counts[self.test_index] += 1
        self.last_verdict = arc.check(self.puzzle(), self.attempts[self.test_index])
        self.attemptChecked.emit(self.last_verdict)
        self.changed.emit()
        return self.last_verdict

    def to_text(self) -> str:
        return arc.task_to_json(self.task())

    def library_text(self) -> str:
        return self.to_text()


def _cell(r: int, c: int) -> str:
    return f"r{r + 1}c{c + 1}"
