"""Naked and hidden subsets (pairs, triples, quads) within one row, column or box.

Naked: n cells of a unit hold only n digits between them, so those digits leave the unit's other cells.
Hidden: n digits of a unit fit only in n cells, so those cells lose every other digit.
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from .board import DIGITS_OF, POPCOUNT, UNITS, Board, bit, cells_text, digits_text, unit_name
from .step import Step

SIZE_NAMES = {2: "pair", 3: "triple", 4: "quad"}


def naked(n: int) -> Callable[[Board], Step | None]:
    name = f"Naked {SIZE_NAMES[n]}"

    def find(b: Board) -> Step | None:
        for u in range(27):
            small = [i for i in UNITS[u] if not b.digits[i] and 2 <= POPCOUNT[b.cands[i]] <= n]
            for group in combinations(small, n):
                m = 0
                for i in group:
                    m |= b.cands[i]
                if POPCOUNT[m] != n:
                    continue
                gone = [(i, d) for i in UNITS[u] if i not in group for d in DIGITS_OF[b.cands[i] & m]]
                if gone:
                    ds = DIGITS_OF[m]
                    return Step(name, (u,), group,
                                f"{cells_text(group)} hold only {digits_text(ds)} between them, so no other "
                                f"cell of {unit_name(u)} can be {digits_text(ds, 'or')}.",
                                eliminations=tuple(gone), digits=ds)
        return None
    find.__name__ = name.lower().replace(" ", "_")
    return find


def hidden(n: int) -> Callable[[Board], Step | None]:
    name = f"Hidden {SIZE_NAMES[n]}"

    def find(b: Board) -> Step | None:
        for u in range(27):
            where = {d: b.places(u, d) for d in range(1, 10)}
            free = [d for d in range(1, 10) if 2 <= len(where[d]) <= n]
            for ds in combinations(free, n):
                cells = sorted({i for d in ds for i in where[d]})
                if len(cells) != n:
                    continue
                keep = sum(bit(d) for d in ds)
                gone = [(i, d) for i in cells for d in DIGITS_OF[b.cands[i] & ~keep]]
                if gone:
                    return Step(name, (u,), tuple(cells),
                                f"In {unit_name(u)}, {digits_text(ds)} fit only in {cells_text(cells)}, so "
                                f"those cells can be nothing else.",
                                eliminations=tuple(gone), digits=ds)
        return None
    find.__name__ = name.lower().replace(" ", "_")
    return find
