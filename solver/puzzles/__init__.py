"""Puzzle kinds behind one protocol (base.PuzzleKind): the registry of their names, and the detection of
the kind a text holds. This is the one place outside a kind's own module that knows kinds by name."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

from .base import PuzzleError, PuzzleKind, Verdict
from .sudoku_x import is_marked

# name -> the module (in this package) that defines its KIND; the order is the order menus list them in
# (a new kind goes last: messages that list the kinds keep their start)
_MODULES = {"sudoku": "sudoku", "maze": "maze", "arc": "arc", "sudoku-x": "sudoku_x"}
KIND_NAMES = tuple(_MODULES)

MAZE_CHARS = set("# .SGo")


def get_kind(name: str) -> PuzzleKind:
    """The kind module's KIND object, imported on first use."""
    if name not in _MODULES:
        raise PuzzleError(f"unknown puzzle kind {name!r}; choose one of {', '.join(KIND_NAMES)}")
    return import_module(f".{_MODULES[name]}", __name__).KIND


def detect_kind(text: str, source: str = "") -> str:
    """The kind a file or a pasted text holds: from the file name, then from the content (the
    parsers still decide what is valid)."""
    suffix = Path(source).suffix.lower()
    if suffix == ".json":
        return "arc"
    if suffix in (".sdk", ".csv"):
        return "sudoku-x" if is_marked(text) else "sudoku"
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "arc"
    # Maze rows use only "# .SGo"; Sudoku lines are digits and dots, and comments are prose.
    maze_rows = [ln for ln in text.splitlines() if ln.strip() and set(ln) <= MAZE_CHARS]
    if len(maze_rows) >= 2 and any("#" in r for r in maze_rows) and any("S" in r for r in maze_rows):
        return "maze"
    return "sudoku-x" if is_marked(text) else "sudoku"


__all__ = ["KIND_NAMES", "PuzzleError", "PuzzleKind", "Verdict", "detect_kind", "get_kind"]
