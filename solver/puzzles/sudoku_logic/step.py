"""A step of a logical solution: the technique, where it looks, what it proves, in one sentence."""
from __future__ import annotations

from dataclasses import dataclass, field

from .board import Board, cell, unit_name


@dataclass(frozen=True)
class Technique:
    name: str
    level: int        # 1 (easiest) .. 8; a puzzle is rated by its hardest step
    grade: str        # the level in words


# In the order the solver tries them: the easiest first, so a hint is the simplest step there is.
# Levels follow the usual human-solver grading (SudokuWiki, HoDoKu): singles, intersections and pairs,
# bigger subsets, fish and wings, chains, then the uniqueness-free fallbacks.
GRADES = {1: "easy", 2: "moderate", 3: "tough", 4: "hard", 5: "fiendish", 6: "diabolical", 7: "extreme",
          8: "beyond logic"}
_LEVELS = [
    ("Full house", 1), ("Hidden single", 1), ("Naked single", 1),
    ("Pointing", 2), ("Claiming", 2), ("Naked pair", 2), ("Hidden pair", 2),
    ("Naked triple", 3), ("Hidden triple", 3), ("Naked quad", 3), ("Hidden quad", 3),
    ("X-Wing", 4), ("XY-Wing", 4), ("XYZ-Wing", 4), ("Swordfish", 4), ("Jellyfish", 5),
    ("Simple colouring", 5), ("X-chain", 5), ("XY-chain", 5), ("AIC", 6),
    ("Forcing contradiction", 7), ("Trial and error", 8),
]
TECHNIQUES = {name: Technique(name, level, GRADES[level]) for name, level in _LEVELS}
FALLBACKS = ("Forcing contradiction", "Trial and error")  # they try a digit and follow it to the end


@dataclass(frozen=True)
class Step:
    technique: str
    units: tuple[int, ...]                    # the rows, columns and boxes it looks at (sudoku_search.UNITS)
    cells: tuple[int, ...]                    # the cells the deduction rests on
    explanation: str                          # one sentence, cells named r1c1..r9c9
    placements: tuple[tuple[int, int], ...] = ()     # (cell, digit) it proves
    eliminations: tuple[tuple[int, int], ...] = ()   # (cell, digit) it rules out
    digits: tuple[int, ...] = field(default=())      # the digits it is about
    clears: tuple[int, ...] = ()              # a "Mistake": cells whose entry or candidates are wrong

    @property
    def level(self) -> int:
        return TECHNIQUES[self.technique].level if self.technique in TECHNIQUES else 0

    @property
    def region(self) -> str:
        """The units in words: "box 6", "rows 3 and 7"."""
        return ", ".join(unit_name(u) for u in self.units) if self.units else "the whole grid"

    def apply(self, board: Board) -> None:
        for i, d in self.placements:
            board.place(i, d)
        for i, d in self.eliminations:
            board.eliminate(i, d)

    def outcome(self) -> str:
        """What changes, in words: "r4c7 = 5" or "r5c6 <> 7, r5c8 <> 7"."""
        parts = [f"{cell(i)} = {d}" for i, d in self.placements]
        parts += [f"{cell(i)} <> {d}" for i, d in self.eliminations]
        return ", ".join(parts)

    def to_json(self) -> dict:
        return {"technique": self.technique, "level": self.level, "region": self.region,
                "cells": [cell(i) for i in self.cells], "digits": list(self.digits),
                "placements": [{"cell": cell(i), "digit": d} for i, d in self.placements],
                "eliminations": [{"cell": cell(i), "digit": d} for i, d in self.eliminations],
                "clears": [cell(i) for i in self.clears], "explanation": self.explanation}
