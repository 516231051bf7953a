"""Sudoku X (diagonal Sudoku): a Sudoku whose two main diagonals must also hold 1-9 once each.

File format: the Sudoku formats (solver.puzzles.sudoku: 81-character lines with an optional solution,
.sdk grids, the CSV), marked as X by a line holding only `X` (any case) before the puzzles; every puzzle
of a marked file is a Sudoku X. An unmarked file is read as X with `--kind sudoku-x`.

The puzzle type, tokens and network shape are Sudoku's (seq 81, vocab 11), so a Sudoku model is the base
to fine-tune from. What differs: the units (27 + 2 diagonals) in the rule check, the exact search and the
repair, the generator, and the symmetries, which must map the diagonals onto the diagonals.
"""
from __future__ import annotations

import sys

import numpy as np

from . import sudoku
from .base import ModuleKind, PuzzleError, Repair, Verdict
# Sudoku's tokens are X's too: the kind protocol finds these names in this module.
from .sudoku import (SudokuAugmentation, SudokuPuzzle, decode, encode_input, encode_target,  # noqa: F401
                     grid_json, grid_text, input_grid, puzzle_json, training_key)
from .sudoku_search import BITS_OF, DIAGONAL, count_solutions, search

NAME = "sudoku-x"
UNITS = sudoku.UNITS_RC + [("the main diagonal", [(i, i) for i in range(9)]),
                           ("the anti-diagonal", [(i, 8 - i) for i in range(9)])]


def is_marked(text: str) -> bool:
    """True when a line of the text holds only the X marker."""
    return any(line.strip().upper() == sudoku.MARKER_X for line in text.splitlines())


def _unmarked(text: str) -> str:
    # The marker lines become empty lines, so that the Sudoku reader's line numbers stay the file's.
    return "\n".join("" if ln.strip().upper() == sudoku.MARKER_X else ln for ln in text.splitlines())


def _checked(p: SudokuPuzzle) -> SudokuPuzzle:
    if p.solution is not None:
        broken = conflicts(p.solution)
        if broken:
            a, b, d = broken[0]
            raise PuzzleError(f"the solution breaks the diagonal rules: {_said(a, b, d)}", source=p.source,
                              line=p.line)
    return p


def parse_report(text: str, source: str = "<input>") -> tuple[list[SudokuPuzzle], list[PuzzleError]]:
    """Every puzzle that reads and every bad line with its reason (training data: skip and report)."""
    read, bad = sudoku.parse_report(_unmarked(text), source)
    good = []
    for p in read:
        try:
            good.append(_checked(p))
        except PuzzleError as e:
            bad.append(e)
    return good, sorted(bad, key=lambda e: e.line or 0)  # the first bad line first


def parse(text: str, source: str = "<input>") -> list[SudokuPuzzle]:
    good, bad = parse_report(text, source)
    if bad:
        raise bad[0]
    if not good:
        raise PuzzleError("no Sudoku X puzzle found", source=source)
    return good


def format(puzzle: SudokuPuzzle, answer: np.ndarray | None = None) -> str:  # noqa: A001 - protocol name
    return sudoku.format(puzzle, answer)


FILE_HEADER = sudoku.MARKER_X + "\n"   # what a file of these puzzles starts with


# --- rules -----------------------------------------------------------------------------------------

def conflicts(grid: np.ndarray) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    """Repeated digits in a row, column, box or diagonal: ((r, c), (r, c), digit), each pair once."""
    return sudoku.conflicts(grid, UNITS)


def _said(a, b, d) -> str:
    return f"{sudoku.cell_name(*a)} and {sudoku.cell_name(*b)} both hold {d}"


def validate(puzzle: SudokuPuzzle) -> list[str]:
    return [_said(a, b, d) for a, b, d in conflicts(puzzle.givens)]


def check(puzzle: SudokuPuzzle, answer: np.ndarray) -> Verdict:
    """Sudoku's check, with the two diagonals as units too."""
    return sudoku.check_units(puzzle, answer, UNITS)


# --- exact solving ---------------------------------------------------------------------------------

def solve_exact(puzzle: SudokuPuzzle) -> np.ndarray | None:
    if validate(puzzle):
        return None
    found, _ = search(puzzle.givens.reshape(81).tolist(), limit=1, rules=DIAGONAL)
    return np.array(found[0], dtype=np.int8).reshape(9, 9) if found else None


