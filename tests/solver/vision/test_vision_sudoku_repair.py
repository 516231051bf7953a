"""Unsure cells of a Sudoku reading are read against the rules (solver.vision.sudoku_read)."""
import numpy as np

from solver.vision import digits
from solver.vision.sudoku_read import REPAIR_BELOW, _proper_repair, _solution_repair

# resources/samples/sudoku/hard.txt, first line: givens and their unique solution.
GIVENS = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
SOLUTION = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"


def _reading(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sure reading of `grid`: (grid, confidence, (9, 9, 11) probabilities)."""
    probs = np.full((9, 9, digits.N_CLASSES), 0.001, np.float32)
    for (r, c), d in np.ndenumerate(grid):
        probs[r, c, d] = 0.95
    return grid.copy(), np.full((9, 9), 0.95, np.float32), probs


def _grid(s: str) -> np.ndarray:
    return np.array([0 if ch == "." else int(ch) for ch in s], np.int8).reshape(9, 9)


def _hand_written_row():
    """The solution, a reading of the givens with r1c1-r1c3 "written in by hand" (4 3 8), and a digit
    other than r1c2's."""
    givens, solution = _grid(GIVENS), _grid(SOLUTION)
    half = givens.copy()
    half[0, :3] = solution[0, :3]
    return solution, half, _reading(half), 1 if solution[0, 1] != 1 else 7


def test_an_unsure_digit_takes_the_solution_when_the_classifier_allows_it():
    solution, half, (grid, conf, probs), wrong = _hand_written_row()
    grid[0, 1], conf[0, 1] = wrong, 0.5            # a 3 read as something else, unsure
    probs[0, 1, :] = 0.001
    probs[0, 1, wrong], probs[0, 1, solution[0, 1]] = 0.5, 0.4
    grid[0, 2], conf[0, 2] = 0, 0.6                # a faint 8 read as a blank
    probs[0, 2, :] = 0.001
    probs[0, 2, digits.BLANK], probs[0, 2, solution[0, 2]] = 0.6, 0.35
    notes = _solution_repair(grid, conf, probs)
    assert grid[0, 1] == solution[0, 1] and grid[0, 2] == solution[0, 2]
    assert (grid == half).all()
    assert len(notes) == 2 and all("(the solution)" in n for n in notes)
    assert conf[0, 1] < REPAIR_BELOW and conf[0, 2] < REPAIR_BELOW   # still marked for the person


def test_ink_read_as_a_wrong_digit_takes_the_solution_even_when_blank_beats_that_digit():
    solution, half, (grid, conf, probs), wrong = _hand_written_row()
    grid[0, 1], conf[0, 1] = wrong, 0.45           # a sloppy 3 read as another digit
    probs[0, 1, :] = 0.001
    probs[0, 1, wrong], probs[0, 1, digits.BLANK], probs[0, 1, solution[0, 1]] = 0.45, 0.3, 0.2
    _solution_repair(grid, conf, probs)
    assert grid[0, 1] == solution[0, 1]            # the digits together (0.65) outweigh blank (0.3)
    grid[0, 1], probs[0, 1, wrong] = wrong, 0.25   # blank (0.5) now beats the digits (0.46 in all)
    probs[0, 1, digits.BLANK] = 0.5
    _solution_repair(grid, conf, probs)
    assert grid[0, 1] == digits.BLANK


def test_a_digit_the_classifier_rules_out_is_not_forced_and_a_likely_blank_stays_blank():
    givens, solution = _grid(GIVENS), _grid(SOLUTION)
    half = givens.copy()
    half[1:] = solution[1:]                        # all but the top row filled in, so one given
    grid, conf, probs = _reading(half)             # less still leaves one solution
    r, c = 0, 3                                    # a given 7, unsure, the solution's 7 ruled out
    grid[r, c], conf[r, c] = 1, 0.6
    probs[r, c, :] = 0.001
    probs[r, c, 1], probs[r, c, digits.BLANK] = 0.6, 0.3
    blank = tuple(np.argwhere(half == 0)[0])     # an empty cell, unsure, the solution's digit unlikely
    conf[blank] = 0.8
    probs[blank][solution[blank]] = 0.1
    notes = _solution_repair(grid, conf, probs)
    assert grid[r, c] == digits.BLANK and grid[blank] == 0
    assert notes == ["r1c4: 1 -> blank (the solution)"]


def test_nothing_changes_when_the_sure_cells_allow_several_solutions():
    givens = _grid(GIVENS)
    grid, conf, probs = _reading(givens)
    cells = np.argwhere(givens > 0)[:6]
    for r, c in cells:                             # six givens unsure: many solutions remain
        conf[r, c] = 0.5
    grid[tuple(cells[0])] = 9 if givens[tuple(cells[0])] != 9 else 8
    before = grid.copy()
    assert _solution_repair(grid, conf, probs) == []
    assert (grid == before).all()


def test_of_two_sure_duplicates_the_solution_says_which_is_wrong():
    givens, solution = _grid(GIVENS), _grid(SOLUTION)
    half = givens.copy()
    half[1:] = solution[1:]
    grid, conf, probs = _reading(half)
    assert givens[0, 4] == 1 and solution[0, 0] == 4
    grid[0, 0] = 1                                 # a written 4 read, surely, as a 1 beside the given 1
    probs[0, 0, :] = 0.001
    probs[0, 0, 1] = 0.95
    notes = _solution_repair(grid, conf, probs)
    assert grid[0, 0] == 4 and grid[0, 4] == 1
    assert notes == ["r1c1: 1 -> 4 (the solution)"] and conf[0, 0] < REPAIR_BELOW


def test_a_printed_puzzle_misread_into_no_proper_puzzle_takes_its_likeliest_proper_reading():
    givens = _grid(GIVENS)
    grid, conf, probs = _reading(givens)
    unsure = [tuple(rc) for rc in np.argwhere(givens > 0)[:8]]    # a blurred photo: 8 givens unsure
    for rc in unsure:
        conf[rc] = 0.6
        probs[rc][:] = 0.001
        probs[rc][givens[rc]] = 0.6
        probs[rc][9 if givens[rc] != 9 else 8] = 0.3
    rc = unsure[3]
    truth = int(givens[rc])
    grid[rc] = 5 if truth != 5 else 6                               # read wrongly at 0.5, the truth 0.4
    probs[rc][:] = 0.001
    probs[rc][grid[rc]], probs[rc][truth] = 0.5, 0.4
    conf[rc] = 0.5
    notes = _proper_repair(grid, conf, probs)
    assert (grid == givens).all()
    assert notes == [f"r{rc[0] + 1}c{rc[1] + 1}: {5 if truth != 5 else 6} -> {truth} (the likeliest proper puzzle)"]


def test_a_proper_reading_is_left_alone():
    givens = _grid(GIVENS)
    grid, conf, probs = _reading(givens)
    conf[0, 3] = 0.5
    probs[0, 3, 1] = 0.45
    assert _proper_repair(grid, conf, probs) == [] and (grid == givens).all()


def test_a_sure_misreading_that_leaves_no_solution_is_let_go():
    from solver.puzzles.sudoku_search import count_solutions
    from solver.vision.sudoku_read import _conflicts
    givens, solution = _grid(GIVENS), _grid(SOLUTION)
    half = givens.copy()
    half[4, :5] = solution[4, :5]                  # written in
    def misread(rc, d):
        g = half.copy()
        g[rc] = d
        return g
    # The first written cell and digit that duplicates nothing yet leaves no solution.
    rc, wrong = next(((4, c), d) for c in range(5) if givens[4, c] == 0
                     for d in range(1, 10) if d != solution[4, c]
                     and not _conflicts(misread((4, c), d))
                     and count_solutions(misread((4, c), d).reshape(81).tolist()) == 0)
    grid, conf, probs = _reading(half)
    grid[rc] = wrong                               # read surely, and wrongly
    conf[rc] = 0.92
    probs[rc][:] = 0.001
    probs[rc][wrong] = 0.92
    notes = _solution_repair(grid, conf, probs)
    assert (grid == half).all()
    assert notes == [f"r{rc[0] + 1}c{rc[1] + 1}: {wrong} -> {solution[rc]} (the solution)"]
