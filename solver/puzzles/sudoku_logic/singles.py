"""Singles: the last cell of a unit, the only place for a digit in a unit, the only digit for a cell."""
from __future__ import annotations

from .board import ALL, DIGITS_OF, POPCOUNT, UNITS, UNITS_OF, Board, a_digit, bit, cell, digits_text, unit_name
from .step import Step

_BOXES_FIRST = list(range(18, 27)) + list(range(18))  # people look for hidden singles in boxes first


def full_house(b: Board) -> Step | None:
    for u in _BOXES_FIRST:
        empty = [i for i in UNITS[u] if not b.digits[i]]
        if len(empty) != 1:
            continue
        i = empty[0]
        missing = ALL
        for j in UNITS[u]:
            if b.digits[j]:
                missing &= ~bit(b.digits[j])
        if POPCOUNT[missing] != 1 or not b.cands[i] & missing:
            continue
        d = DIGITS_OF[missing][0]
        return Step("Full house", (u,), (i,), f"{cell(i)} is the last empty cell of {unit_name(u)}, so it "
                    f"takes the missing {d}.", placements=((i, d),), digits=(d,))
    return None


def hidden_single(b: Board) -> Step | None:
    for u in _BOXES_FIRST:
        for d in range(1, 10):
            places = b.places(u, d)
            if len(places) != 1 or b.has_digit(u, d):
                continue
            i = places[0]
            others = [j for j in UNITS[u] if j != i and not b.digits[j]]
            if all(b.seen_digits(j) & bit(d) for j in others):
                why = f"the other empty cells of {unit_name(u)} see {a_digit(d)}"
            else:
                why = f"the other empty cells of {unit_name(u)} see {a_digit(d)} or had it ruled out earlier"
            return Step("Hidden single", (u,), (i,), f"{cell(i)} is the only place for {d} in {unit_name(u)}: "
                        f"{why}.", placements=((i, d),), digits=(d,))
    return None


def naked_single(b: Board) -> Step | None:
    for i in range(81):
        m = b.cands[i]
        if b.digits[i] or POPCOUNT[m] != 1:
            continue
        d = DIGITS_OF[m][0]
        seen = b.seen_digits(i)
        ruled = ALL & ~seen & ~m
        why = f"{digits_text(DIGITS_OF[seen])} {_are(seen)} already in its row, column or box" if seen else ""
        if ruled:
            earlier = f"{digits_text(DIGITS_OF[ruled])} {_were(ruled)} ruled out by earlier steps"
            why = f"{why}, and {earlier}" if why else earlier
        return Step("Naked single", UNITS_OF[i], (i,), f"{cell(i)} can only be {d}: {why}.",
                    placements=((i, d),), digits=(d,))
    return None


def _are(mask: int) -> str:
    return "is" if POPCOUNT[mask] == 1 else "are"


def _were(mask: int) -> str:
    return "was" if POPCOUNT[mask] == 1 else "were"


__all__ = ["full_house", "hidden_single", "naked_single"]
