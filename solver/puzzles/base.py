"""The small protocol every puzzle kind implements, and the error type for bad input."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import numpy as np

# Files larger than this are refused before reading: a puzzle file is text, and a user who picks a
# multi-gigabyte file by mistake should get a message, not a frozen machine.
MAX_FILE_BYTES = 64 * 1024 * 1024


class PuzzleError(ValueError):
    """Bad input, said so that a person can find it: the file, the line, the cell."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Verdict:
    """The rule check of an answer. `problems` are sentences such as 'r3c5 and r3c8 both hold 7'."""

    ok: bool
    problems: tuple[str, ...] = ()
    # Kind-specific facts, e.g. {"shortest": True, "length": 57} for a maze path.
    details: dict = field(default_factory=dict)

    def summary(self) -> str:
        return "valid" if self.ok else "; ".join(self.problems)


P = TypeVar("P")


class Augmentation(Protocol[P]):
    """A symmetry of a kind: maps a puzzle to an equivalent puzzle, and an answer back."""

    def apply(self, puzzle: P) -> P: ...

    def apply_grid(self, grid: np.ndarray) -> np.ndarray: ...

    def invert_grid(self, grid: np.ndarray) -> np.ndarray: ...

    def invert_cells(self, values: np.ndarray) -> np.ndarray:
        """Undo only the movement of cells (for per-cell values such as confidences)."""
        ...


@dataclass(frozen=True)
class Repair:
    """A kind's repair of a network answer by its exact search."""
    answer: np.ndarray | None   # None: the search proved there is no answer
    cells_changed: int          # cells where the repaired answer differs from the network's
    verdict: Verdict
    note: str
    rebuilt: bool = False       # the search made the answer anew (a maze's BFS path), not a fix of the network's


class PuzzleKind(Protocol, Generic[P]):
    """One kind of puzzle. Grids are numpy arrays in the kind's own cell codes; tokens are what the
    network reads and writes (0 is always padding). Everything the solve path, evaluation and training do
    differently per kind is asked of the kind, never decided by its name."""

    name: str
    vocab_size: int
    seq_len: int
    needs_expected: bool              # check() can verify only against an expected answer (ARC)
    difficulties: tuple[str, ...]     # levels of generate(); empty: the kind has no generator
    file_header: str                  # what a file of several puzzles starts with ("X" line for Sudoku X)
    file_separator: str               # between puzzles in such a file
    fine_tunes_from: tuple[str, ...]  # other kinds whose models read and write this kind's tokens
    photo_is_puzzle: bool             # a photo's reading is a whole puzzle (ARC: one grid of a task)
    unique_answer: bool               # the expected answer is the only right one (a maze has many paths)
    not_done: str                     # what a neural-only answer that obeys the rules but is not
                                      # acceptable() is told (a maze path that is valid but not shortest)
    per_task: bool                    # the network learns each task from its demonstrations, with a
                                      # puzzle-embedding row per task, and adapts to a new one (ARC)
    scratch_shape: dict               # TRMConfig fields of a from-scratch network sized for a CPU

    def parse(self, text: str, source: str = "<input>") -> list[P]: ...

    def parse_report(self, text: str, source: str = "<input>") -> tuple[list[P], list[PuzzleError]]:
        """Every puzzle that reads and every bad entry (training data: skip and report)."""
        ...

    def format(self, puzzle: P, answer: np.ndarray | None = None) -> str: ...

    def encode_input(self, puzzle: P) -> np.ndarray: ...

    def encode_target(self, puzzle: P, answer: np.ndarray) -> np.ndarray: ...

    def decode(self, puzzle: P, tokens: np.ndarray) -> np.ndarray: ...

    def check(self, puzzle: P, answer: np.ndarray) -> Verdict: ...

    def acceptable(self, verdict: Verdict) -> bool:
        """A checked answer that needs no repair (a maze path must also be shortest)."""
        ...

    def solve_exact(self, puzzle: P) -> np.ndarray | None: ...

    def repair(self, puzzle: P, network_answer: np.ndarray) -> Repair | None:
        """The exact search's answer, guided by the network's; None: the kind has no search (ARC)."""
        ...

    def with_answer(self, puzzle: P) -> P:
        """The puzzle with the answer training needs (the file's or the search's); PuzzleError if none."""
        ...

    def training_key(self, puzzle: P) -> object:
        """Equal for two puzzles that a symmetry maps onto each other (the validation split keeps them
        on one side)."""
        ...

    def generate(self, rng: np.random.Generator, difficulty: str) -> P: ...

    def grid_json(self, puzzle: P, grid: np.ndarray):
        """An answer (or the puzzle's grid) as the `trm` JSON contract writes it (DESIGN section 5)."""
        ...

    def puzzle_json(self, puzzle: P):
        ...

    def grid_text(self, puzzle: P, grid: np.ndarray) -> str:
        """An answer for a terminal."""
        ...

    def input_grid(self, puzzle: P) -> np.ndarray:
        """The grid a person sees before solving (Sudoku: the givens; ARC: the test input)."""
        ...

    def level_of(self, puzzle: P) -> str | None:
        """The level a training summary counts the puzzle under (None: unrated)."""
        ...

    def level_order(self, level: str) -> tuple:
        """Sort key of levels, easiest first."""
        ...

    def random_augmentation(self, rng: np.random.Generator, puzzle: P) -> Augmentation[P]: ...


