"""A person playing a Sudoku: their entries and pencil marks as the library keeps them, the candidates
the rules allow, and which entries are wrong. Qt-free; the app's play mode calls these.

Grids are (9, 9) int8 (0 = blank); marks are (9, 9, 10) bool, marks[r, c, d] for digit d (index 0 unused),
as the app's Sudoku document holds them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import PuzzleError
from .sudoku_logic import Board

STATE_VERSION = "v1"


@dataclass(frozen=True)
class PlayState:
    entries: np.ndarray      # (9, 9) int8, the person's digits (givens not included)
    marks: np.ndarray        # (9, 9, 10) bool


def encode(entries: np.ndarray, marks: np.ndarray) -> str:
    """"v1:" + 81 digits of entries + ":" + 81 three-digit hex masks of the marks."""
    digits = "".join(str(int(d)) for d in entries.ravel())
    masks = "".join(f"{mask:03x}" for mask in marks_to_masks(marks))
    return f"{STATE_VERSION}:{digits}:{masks}"


def decode(text: str, givens: np.ndarray) -> PlayState:
    """The state `encode` wrote, checked against the givens. Raises PuzzleError saying what is wrong."""
    parts = text.split(":")
    if len(parts) != 3 or parts[0] != STATE_VERSION or len(parts[1]) != 81 or len(parts[2]) != 243 \
            or not parts[1].isdigit():
        raise PuzzleError("the saved game is not in a form this version reads")
    try:
        masks = [int(parts[2][k:k + 3], 16) for k in range(0, 243, 3)]
    except ValueError:
        raise PuzzleError("the saved game's pencil marks are damaged") from None
    entries = np.array([int(ch) for ch in parts[1]], np.int8).reshape(9, 9)
    if ((entries != 0) & (givens != 0)).any():
        raise PuzzleError("the saved game writes over a given: it belongs to another puzzle")
    return PlayState(entries, masks_to_marks(masks))


def marks_to_masks(marks: np.ndarray) -> list[int]:
    flat = marks.reshape(81, 10)
    return [int(sum(1 << (d - 1) for d in range(1, 10) if flat[i, d])) for i in range(81)]


def masks_to_marks(masks: list[int]) -> np.ndarray:
    out = np.zeros((81, 10), bool)
    for i, m in enumerate(masks):
        for d in range(1, 10):
            out[i, d] = bool(m >> (d - 1) & 1)
    return out.reshape(9, 9, 10)


def rule_candidates(grid: np.ndarray) -> np.ndarray:
    """Pencil marks of every digit the row, column and box still allow, in each empty cell."""
    return masks_to_marks(Board.from_digits(grid.ravel().tolist()).cands)


def after_entry(marks: np.ndarray, r: int, c: int, d: int) -> np.ndarray:
    """The marks once d is written in (r, c): the cell's own go, and d leaves its row, column and box."""
    out = marks.copy()
    out[r, c] = False
    out[r, :, d] = False
    out[:, c, d] = False
    out[r // 3 * 3:r // 3 * 3 + 3, c // 3 * 3:c // 3 * 3 + 3, d] = False
    return out


def wrong_entries(entries: np.ndarray, solution: np.ndarray | None) -> set[tuple[int, int]]:
    if solution is None:
        return set()
    return {(int(r), int(c)) for r, c in np.argwhere((entries != 0) & (entries != solution))}
