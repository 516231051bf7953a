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


class PuzzleKind(Protocol, Generic[P]):
    """One kind of puzzle. Grids are numpy arrays in the kind's own cell codes; tokens are what the
    network reads and writes (0 is always padding)."""

    name: str
    vocab_size: int
    seq_len: int

    def parse(self, text: str, source: str = "<input>") -> list[P]: ...

    def format(self, puzzle: P, answer: np.ndarray | None = None) -> str: ...

    def encode_input(self, puzzle: P) -> np.ndarray: ...

    def encode_target(self, puzzle: P, answer: np.ndarray) -> np.ndarray: ...

    def decode(self, puzzle: P, tokens: np.ndarray) -> np.ndarray: ...

    def check(self, puzzle: P, answer: np.ndarray) -> Verdict: ...

    def solve_exact(self, puzzle: P) -> np.ndarray | None: ...

    def random_augmentation(self, rng: np.random.Generator, puzzle: P) -> Augmentation[P]: ...


PROTOCOL_FUNCTIONS = ("parse", "format", "encode_input", "encode_target", "decode", "check", "solve_exact",
                      "random_augmentation")


class ModuleKind:
    """A PuzzleKind made of a kind module's functions: each module writes its logic as plain functions
    and exposes `KIND = ModuleKind(sys.modules[__name__], ...)`."""

    def __init__(self, module, name: str, vocab_size: int, seq_len: int, **extra):
        self.name, self.vocab_size, self.seq_len = name, vocab_size, seq_len
        for fn in PROTOCOL_FUNCTIONS:
            setattr(self, fn, getattr(module, fn))
        for key, value in extra.items():
            setattr(self, key, value)

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
