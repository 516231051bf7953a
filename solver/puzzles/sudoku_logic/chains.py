"""Single-digit chains: simple colouring and X-chains.

A strong link joins the only two places of a digit in a unit (one of them holds it); a weak link joins
two cells that see each other (at most one holds it).
Simple colouring: the cells linked by strong links alone take two colours, one of which holds the digit.
Two cells of one colour in a unit rule that colour out (colour wrap); a cell that sees both colours
cannot hold the digit (colour trap).
X-chain: strong and weak links in turn, strong at both ends: one end holds the digit, so a cell that sees
both ends cannot.
"""
from __future__ import annotations

from collections import deque

from .board import PEER_SETS, PEERS, UNIT_SETS, Board, bit, cell, cells_text, unit_name
from .step import Step

MAX_CHAIN_LINKS = 11


def _strong_links(b: Board, d: int) -> dict[int, list[tuple[int, int]]]:
    """cell -> [(partner, unit)] for each unit where the two are the digit's only places."""
    links: dict[int, list[tuple[int, int]]] = {}
    for u in range(27):
        places = b.places(u, d)
        if len(places) == 2:
            x, y = places
            links.setdefault(x, []).append((y, u))
            links.setdefault(y, []).append((x, u))
    return links


def _clusters(links: dict[int, list[tuple[int, int]]]) -> list[dict[int, int]]:
    """The connected parts of the strong-link graph, each cell mapped to its colour 0 or 1."""
    seen: set[int] = set()
    out = []
    for start in sorted(links):
        if start in seen:
            continue
        colour = {start: 0}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            for y, _ in links[x]:
                if y not in colour:
                    colour[y] = 1 - colour[x]
                    queue.append(y)
        seen |= set(colour)
        if len(colour) >= 3:
            out.append(colour)
    return out


def simple_colouring(b: Board) -> Step | None:
    for d in range(1, 10):
        links = _strong_links(b, d)
        for colour in _clusters(links):
            groups = [sorted(i for i, c in colour.items() if c == k) for k in (0, 1)]
            units = tuple(sorted({u for x in colour for _, u in links[x]}))
            intro = (f"The strong links of {d} colour {cells_text(groups[0])} (colour A) and "
                     f"{cells_text(groups[1])} (colour B); one colour holds every {d}")
            cells = tuple(groups[0] + groups[1])
            for k in (0, 1):  # colour wrap
                for u in range(27):
                    twins = [i for i in groups[k] if i in UNIT_SETS[u]]
                    if len(twins) >= 2:
                        name = "AB"[k]
                        return Step("Simple colouring", units, cells,
                                    f"{intro}. {cell(twins[0])} and {cell(twins[1])} are both colour {name} "
                                    f"and share {unit_name(u)}, so colour {name} is false: "
                                    f"{cells_text(groups[k])} cannot be {d}.",
                                    eliminations=tuple((i, d) for i in groups[k]), digits=(d,))
            m = bit(d)
            gone = [j for j in range(81) if j not in colour and b.cands[j] & m  # colour trap
                    and any(g in PEER_SETS[j] for g in groups[0]) and any(g in PEER_SETS[j] for g in groups[1])]
            if gone:
                return Step("Simple colouring", units, cells,
                            f"{intro}. {cells_text(gone)} {'see' if len(gone) > 1 else 'sees'} both colours, "
                            f"so {'they' if len(gone) > 1 else 'it'} cannot be {d}.",
                            eliminations=tuple((j, d) for j in gone), digits=(d,))
    return None


def _chain_from(b: Board, d: int, s: int, links: dict[int, list[tuple[int, int]]]
                ) -> list[tuple[list[int], list[int]]]:
    """Breadth-first from s (assumed not d) along strong, weak, strong... links: the shortest chain to
    each cell it proves d for, with the cells that see both ends."""
    m = bit(d)
    parent: dict[tuple[int, bool], tuple[int, bool] | None] = {(s, False): None}
    queue = deque([((s, False), 0)])
    found = []
    while queue:
        (x, on), n = queue.popleft()
        if n >= MAX_CHAIN_LINKS:
            continue
        nexts = [y for y, _ in links.get(x, [])] if not on else [y for y in PEERS[x] if b.cands[y] & m]
        for y in nexts:
            state = (y, not on)
            if state in parent:
                continue
            parent[state] = (x, on)
            queue.append((state, n + 1))
            if state[1] and n + 1 >= 3 and y != s:
                gone = [i for i in PEER_SETS[s] & PEER_SETS[y] if b.cands[i] & m]
                if gone:
                    path, at = [], state
                    while at is not None:
                        path.append(at[0])
                        at = parent[at]
                    if len(set(path)) == len(path):  # a chain through a cell twice reads badly
                        found.append((path[::-1], sorted(gone)))
    return found


def x_chain(b: Board) -> Step | None:
    best = None
    for d in range(1, 10):
        links = _strong_links(b, d)
        for s in sorted(links):
            for path, gone in _chain_from(b, d, s, links):
                if best is None or len(path) < len(best[1]):
                    best = (d, path, gone)
    if best is None:
        return None
    d, path, gone = best
    text = cell(path[0])
    for k in range(1, len(path)):
        text += (" = " if k % 2 else " - ") + cell(path[k])
    units = tuple(sorted({u for a, c in zip(path, path[1:]) for u in range(27)
                          if a in UNIT_SETS[u] and c in UNIT_SETS[u]}))
    return Step("X-chain", units, tuple(path),
                f"X-chain on {d}: {text} (= the only two places of {d} in a unit, - two cells that see each "
                f"other): {cell(path[0])} or {cell(path[-1])} is {d}, so {cells_text(gone)}, which "
                f"{'see' if len(gone) > 1 else 'sees'} both, cannot be {d}.",
                eliminations=tuple((i, d) for i in gone), digits=(d,))


__all__ = ["simple_colouring", "x_chain"]
