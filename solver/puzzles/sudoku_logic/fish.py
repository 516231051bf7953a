"""Fish on one digit: X-Wing (2 lines), Swordfish (3), Jellyfish (4).

If in n rows the digit's candidates lie in the same n columns, those n rows take the digit n times in
those columns, so the columns' other cells lose it (and the same with rows and columns swapped).
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from .board import Board, cells_text
from .step import Step

FISH_NAMES = {2: "X-Wing", 3: "Swordfish", 4: "Jellyfish"}


def _kind(units: tuple[int, ...]) -> str:
    return "rows" if units[0] < 9 else "columns"


def _lines(units: tuple[int, ...]) -> str:
    nums = [str(u % 9 + 1) for u in units]
    return f"{_kind(units)} {', '.join(nums[:-1])} and {nums[-1]}"


def fish(n: int) -> Callable[[Board], Step | None]:
    name = FISH_NAMES[n]

    def find(b: Board) -> Step | None:
        for d in range(1, 10):
            for base_kind in (0, 9):          # rows as the base, then columns
                cover_kind = 9 - base_kind
                bases = []
                for u in range(base_kind, base_kind + 9):
                    places = b.places(u, d)
                    if 2 <= len(places) <= n:
                        cross = frozenset((i % 9) if base_kind == 0 else (i // 9) for i in places)
                        bases.append((u, cross, places))
                for group in combinations(bases, n):
                    cover = frozenset().union(*(g[1] for g in group))
                    if len(cover) != n:
                        continue
                    base_units = tuple(g[0] for g in group)
                    cover_units = tuple(sorted(cover_kind + k for k in cover))
                    pattern = sorted(i for g in group for i in g[2])
                    gone = [i for cu in cover_units for i in b.places(cu, d) if i not in pattern]
                    if gone:
                        return Step(name, base_units + cover_units, tuple(pattern),
                                    f"In {_lines(base_units)}, {d} can only go in {_lines(cover_units)} "
                                    f"({cells_text(pattern)}): those {n} {_kind(base_units)} take the {d} of each of "
                                    f"these {_kind(cover_units)}, so {cells_text(gone)} cannot be {d}.",
                                    eliminations=tuple((i, d) for i in gone), digits=(d,))
        return None
    find.__name__ = name.lower().replace("-", "_")
    return find


__all__ = ["FISH_NAMES", "fish"]
