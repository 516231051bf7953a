"""Each technique on a hand-made candidate grid where it, and no easier technique, applies; the exact
eliminations asserted."""
from __future__ import annotations

from solver.puzzles.sudoku_logic import Board, Step
from solver.puzzles.sudoku_logic.board import ALL, bit
from solver.puzzles.sudoku_logic.solver import FINDERS


def rc(r: int, c: int) -> int:
    return (r - 1) * 9 + c - 1


def board(**cells: set[int]) -> Board:
    """Every cell empty with all nine candidates, except the cells named (r1c5=...) and the removals."""
    b = Board([0] * 81, [ALL] * 81)
    for name, ds in cells.items():
        r, c = int(name[1]), int(name[3])
        b.cands[rc(r, c)] = sum(bit(d) for d in ds)
    return b


def remove(b: Board, d: int, cells) -> Board:
    for i in cells:
        b.eliminate(i, d)
    return b


def only_this(b: Board, name: str) -> Step:
    """The first finder that applies is `name`'s, and it is the one the solver would pick."""
    for find in FINDERS:
        step = find(b)
        if step is not None:
            assert step.technique == name, f"{step.technique} applies before {name}: {step.explanation}"
            return step
    raise AssertionError(f"nothing applies, {name} expected")


def elims(step: Step) -> set[tuple[int, int]]:
    return set(step.eliminations)


def digits_board(rows: str) -> Board:
    return Board.from_digits([int(ch) for ch in rows.replace(".", "0").replace("\n", "")])


def test_full_house():
    b = digits_board("12345678." + "." * 72)
    step = only_this(b, "Full house")
    assert step.placements == ((rc(1, 9), 9),)
    assert step.explanation == "r1c9 is the last empty cell of row 1, so it takes the missing 9."


def test_hidden_single_in_a_box():
    g = ["."] * 81
    g[rc(2, 5)], g[rc(3, 8)], g[rc(5, 2)], g[rc(8, 3)] = "5", "5", "5", "5"
    step = only_this(digits_board("".join(g)), "Hidden single")
    assert step.placements == ((rc(1, 1), 5),)
    assert step.units == (18,) and step.region == "box 1"
    assert step.explanation == ("r1c1 is the only place for 5 in box 1: the other empty cells of box 1 "
                                "see a 5.")


def test_naked_single_names_what_rules_it_out():
    g = ["."] * 81
    for k, d in enumerate("1234"):
        g[rc(1, 2 + k)] = d
    for k, d in enumerate("5678"):
        g[rc(2 + k, 1)] = d
    b = digits_board("".join(g))
    step = FINDERS[2](b)  # naked_single on its own: hidden singles elsewhere come first in the order
    assert step.placements == ((rc(1, 1), 9),)
    assert step.explanation == ("r1c1 can only be 9: 1, 2, 3, 4, 5, 6, 7 and 8 are already in its row, "
                                "column or box.")


def test_pointing():
    b = remove(board(), 5, [rc(r, c) for r in (2, 3) for c in (1, 2, 3)])
    step = only_this(b, "Pointing")
    assert elims(step) == {(rc(1, c), 5) for c in range(4, 10)}
    assert step.cells == (rc(1, 1), rc(1, 2), rc(1, 3))


def test_claiming():
    b = remove(board(), 5, [rc(1, c) for c in range(4, 10)])
    step = only_this(b, "Claiming")
    assert elims(step) == {(rc(r, c), 5) for r in (2, 3) for c in (1, 2, 3)}


def test_naked_pair():
    step = only_this(board(r1c1={1, 2}, r1c2={1, 2}), "Naked pair")
    assert elims(step) == {(rc(1, c), d) for c in range(3, 10) for d in (1, 2)}


def test_hidden_pair():
    b = board()
    for d in (1, 2):
        remove(b, d, [rc(1, c) for c in (2, 3, 5, 6, 7, 8, 9)])
    step = only_this(b, "Hidden pair")
    assert elims(step) == {(rc(1, c), d) for c in (1, 4) for d in range(3, 10)}


def test_naked_triple():
    step = only_this(board(r1c1={1, 2}, r1c4={2, 3}, r1c7={1, 3}), "Naked triple")
    assert elims(step) == {(rc(1, c), d) for c in (2, 3, 5, 6, 8, 9) for d in (1, 2, 3)}


def test_hidden_triple():
    b = board()
    for d in (1, 2, 3):
        remove(b, d, [rc(1, c) for c in (2, 3, 5, 6, 8, 9)])
    remove(b, 1, [rc(1, 7)])  # 1 in c1, c4; 2 in c1, c4, c7; 3 in c1, c4, c7: no hidden pair
    step = only_this(b, "Hidden triple")
    assert elims(step) == {(rc(1, c), d) for c in (1, 4, 7) for d in range(4, 10)}


def test_naked_quad():
    step = only_this(board(r1c1={1, 2}, r1c4={2, 3}, r1c7={3, 4}, r1c8={1, 4}), "Naked quad")
    assert elims(step) == {(rc(1, c), d) for c in (2, 3, 5, 6, 9) for d in (1, 2, 3, 4)}


