"""Chains over digits in cells: XY-chains and alternating inference chains (AIC).

A node is "digit d in cell c". Strong links (at least one of the two is true): the two digits of a
two-candidate cell, or the two places of a digit in a unit. Weak links (at most one is true): two digits
of one cell, or one digit in two cells that see each other. A chain of strong and weak links in turn,
strong at both ends, proves that one of its ends is true:
- both ends the same digit: a cell that sees both ends cannot hold it;
- one cell, two digits: the cell is one of the two;
- two digits in cells that see each other: each end's cell loses the other end's digit.
An XY-chain is the special case whose strong links are all two-candidate cells.
"""
from __future__ import annotations

from collections import deque

from .board import DIGITS_OF, PEER_SETS, PEERS, POPCOUNT, UNIT_SETS, UNITS_OF, Board, bit, cell, cells_text
from .step import Step

MAX_LINKS = 13
Node = tuple[int, int]  # (cell, digit)


def _strong(b: Board, x: int, a: int) -> list[Node]:
    """Nodes strongly linked to (x, a)."""
    out: list[Node] = []
    if POPCOUNT[b.cands[x]] == 2:
        out.append((x, next(d for d in DIGITS_OF[b.cands[x]] if d != a)))
    for u in UNITS_OF[x]:
        places = b.places(u, a)
        if len(places) == 2:
            y = places[0] if places[1] == x else places[1]
            if (y, a) not in out:
                out.append((y, a))
    return out


def _weak(b: Board, x: int, a: int) -> list[Node]:
    m = bit(a)
    return [(x, d) for d in DIGITS_OF[b.cands[x]] if d != a] + [(y, a) for y in PEERS[x] if b.cands[y] & m]


def _conclusions(b: Board, s: Node, e: Node) -> list[tuple[int, int]]:
    (sc, sd), (ec, ed) = s, e
    if sd == ed and sc != ec:
        m = bit(sd)
        return [(i, sd) for i in sorted(PEER_SETS[sc] & PEER_SETS[ec]) if b.cands[i] & m]
    if sc == ec and sd != ed:
        return [(sc, d) for d in DIGITS_OF[b.cands[sc]] if d not in (sd, ed)]
    if sd != ed and ec in PEER_SETS[sc]:
        return [(c, d) for c, d in ((sc, ed), (ec, sd)) if b.cands[c] & bit(d)]
    return []


def _is_xy(path: list[Node]) -> bool:
    """Strong links inside cells, weak links between cells on one digit."""
    return all((path[k][0] == path[k - 1][0]) == (k % 2 == 1) for k in range(1, len(path)))


class _Links:
    """Each node's strong and weak links, worked out once per search over all start nodes."""

    def __init__(self, b: Board):
        self.b = b
        self._strong: dict[Node, list[Node]] = {}
        self._weak: dict[Node, list[Node]] = {}

    def of(self, x: Node, weak: bool) -> list[Node]:
        cache = self._weak if weak else self._strong
        if x not in cache:
            cache[x] = (_weak if weak else _strong)(self.b, *x)
        return cache[x]


def _search(b: Board, s: Node, links: _Links, shorter_than: int,
            want_xy: bool) -> tuple[list[Node], list[tuple[int, int]]] | None:
    """Breadth-first from s assumed false: the shortest chain (XY-chain or not, as wanted) that proves
    something, of fewer than `shorter_than` nodes (shorter than the best found so far), or None."""
    parent: dict[tuple[Node, bool], tuple[Node, bool] | None] = {(s, False): None}
    queue = deque([((s, False), 0)])
    limit = min(MAX_LINKS, shorter_than - 2)  # a chain of n + 1 links has n + 2 nodes
    while queue:
        (x, on), n = queue.popleft()
        if n >= limit:
            continue
        for y in links.of(x, on):
            state = (y, not on)
            if state in parent:
                continue
            parent[state] = (x, on)
            queue.append((state, n + 1))
            if not state[1] or n + 1 < 3:
                continue
            gone = _conclusions(b, s, y)
            if not gone:
                continue
            path: list[Node] = []
            at: tuple[Node, bool] | None = state
            while at is not None:
                path.append(at[0])
                at = parent[at]
            path.reverse()
            if len(set(path)) == len(path) and _is_xy(path) == want_xy:
                return path, gone  # breadth-first: no later chain from s is shorter
    return None


def _chain_text(path: list[Node]) -> str:
    text = f"{path[0][1]}{cell(path[0][0])}"
    for k in range(1, len(path)):
        text += (" = " if k % 2 else " - ") + f"{path[k][1]}{cell(path[k][0])}"
    return text


def _find(b: Board, want_xy: bool) -> Step | None:
    best = None
    links = _Links(b)
    for sc in b.empty():
        if want_xy and POPCOUNT[b.cands[sc]] != 2:
            continue
        for sd in DIGITS_OF[b.cands[sc]]:
            found = _search(b, (sc, sd), links, len(best[0]) if best else MAX_LINKS + 2, want_xy)
            if found is not None:
                best = found  # shorter than the best before it, by the bound
    if best is None:
        return None
    path, gone = best
    (sc, sd), (ec, ed) = path[0], path[-1]
    name = "XY-chain" if want_xy else "AIC"
    cells = tuple(dict.fromkeys(c for c, _ in path))
    units = tuple(sorted({u for (a, _), (c, _) in zip(path, path[1:]) if a != c for u in range(27)
                          if a in UNIT_SETS[u] and c in UNIT_SETS[u]}))
    lost = ", ".join(f"{cell(c)} cannot be {d}" for c, d in gone) if len({d for _, d in gone}) > 1 \
        else f"{cells_text(c for c, _ in gone)} cannot be {gone[0][1]}"
    return Step(name, units, cells,
                f"{name} {_chain_text(path)} (= at least one is true, - at most one): {sd} in {cell(sc)} or "
                f"{ed} in {cell(ec)}, so {lost}.",
                eliminations=tuple(gone), digits=tuple(sorted({d for _, d in path})))


def xy_chain(b: Board) -> Step | None:
    return _find(b, True)


def aic(b: Board) -> Step | None:
    return _find(b, False)


__all__ = ["aic", "xy_chain"]