def solution_count(puzzle: SudokuPuzzle, limit: int = 2) -> int:
    if validate(puzzle):
        return 0
    return count_solutions(puzzle.givens.reshape(81).tolist(), limit=limit, rules=DIAGONAL)


def repair(puzzle: SudokuPuzzle, network_answer: np.ndarray) -> Repair:
    return sudoku.repair_by_rules(puzzle, network_answer, DIAGONAL, validate, check)


def with_answer(puzzle: SudokuPuzzle) -> SudokuPuzzle:
    return sudoku.with_answer_by(puzzle, validate, solution_count, solve_exact)


# --- generator -------------------------------------------------------------------------------------

# Givens per level; together the newspaper range 24-32. Every puzzle has exactly one solution.
LEVELS = {"easy": (30, 32), "medium": (27, 29), "hard": (24, 26)}
DIFFICULTIES = tuple(LEVELS)


def random_solution(rng: np.random.Generator) -> list[int]:
    def order(cell: int, mask: int) -> list[int]:
        bits = BITS_OF[mask]
        return [bits[i] for i in rng.permutation(len(bits))]

    return search([0] * 81, limit=1, order=order, rules=DIAGONAL)[0][0]


def generate(rng: np.random.Generator, difficulty: str = "medium", max_tries: int = 200) -> SudokuPuzzle:
    """A Sudoku X with a unique solution (attached) and the level's number of givens: a random full grid,
    then givens removed in random order while the solution stays unique, down to a floor drawn in the
    level's range."""
    if difficulty not in LEVELS:
        raise ValueError(f"unknown difficulty {difficulty!r} for Sudoku X; choose one of {', '.join(LEVELS)}")
    low, high = LEVELS[difficulty]
    for _ in range(max_tries):
        solution = random_solution(rng)
        floor = int(rng.integers(low, high + 1))
        cells, givens = solution.copy(), 81
        for i in rng.permutation(81):
            if givens <= floor:
                break
            d, cells[i] = cells[i], 0
            if count_solutions(cells, limit=2, rules=DIAGONAL) == 1:
                givens -= 1
            else:
                cells[i] = d
        if givens <= high:
            return SudokuPuzzle(np.array(cells, dtype=np.int8).reshape(9, 9),
                                np.array(solution, dtype=np.int8).reshape(9, 9), f"generated:{NAME}:{difficulty}", 1)
    raise RuntimeError(f"no {difficulty} Sudoku X found in {max_tries} tries")


def level_of(puzzle: SudokuPuzzle) -> str | None:
    """The generator's level whose range of givens the puzzle's count falls in."""
    return next((lv for lv, (low, high) in LEVELS.items() if low <= puzzle.n_givens <= high), None)


# --- symmetries ------------------------------------------------------------------------------------

def _line_perm(rng: np.random.Generator) -> tuple[int, ...]:
    """A reordering p of the lines with p(8 - i) == 8 - p(i) that keeps bands together: applied to rows and
    columns alike it maps each diagonal onto itself (24 of them: outer bands kept or swapped, the first
    band's lines in any order, the middle band's outer lines kept or swapped)."""
    p = [0] * 9
    first = rng.permutation(3)
    swap = bool(rng.integers(2))
    for i in range(3):
        p[i] = int(first[i]) if not swap else 8 - int(first[i])
        p[8 - i] = 8 - p[i]
    p[4] = 4
    p[3], p[5] = (3, 5) if rng.integers(2) else (5, 3)
    return tuple(p)


def random_augmentation(rng: np.random.Generator, puzzle: SudokuPuzzle | None = None) -> SudokuAugmentation:
    """Digits relabelled; the same line reordering on rows and columns; then the rows optionally reversed
    (which swaps the two diagonals) and an optional transpose: 9! x 24 x 2 x 2 maps, all of them
    sending Sudoku X grids to Sudoku X grids."""
    digits = (0,) + tuple(int(d) for d in rng.permutation(9) + 1)
    p = _line_perm(rng)
    rows = p[::-1] if rng.integers(2) else p
    return SudokuAugmentation(digits, rows, p, bool(rng.integers(2)))


KIND = ModuleKind(sys.modules[__name__], NAME, sudoku.VOCAB_SIZE, sudoku.SEQ_LEN, difficulties=DIFFICULTIES,
                  file_header=FILE_HEADER, fine_tunes_from=("sudoku",), scratch_shape=sudoku.SCRATCH_SHAPE)
