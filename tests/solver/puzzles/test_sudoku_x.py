"""Sudoku X: the marked file format, the diagonal rules, search, generator, symmetries and repair."""
import numpy as np
import pytest

from solver.inputs import load_puzzles
from solver.puzzles import detect_kind, get_kind, sudoku, sudoku_x
from solver.puzzles.base import PuzzleError
from solver.puzzles.sudoku_search import count_solutions


@pytest.fixture(scope="module")
def puzzles():
    rng = np.random.default_rng(5)
    return [sudoku_x.generate(rng, level) for level in sudoku_x.DIFFICULTIES for _ in range(4)]


def test_generated_puzzles_are_newspaper_like_with_one_x_solution(puzzles):
    for p, level in zip(puzzles, np.repeat(sudoku_x.DIFFICULTIES, 4)):
        low, high = sudoku_x.LEVELS[level]
        assert low <= p.n_givens <= high
        assert sudoku_x.check(p, p.solution).ok
        assert sudoku_x.solution_count(p) == 1
        assert np.array_equal(sudoku_x.solve_exact(p), p.solution)
    # The diagonals are what makes most of them unique: as plain Sudokus they have several solutions.
    plain = [count_solutions(p.givens.reshape(81).tolist()) for p in puzzles]
    assert sum(n > 1 for n in plain) >= len(puzzles) // 2


def test_the_diagonals_are_rules(puzzles):
    p = puzzles[0]
    # Swapping two columns of one stack keeps a valid plain Sudoku but breaks a diagonal.
    broken = p.solution[:, [1, 0, 2, 3, 4, 5, 6, 7, 8]]
    loose = sudoku.SudokuPuzzle(np.zeros((9, 9), np.int8))
    assert sudoku.check(loose, broken).ok
    v = sudoku_x.check(loose, broken)
    assert not v.ok and any("both hold" in s for s in v.problems)


def test_the_x_line_marks_a_file_and_the_kind_reads_it(tmp_path, puzzles):
    path = tmp_path / "x.txt"
    path.write_text("X\n" + "\n".join(sudoku_x.format(p) for p in puzzles[:3]) + "\n")
    assert detect_kind(path.read_text(), str(path)) == "sudoku-x"
    kind, read, _ = load_puzzles(str(path))
    assert kind == "sudoku-x" and len(read) == 3
    assert np.array_equal(read[1].givens, puzzles[1].givens) and read[1].line == 3
    # Read as a plain Sudoku, the marker is named with its line.
    with pytest.raises(PuzzleError, match=r"x.txt:1: .*Sudoku X"):
        load_puzzles(str(path), "sudoku")
    # An unmarked file is X when asked.
    plain = tmp_path / "plain.txt"
    plain.write_text(sudoku_x.format(puzzles[0]) + "\n")
    assert load_puzzles(str(plain))[0] == "sudoku"
    assert load_puzzles(str(plain), "sudoku-x")[0] == "sudoku-x"


def test_a_solution_that_breaks_a_diagonal_is_refused_with_its_line(puzzles):
    p = puzzles[0]
    wrong = p.solution[:, [1, 0, 2, 3, 4, 5, 6, 7, 8]]
    with pytest.raises(PuzzleError, match=r"f:2: the solution breaks the diagonal rules"):
        sudoku_x.parse("X\n" + sudoku.to_line(np.zeros((9, 9), np.int8)) + " " + sudoku.to_line(wrong), "f")


def test_symmetries_keep_the_diagonals_and_invert_exactly(puzzles):
    rng = np.random.default_rng(0)
    lines = set()
    for k in range(300):
        p = puzzles[k % len(puzzles)]
        a = sudoku_x.random_augmentation(rng, p)
        q = a.apply(p)
        assert sudoku_x.check(q, q.solution).ok
        assert np.array_equal(a.invert_grid(q.solution), p.solution)
        assert np.array_equal(a.invert_cells(q.givens != 0), p.givens != 0)
        lines.add(a.cols)
    assert len(lines) == 24   # every line reordering that maps each diagonal onto itself


def test_repair_keeps_the_network_close_and_obeys_the_diagonals(puzzles):
    p = puzzles[-1]
    net = p.solution.copy()
    blanks = np.argwhere(p.givens == 0)[:3]
    for r, c in blanks:
        net[r, c] = net[r, c] % 9 + 1
    rep = get_kind("sudoku-x").repair(p, net)
    assert rep.verdict.ok and np.array_equal(rep.answer, p.solution) and rep.cells_changed == 3
    assert not rep.rebuilt


def test_training_fills_in_the_answer_of_a_unique_puzzle(puzzles):
    p = puzzles[2]
    bare = sudoku.SudokuPuzzle(p.givens, None, "f", 4)
    assert np.array_equal(get_kind("sudoku-x").with_answer(bare).solution, p.solution)
