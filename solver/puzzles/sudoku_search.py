"""Exact Sudoku search: constraint propagation (naked and hidden singles) with fewest-candidates branching.

Candidates are 9-bit masks, one int per cell, in a flat list of 81: copying such a list at each branch is
cheaper in Python than undoing changes. The same search counts solutions (to tell unique puzzles from
ambiguous ones), rates difficulty (how many guesses singles alone could not avoid), and repairs network
answers by trying the network's most probable digits first. Variants with more units (Sudoku X: both
main diagonals) pass their own `Rules`; the default is the classic 27 units.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

ALL = 0x1FF
ROWS = [[r * 9 + c for c in range(9)] for r in range(9)]
COLS = [[r * 9 + c for r in range(9)] for c in range(9)]
BOXES = [[(br * 3 + r) * 9 + bc * 3 + c for r in range(3) for c in range(3)]
         for br in range(3) for bc in range(3)]
UNITS = ROWS + COLS + BOXES
PEERS = [sorted({p for u in UNITS if i in u for p in u} - {i}) for i in range(81)]
DIAGONALS = [[i * 9 + i for i in range(9)], [i * 9 + 8 - i for i in range(9)]]
BIT_DIGIT = {1 << d: d + 1 for d in range(9)}
POPCOUNT = [bin(m).count("1") for m in range(512)]
BITS_OF = [[1 << d for d in range(9) if m >> d & 1] for m in range(512)]


@dataclass(frozen=True)
class Rules:
    """The units (each must hold 1-9 once) and, per cell, the cells that share a unit with it."""
    units: tuple[tuple[int, ...], ...]
    peers: tuple[tuple[int, ...], ...]


def rules_of(units: list[list[int]]) -> Rules:
    peers = tuple(tuple(sorted({p for u in units if i in u for p in u} - {i})) for i in range(81))
    return Rules(tuple(tuple(u) for u in units), peers)


CLASSIC = rules_of(UNITS)
DIAGONAL = rules_of(UNITS + DIAGONALS)   # Sudoku X


class Contradiction(Exception):
    """Raised inside propagation when a cell or a unit has no place left for a digit."""


def _propagate(cand: list[int], queue: list[int], rules: Rules = CLASSIC) -> None:
    """Naked singles from `queue`, then hidden singles, until nothing changes. Raises Contradiction."""
    peers, units = rules.peers, rules.units
    while True:
        while queue:
            c = queue.pop()
            bit = cand[c]
            keep = ALL ^ bit
            for p in peers[c]:
                v = cand[p]
                if v & bit:
                    v &= keep
                    if not v:
                        raise Contradiction
                    cand[p] = v
                    if not v & (v - 1):
                        queue.append(p)
        # Hidden singles: a digit with one place left in a unit goes there.
        for unit in units:
            once = twice = 0
            for c in unit:
                m = cand[c]
                twice |= once & m
                once |= m
            if once != ALL:
                raise Contradiction
            only = once & ~twice
            if not only:
                continue
            for c in unit:
                m = cand[c]
                hit = m & only
                if hit and m & (m - 1):
                    if hit & (hit - 1):
                        raise Contradiction
                    cand[c] = hit
                    queue.append(c)
        if not queue:
            return


def initial_candidates(cells: Sequence[int], rules: Rules = CLASSIC) -> list[int] | None:
    """Candidate masks after propagating the givens (0 = blank), or None if the givens contradict."""
    cand = [ALL] * 81
    queue = []
    for i, d in enumerate(cells):
        if d:
            cand[i] = 1 << (d - 1)
            queue.append(i)
    # Two equal givens in a unit are caught here: the second one empties when the first propagates.
    try:
        _propagate(cand, queue, rules)
    except Contradiction:
        return None
    return cand


@dataclass
class SearchStats:
    nodes: int = 0      # branch points visited (0: singles alone solved it)
    solutions: int = 0


Order = Callable[[int, int], list[int]]  # (cell, candidate mask) -> candidate bits in the order to try


def _default_order(cell: int, mask: int) -> list[int]:
    return BITS_OF[mask]


def search(cells: Sequence[int], limit: int = 1, order: Order = _default_order,
           max_nodes: int | None = None, rules: Rules = CLASSIC) -> tuple[list[list[int]], SearchStats]:
    """Up to `limit` solutions of the puzzle (flat 81 digits, 0 = blank), depth first.

    `order` decides which digit to try first in a cell; repair passes the network's probabilities here.
    `max_nodes` bounds the work (the stats then show nodes == max_nodes)."""
    stats = SearchStats()
    found: list[list[int]] = []
    root = initial_candidates(cells, rules)
    if root is None:
        return found, stats
    stack = [root]
    while stack:
        cand = stack.pop()
        best, best_n = -1, 10
        for i in range(81):
            n = POPCOUNT[cand[i]]
            if 1 < n < best_n:
                best, best_n = i, n
                if n == 2:
                    break
        if best < 0:
            found.append([BIT_DIGIT[m] for m in cand])
            stats.solutions += 1
            if len(found) >= limit:
                break
            continue
        stats.nodes += 1
        if max_nodes is not None and stats.nodes > max_nodes:
            break
        # Push in reverse so that the preferred digit is popped (tried) first.
        for bit in reversed(order(best, cand[best])):
            child = cand.copy()
            child[best] = bit
            try:
                _propagate(child, [best], rules)
            except Contradiction:
                continue
            stack.append(child)
    return found, stats


def count_solutions(cells: Sequence[int], limit: int = 2, rules: Rules = CLASSIC) -> int:
    """0, 1, or `limit` (meaning: at least that many)."""
    return len(search(cells, limit=limit, rules=rules)[0])
