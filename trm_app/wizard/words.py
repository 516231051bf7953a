"""How the wizard says numbers: durations and counts of puzzles."""
from __future__ import annotations

# What "augment" means for each kind (the copies the training samples are drawn from).
AUGMENT_WORDS = {"sudoku": "relabelled digits, swapped bands, stacks and lines, transposes",
                 "sudoku-x": "relabelled digits, mirrored line swaps, reflections and transposes that keep the diagonals",
                 "maze": "rotations and reflections",
                 "arc": "rotations, reflections and recolourings of each task"}
KIND_WORDS = {"sudoku": ("Sudoku", "Sudokus"), "sudoku-x": ("Sudoku X", "Sudoku Xs"), "maze": ("maze", "mazes"),
              "arc": ("ARC task", "ARC tasks")}


def plural(n: int, kind: str) -> str:
    one, many = KIND_WORDS.get(kind, (kind, kind + "s"))
    return f"{n:,} {one if n == 1 else many}"


def duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
