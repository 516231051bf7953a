"""The grid a human solver looks at: digits placed so far and the candidates left in each empty cell.

Cells are 0..80 (row-major), digits 1..9, candidates 9-bit masks (bit d-1 for digit d), the encoding of
sudoku_search. Units are numbered as sudoku_search.UNITS: 0-8 rows, 9-17 columns, 18-26 boxes (box 1 is
the top-left, box 9 the bottom-right).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..sudoku_search import ALL, BITS_OF, BOXES, COLS, PEERS, POPCOUNT, ROWS, UNITS

PEER_SETS = [frozenset(p) for p in PEERS]
UNIT_SETS = [frozenset(u) for u in UNITS]
UNITS_OF = [tuple(u for u in range(27) if i in UNITS[u]) for i in range(81)]  # (row, column, box)
DIGITS_OF = [tuple(d for d in range(1, 10) if m >> (d - 1) & 1) for m in range(512)]

__all__ = ["ALL", "BITS_OF", "BOXES", "COLS", "DIGITS_OF", "PEER_SETS", "POPCOUNT", "PEERS", "ROWS",
           "UNITS", "UNIT_SETS", "UNITS_OF", "Board", "a_digit", "bit", "box_of", "cell", "cells_text", "digits_text", "unit_name"]


def bit(d: int) -> int:
    return 1 << (d - 1)


def cell(i: int) -> str:
    """r1c1 is the top-left cell."""
    return f"r{i // 9 + 1}c{i % 9 + 1}"


def box_of(i: int) -> int:
    return (i // 27) * 3 + (i % 9) // 3


def unit_name(u: int) -> str:
    kind = ("row", "column", "box")[u // 9]
    return f"{kind} {u % 9 + 1}"


def cells_text(cells: Iterable[int]) -> str:
    return ", ".join(cell(i) for i in cells)


def a_digit(d: int) -> str:
    """ "a 5", "an 8"."""
    return f"an {d}" if d == 8 else f"a {d}"


def digits_text(digits: Iterable[int], conj: str = "and") -> str:
    ds = [str(d) for d in digits]
    return ds[0] if len(ds) == 1 else ", ".join(ds[:-1]) + f" {conj} " + ds[-1]


@dataclass
class Board:
    """digits[i] is 0 for an empty cell; cands[i] is 0 for a filled one."""
    digits: list[int]
    cands: list[int]

    @classmethod
    def from_digits(cls, digits: Sequence[int]) -> Board:
        """Candidates as the rules leave them: every digit not already in the cell's row, column or box."""
        ds = [int(d) for d in digits]
        if len(ds) != 81:
            raise ValueError(f"a board has 81 cells, not {len(ds)}")
        cands = [0] * 81
        for i in range(81):
            if not ds[i]:
                seen = 0
                for p in PEERS[i]:
                    if ds[p]:
                        seen |= bit(ds[p])
                cands[i] = ALL & ~seen
        return cls(ds, cands)

    def copy(self) -> Board:
        return Board(self.digits.copy(), self.cands.copy())

    def place(self, i: int, d: int) -> None:
        self.digits[i] = d
        self.cands[i] = 0
        keep = ALL ^ bit(d)
        for p in PEERS[i]:
            self.cands[p] &= keep

    def eliminate(self, i: int, d: int) -> None:
        self.cands[i] &= ALL ^ bit(d)

    def seen_digits(self, i: int) -> int:
        """The mask of digits already placed in the cell's row, column or box."""
        m = 0
        for p in PEERS[i]:
            if self.digits[p]:
                m |= bit(self.digits[p])
        return m

    def places(self, u: int, d: int) -> list[int]:
        """The cells of unit u where d is still a candidate."""
        b = bit(d)
        return [i for i in UNITS[u] if self.cands[i] & b]

    def has_digit(self, u: int, d: int) -> bool:
        return any(self.digits[i] == d for i in UNITS[u])

    def empty(self) -> list[int]:
        return [i for i in range(81) if not self.digits[i]]

    def solved(self) -> bool:
        return all(self.digits)