PROTOCOL_FUNCTIONS = ("parse", "format", "encode_input", "encode_target", "decode", "check", "solve_exact",
                      "random_augmentation")
# Optional functions of a kind module, and what a kind without one does.
OPTIONAL_FUNCTIONS = ("parse_report", "repair", "with_answer", "training_key", "generate", "acceptable",
                      "input_grid", "level_of", "level_order", "grid_json", "puzzle_json", "grid_text")


class ModuleKind:
    """A PuzzleKind made of a kind module's functions: each module writes its logic as plain functions
    and exposes `KIND = ModuleKind(sys.modules[__name__], ...)`."""

    def __init__(self, module, name: str, vocab_size: int, seq_len: int, *, needs_expected: bool = False,
                 difficulties: tuple[str, ...] = (), file_header: str = "", file_separator: str = "\n",
                 fine_tunes_from: tuple[str, ...] = (), photo_is_puzzle: bool = True, per_task: bool = False,
                 scratch_shape: dict | None = None, unique_answer: bool = True,
                 not_done: str = "network answer obeys the rules but is not accepted", **extra):
        self.name, self.vocab_size, self.seq_len = name, vocab_size, seq_len
        self.needs_expected, self.difficulties = needs_expected, difficulties
        self.file_header, self.file_separator, self.fine_tunes_from = file_header, file_separator, fine_tunes_from
        self.photo_is_puzzle, self.per_task, self.scratch_shape = photo_is_puzzle, per_task, scratch_shape or {}
        self.unique_answer, self.not_done = unique_answer, not_done
        for fn in PROTOCOL_FUNCTIONS:
            setattr(self, fn, getattr(module, fn))
        for fn in OPTIONAL_FUNCTIONS:
            if hasattr(module, fn):
                setattr(self, fn, getattr(module, fn))
        for key, value in extra.items():
            setattr(self, key, value)

    def parse_report(self, text: str, source: str = "<input>") -> tuple[list, list[PuzzleError]]:
        try:
            return self.parse(text, source), []
        except PuzzleError as e:
            return [], [e]

    def acceptable(self, verdict: Verdict) -> bool:
        return verdict.ok

    def repair(self, puzzle, network_answer: np.ndarray) -> Repair | None:
        return None

    def with_answer(self, puzzle):
        return puzzle

    def training_key(self, puzzle) -> object:
        return id(puzzle)

    def generate(self, rng: np.random.Generator, difficulty: str):
        raise PuzzleError(f"there is no generator of {self.name} puzzles")

    def input_grid(self, puzzle) -> np.ndarray:
        return puzzle.grid

    def grid_json(self, puzzle, grid: np.ndarray):
        return np.asarray(grid).astype(int).tolist()

    def puzzle_json(self, puzzle):
        return self.grid_json(puzzle, self.input_grid(puzzle))

    def grid_text(self, puzzle, grid: np.ndarray) -> str:
        return "\n".join(" ".join(str(int(v)) for v in row) for row in np.asarray(grid))

    def level_of(self, puzzle) -> str | None:
        return None

    def level_order(self, level: str) -> tuple:
        return (self.difficulties.index(level) if level in self.difficulties else len(self.difficulties), level)

    def __repr__(self) -> str:
        return f"<puzzle kind {self.name}>"


def read_text_file(path: str | Path) -> str:
    """Read a puzzle file as text, refusing what is missing, too large or not text, with the file named."""
    p = Path(path)
    if not p.exists():
        raise PuzzleError("no such file", source=str(p))
    if p.is_dir():
        raise PuzzleError("is a folder, not a puzzle file", source=str(p))
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PuzzleError(f"file is {size / 2**20:.0f} MiB; puzzle files over "
                          f"{MAX_FILE_BYTES // 2**20} MiB are refused", source=str(p))
    data = p.read_bytes()
    if b"\x00" in data[:8192]:
        raise PuzzleError("looks like a binary file, not puzzle text", source=str(p))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise PuzzleError("is not UTF-8 text", source=str(p), line=line) from None


def cell_name(row: int, col: int) -> str:
    """Cells are named as people name them: r1c1 is the top-left cell."""
    return f"r{row + 1}c{col + 1}"
