"""Wings: a pivot cell and two pincers it sees, which between them force a digit out of some cells.

XY-Wing: pivot {x, y}, pincers {x, z} and {y, z}: whichever digit the pivot takes, one pincer is z, so a
cell that sees both pincers cannot be z.
XYZ-Wing: pivot {x, y, z}, pincers {x, z} and {y, z}: one of the three is z, so a cell that sees all
three cannot be z.
"""
from __future__ import annotations

from .board import DIGITS_OF, PEER_SETS, PEERS, POPCOUNT, UNIT_SETS, UNITS_OF, Board, cell, digits_text
from .step import Step


def _targets(b: Board, z: int, seeing: list[int]) -> list[int]:
    common = set(PEER_SETS[seeing[0]])
    for s in seeing[1:]:
        common &= PEER_SETS[s]
    bz = 1 << (z - 1)
    return sorted(i for i in common if b.cands[i] & bz)


def _wing(b: Board, name: str, pivot_size: int) -> Step | None:
    for p in range(81):
        pm = b.cands[p]
        if b.digits[p] or POPCOUNT[pm] != pivot_size:
            continue
        pincers = [q for q in PEERS[p] if POPCOUNT[b.cands[q]] == 2 and not b.digits[q]]
        for ai, a in enumerate(pincers):
            am = b.cands[a]
            for c in pincers[ai + 1:]:
                cm = b.cands[c]
                zm = am & cm
                if POPCOUNT[zm] != 1 or am == cm:
                    continue
                if pivot_size == 2:
                    ok = not zm & pm and (am | cm) & ~zm == pm    # {x,z} {y,z} around {x,y}
                else:
                    ok = (am | cm) == pm                          # {x,z} {y,z} inside {x,y,z}
                if not ok:
                    continue
                z = DIGITS_OF[zm][0]
                seeing = [a, c] if pivot_size == 2 else [p, a, c]
                gone = [i for i in _targets(b, z, seeing) if i not in (p, a, c)]
                if not gone:
                    continue
                who = "one of the pincers" if pivot_size == 2 else f"one of {cell(p)}, {cell(a)}, {cell(c)}"
                text = (f"{cell(p)} is {digits_text(DIGITS_OF[pm], 'or')}, and it sees {cell(a)} "
                        f"({digits_text(DIGITS_OF[am], 'or')}) and {cell(c)} ({digits_text(DIGITS_OF[cm], 'or')}): "
                        f"{who} must be {z}, so {', '.join(cell(i) for i in gone)}, which "
                        f"{'see' if len(gone) > 1 else 'sees'} {'both pincers' if pivot_size == 2 else 'all three'}, "
                        f"cannot be {z}.")
                units = tuple(sorted({u for i in (p, a, c) for u in UNITS_OF[i]
                                      if len(UNIT_SETS[u] & {p, a, c}) >= 2}))
                return Step(name, units, (p, a, c), text, eliminations=tuple((i, z) for i in gone),
                            digits=DIGITS_OF[pm | am | cm])
    return None


def xy_wing(b: Board) -> Step | None:
    return _wing(b, "XY-Wing", 2)


def xyz_wing(b: Board) -> Step | None:
    return _wing(b, "XYZ-Wing", 3)
