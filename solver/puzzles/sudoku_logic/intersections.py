"""Locked candidates: a digit confined to where a box meets a row or column.

Pointing: in a box, the digit's candidates lie in one row (column), so the rest of that line loses it.
Claiming: in a row (column), they lie in one box, so the rest of that box loses it.
"""
from __future__ import annotations

from .board import Board, box_of, cells_text, unit_name
from .step import Step


def _line_of(cells: list[int]) -> int | None:
    rows = {i // 9 for i in cells}
    if len(rows) == 1:
        return rows.pop()
    cols = {i % 9 for i in cells}
    if len(cols) == 1:
        return 9 + cols.pop()
    return None


def pointing(b: Board) -> Step | None:
    for box in range(18, 27):
        for d in range(1, 10):
            places = b.places(box, d)
            if len(places) < 2:
                continue
            line = _line_of(places)
            if line is None:
                continue
            gone = [i for i in b.places(line, d) if i not in places]
            if gone:
                return Step("Pointing", (box, line), tuple(places),
                            f"In {unit_name(box)}, {d} can only go in {unit_name(line)} ({cells_text(places)}), "
                            f"so the rest of {unit_name(line)} cannot be {d}: {cells_text(gone)}.",
                            eliminations=tuple((i, d) for i in gone), digits=(d,))
    return None


def claiming(b: Board) -> Step | None:
    for line in range(18):
        for d in range(1, 10):
            places = b.places(line, d)
            if len(places) < 2:
                continue
            boxes = {box_of(i) for i in places}
            if len(boxes) != 1:
                continue
            box = 18 + boxes.pop()
            gone = [i for i in b.places(box, d) if i not in places]
            if gone:
                return Step("Claiming", (line, box), tuple(places),
                            f"In {unit_name(line)}, {d} can only go in {unit_name(box)} ({cells_text(places)}), "
                            f"so the rest of {unit_name(box)} cannot be {d}: {cells_text(gone)}.",
                            eliminations=tuple((i, d) for i in gone), digits=(d,))
    return None


__all__ = ["claiming", "pointing"]
