"""Puzzle kinds behind one protocol (base.PuzzleKind), and detection of a file's kind."""
from __future__ import annotations

from .base import PuzzleError, PuzzleKind, Verdict

KIND_NAMES = ("sudoku", "maze", "arc")


def get_kind(name: str) -> PuzzleKind:
    """The kind module's KIND object, imported on first use."""
    if name == "sudoku":
        from .sudoku import KIND
    elif name == "maze":
        from .maze import KIND
    elif name == "arc":
        from .arc import KIND
    else:
        raise PuzzleError(f"unknown puzzle kind {name!r}; choose one of {', '.join(KIND_NAMES)}")
    return KIND


__all__ = ["KIND_NAMES", "PuzzleError", "PuzzleKind", "Verdict", "get_kind"]