def test_hidden_quad():
    b = board()
    for d in (1, 2, 3, 4):
        remove(b, d, [rc(1, c) for c in (2, 3, 5, 6, 9)])
    for d, c in ((1, 7), (2, 8), (3, 1), (4, 4)):  # each digit in three of the four: no smaller subset
        remove(b, d, [rc(1, c)])
    step = only_this(b, "Hidden quad")
    assert elims(step) == {(rc(1, c), d) for c in (1, 4, 7, 8) for d in range(5, 10)}


def test_x_wing():
    b = remove(board(), 5, [rc(r, c) for r in (2, 7) for c in range(1, 10) if c not in (3, 8)])
    step = only_this(b, "X-Wing")
    assert elims(step) == {(rc(r, c), 5) for c in (3, 8) for r in range(1, 10) if r not in (2, 7)}
    assert step.region == "row 2, row 7, column 3, column 8"


def test_swordfish():
    keep = {1: (1, 5), 5: (5, 9), 9: (1, 9)}
    b = remove(board(), 5, [rc(r, c) for r, cs in keep.items() for c in range(1, 10) if c not in cs])
    step = only_this(b, "Swordfish")
    assert elims(step) == {(rc(r, c), 5) for c in (1, 5, 9) for r in range(1, 10) if r not in (1, 5, 9)}


def test_xy_wing():
    step = only_this(board(r1c1={1, 2}, r1c5={1, 3}, r5c1={2, 3}), "XY-Wing")
    assert elims(step) == {(rc(5, 5), 3)}
    assert step.cells == (rc(1, 1), rc(1, 5), rc(5, 1))


def test_xyz_wing():
    step = only_this(board(r1c1={1, 2, 3}, r1c2={1, 3}, r5c1={2, 3}), "XYZ-Wing")
    assert elims(step) == {(rc(2, 1), 3), (rc(3, 1), 3)}


def test_simple_colouring_trap():
    # 5: r1c1 (A) = r1c5 (B) in row 1, = r8c5 (A) in column 5, = r8c2 (B) in row 8
    b = remove(board(), 5, [rc(1, c) for c in range(1, 10) if c not in (1, 5)])
    remove(b, 5, [rc(r, 5) for r in range(1, 10) if r not in (1, 8)])
    remove(b, 5, [rc(8, c) for c in range(1, 10) if c not in (5, 2)])
    step = only_this(b, "Simple colouring")
    # the cells that see r1c1 (A) and r8c2 (B)
    assert elims(step) == {(rc(7, 1), 5), (rc(9, 1), 5), (rc(2, 2), 5), (rc(3, 2), 5)}
    assert "see both colours" in step.explanation


def test_simple_colouring_wrap():
    b = board()
    remove(b, 5, [rc(1, c) for c in range(1, 10) if c not in (1, 5)])      # row 1: c1, c5
    remove(b, 5, [rc(r, 5) for r in range(1, 10) if r not in (1, 5)])      # column 5: r1, r5
    remove(b, 5, [rc(5, c) for c in range(1, 10) if c not in (5, 2)])      # row 5: c5, c2
    remove(b, 5, [rc(r, 2) for r in range(1, 10) if r not in (5, 2)])      # column 2: r5, r2
    # colours: r1c1 A, r1c5 B, r5c5 A, r5c2 B, r2c2 A; r1c1 and r2c2 share box 1
    step = only_this(b, "Simple colouring")
    assert elims(step) == {(rc(1, 1), 5), (rc(5, 5), 5), (rc(2, 2), 5)}
    assert "colour A is false" in step.explanation


def test_x_chain_skyscraper():
    b = remove(board(), 5, [rc(r, 1) for r in range(1, 10) if r not in (1, 7)])
    remove(b, 5, [rc(r, 5) for r in range(1, 10) if r not in (2, 7)])
    step = only_this(b, "X-chain")
    assert elims(step) == {(rc(1, 4), 5), (rc(1, 6), 5), (rc(2, 2), 5), (rc(2, 3), 5)}
    assert "r1c1 = r7c1 - r7c5 = r2c5" in step.explanation


def test_xy_chain():
    step = only_this(board(r1c1={1, 2}, r1c5={2, 3}, r5c5={3, 4}, r5c9={4, 1}), "XY-chain")
    assert elims(step) == {(rc(1, 9), 1), (rc(5, 1), 1)}


def test_aic():
    b = board(r1c5={1, 3}, r9c1={1, 3})
    remove(b, 1, [rc(1, c) for c in range(2, 10) if c != 5])   # row 1: 1 only in c1, c5
    remove(b, 3, [rc(r, 5) for r in range(2, 9)])              # column 5: 3 only in r1, r9
    step = only_this(b, "AIC")
    # 1r1c1 = 1r1c5 - 3r1c5 = 3r9c5 - 3r9c1 = 1r9c1: 1 is in r1c1 or r9c1, so not elsewhere in column 1
    assert elims(step) == {(rc(r, 1), 1) for r in range(2, 9)}


def test_nothing_applies_on_an_open_grid():
    b = board()
    assert all(find(b) is None for find in FINDERS)
