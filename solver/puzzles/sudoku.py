"""Sudoku 9x9: text formats, validation, tokens, rule check, exact solving and symmetry augmentations.

Grids are (9, 9) int8 arrays, 0 for a blank. Tokens: 0 padding, 1 blank, d + 1 for digit d (vocab 11),
the reference TRM's Sudoku encoding.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .base import ModuleKind, PuzzleError, Repair, Verdict, cell_name
from .sudoku_search import BITS_OF, CLASSIC, Rules, count_solutions, search

VOCAB_SIZE = 11
SEQ_LEN = 81
BLANK_CHARS = "0."
MAX_PROBLEMS = 8  # a verdict lists this many problems, then "and N more"
MARKER_X = "X"    # a line of its own that marks a Sudoku X file (solver.puzzles.sudoku_x)


@dataclass(frozen=True, eq=False)
class SudokuPuzzle:
    givens: np.ndarray                    # (9, 9) int8, 0 = blank
    solution: np.ndarray | None = None    # (9, 9) int8, the expected answer when the file carried one
    source: str = "<input>"
    line: int = 1

    @property
    def n_givens(self) -> int:
        return int(np.count_nonzero(self.givens))

    def where(self) -> str:
        return f"{self.source}:{self.line}"


def from_string(s: str, source: str = "<input>", line: int = 1) -> SudokuPuzzle:
    """An 81-character line, blanks as '0' or '.'."""
    return SudokuPuzzle(_cells(s, source, line, "puzzle"), None, source, line)


def _cells(s: str, source: str, line: int, what: str, blanks: str = BLANK_CHARS) -> np.ndarray:
    if len(s) != 81:
        raise PuzzleError(f"{what} has {len(s)} cells, expected 81", source=source, line=line)
    out = np.zeros(81, dtype=np.int8)
    for i, ch in enumerate(s):
        if ch in blanks:
            continue
        if not ("1" <= ch <= "9"):
            raise PuzzleError(f"{what}: {ch!r} at {cell_name(i // 9, i % 9)} is not a digit 1-9 or a blank "
                              f"({' or '.join(repr(b) for b in blanks)})", source=source, line=line)
        out[i] = ord(ch) - 48
    return out.reshape(9, 9)


def _with_solution(givens: np.ndarray, sol_text: str | None, source: str, line: int) -> SudokuPuzzle:
    solution = None
    if sol_text:
        solution = _cells(sol_text, source, line, "solution", blanks="")
        changed = np.argwhere((givens != 0) & (givens != solution))
        if len(changed):
            r, c = changed[0]
            raise PuzzleError(f"the solution changes the given {givens[r, c]} at {cell_name(r, c)} "
                              f"to {solution[r, c]}", source=source, line=line)
        broken = _duplicates(solution)
        if broken:
            raise PuzzleError(f"the solution breaks the rules: {broken[0]}", source=source, line=line)
    return SudokuPuzzle(givens, solution, source, line)


def _iter_lines(text: str, source: str) -> Iterator[SudokuPuzzle | PuzzleError]:
    """One puzzle per line, an optional 81-digit solution after whitespace or a comma; the CSV
    `source,q,a,rating` (header optional); or 9-line grids as in .sdk files. Comments start with '#'."""
    lines = text.splitlines()
    grid_rows: list[tuple[int, str]] = []

    def flush_grid() -> Iterator[SudokuPuzzle | PuzzleError]:
        if not grid_rows:
            return
        first = grid_rows[0][0]
        try:
            if len(grid_rows) == 1:
                raise PuzzleError(f"line has {len(grid_rows[0][1])} cells: expected 81 (a puzzle line) or a "
                                  "grid of 9 rows of 9", source=source, line=first)
            if len(grid_rows) != 9:
                raise PuzzleError(f"grid has {len(grid_rows)} rows, expected 9", source=source, line=first)
            for ln, row in grid_rows:
                if len(row) != 9:
                    raise PuzzleError(f"grid row has {len(row)} cells, expected 9", source=source, line=ln)
            yield _with_solution(_cells("".join(r for _, r in grid_rows), source, first, "grid"),
                                 None, source, first)
        except PuzzleError as e:
            yield e
        grid_rows.clear()

    for n, raw in enumerate(lines, start=1):
        s = raw.strip()
        if not s or s.startswith("#") or s.startswith("["):
            yield from flush_grid()
            continue
        if n == 1 and s.lower().replace(" ", "").startswith("source,q"):
            continue  # the CSV header
        if s.upper() == MARKER_X:
            yield PuzzleError("this line marks a Sudoku X file (both diagonals hold 1-9): read it as sudoku-x "
                              "(--kind sudoku-x or auto)", source=source, line=n)
            continue
        fields = re.split(r"[,\s]+", s)
        if len(fields[0]) == 81 or (len(fields) >= 3 and len(fields[1]) == 81 and "," in s):
            yield from flush_grid()
            # CSV rows are `source,q,a,rating`: then the puzzle is the second field.
            q, rest = (fields[0], fields[1:]) if len(fields[0]) == 81 else (fields[1], fields[2:])
            sol = rest[0] if rest and len(rest[0]) == 81 else None
            try:
                if rest and sol is None and len(rest[0]) > 9 and set(rest[0]) <= set("0123456789."):
                    raise PuzzleError(f"the solution after the puzzle has {len(rest[0])} cells, expected 81",
                                      source=source, line=n)
                yield _with_solution(_cells(q, source, n, "puzzle"), sol, source, n)
            except PuzzleError as e:
                yield e
            continue
        # A grid row: separators such as '|', '+', '-' and spaces are drawing, not cells.
        row = "".join(ch for ch in s if ch not in "|+- \t")
        if not row:
            continue  # a drawn separator line
        bad = next((ch for ch in row if ch not in "0123456789."), None)
        if bad is not None:
            yield PuzzleError(f"unexpected {bad!r}: expected an 81-character puzzle line (digits, '.' or '0' "
                              "for blanks) or a 9-cell grid row", source=source, line=n)
            continue
        if len(row) > 9 and not grid_rows:
            yield PuzzleError(f"line has {len(s)} characters: expected an 81-character puzzle or a "
                              "9-cell grid row", source=source, line=n)
            continue
        grid_rows.append((n, row))
        if len(grid_rows) == 9:
            yield from flush_grid()
    yield from flush_grid()


def parse_report(text: str, source: str = "<input>") -> tuple[list[SudokuPuzzle], list[PuzzleError]]:
    """Every puzzle that reads, and every bad line with its reason (for training data: skip and report)."""
    good, bad = [], []
    for item in _iter_lines(text, source):
        (bad if isinstance(item, PuzzleError) else good).append(item)
    return good, bad


def parse(text: str, source: str = "<input>") -> list[SudokuPuzzle]:
    """All puzzles of a text; the first bad line raises PuzzleError naming it."""
    good, bad = parse_report(text, source)
    if bad:
        raise bad[0]
    if not good:
        raise PuzzleError("no Sudoku puzzle found", source=source)
    return good


def to_line(grid: np.ndarray, blank: str = ".") -> str:
    return "".join(str(int(d)) if d else blank for d in np.asarray(grid).reshape(81))


def format(puzzle: SudokuPuzzle, answer: np.ndarray | None = None) -> str:  # noqa: A001 - protocol name
    """The one-line format: puzzle, then the answer (or the known solution) after a space."""
    line = to_line(puzzle.givens)
    after = answer if answer is not None else puzzle.solution
    return f"{line} {to_line(after, '0')}" if after is not None else line


def format_grid(grid: np.ndarray) -> str:
    """A 9-line grid with box separators, for terminals."""
    rows = []
    for r in range(9):
        if r in (3, 6):
            rows.append("------+-------+------")
        cells = [str(int(d)) if d else "." for d in grid[r]]
        rows.append(" | ".join(" ".join(cells[c:c + 3]) for c in (0, 3, 6)))
    return "\n".join(rows)


# --- rules -----------------------------------------------------------------------------------------

def _units() -> list[tuple[str, list[tuple[int, int]]]]:
    units = [(f"row {r + 1}", [(r, c) for c in range(9)]) for r in range(9)]
    units += [(f"column {c + 1}", [(r, c) for r in range(9)]) for c in range(9)]
    units += [(f"box {b + 1}", [(b // 3 * 3 + i // 3, b % 3 * 3 + i % 3) for i in range(9)]) for b in range(9)]
    return units


UNITS_RC = _units()


def conflicts(grid: np.ndarray, units: list = UNITS_RC) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    """Every repeated digit in a row, column or box (or another of `units`, for a variant):
    ((r, c), (r, c), digit), 0-based, each pair once."""
    out, seen = [], set()
    for _, cells in units:
        first: dict[int, tuple[int, int]] = {}
        for r, c in cells:
            d = int(grid[r, c])
            if not d:
                continue
            if d in first:
                pair = (first[d], (r, c))
                if pair not in seen:
                    seen.add(pair)
                    out.append((first[d], (r, c), d))
            else:
                first[d] = (r, c)
    return out


def _duplicates(grid: np.ndarray, units: list = UNITS_RC) -> list[str]:
    """'r3c5 and r3c8 both hold 7' for every conflict."""
    return [f"{cell_name(*a)} and {cell_name(*b)} both hold {d}" for a, b, d in conflicts(grid, units)]


def validate(puzzle: SudokuPuzzle) -> list[str]:
    """Problems with the givens themselves (repeated digits); empty when the puzzle may have a solution."""
    return _duplicates(puzzle.givens)


def _cap(problems: list[str]) -> tuple[str, ...]:
    if len(problems) > MAX_PROBLEMS:
        return tuple(problems[:MAX_PROBLEMS]) + (f"and {len(problems) - MAX_PROBLEMS} more",)
    return tuple(problems)


def check(puzzle: SudokuPuzzle, answer: np.ndarray) -> Verdict:
    """Does `answer` fill every cell, keep every given, and repeat no digit in a row, column or box?"""
    return check_units(puzzle, answer, UNITS_RC)


def check_units(puzzle: SudokuPuzzle, answer: np.ndarray, units: list) -> Verdict:
    """check() with a variant's units (Sudoku X adds the diagonals)."""
    answer = np.asarray(answer).reshape(9, 9)
    problems = []
    for r, c in np.argwhere((puzzle.givens != 0) & (answer != puzzle.givens)):
        problems.append(f"{cell_name(r, c)} was given as {puzzle.givens[r, c]} but the answer has "
                        f"{answer[r, c] or 'nothing'}")
    empty = np.argwhere(answer == 0)
    if len(empty):
        problems.append(f"{len(empty)} cells are empty, first {cell_name(*empty[0])}")
    problems += _duplicates(answer, units)
    return Verdict(not problems, _cap(problems), {"cells_wrong_vs_solution": _n_wrong(puzzle, answer)})


def _n_wrong(puzzle: SudokuPuzzle, answer: np.ndarray) -> int | None:
    return None if puzzle.solution is None else int(np.count_nonzero(answer != puzzle.solution))


# --- tokens ----------------------------------------------------------------------------------------

def encode_input(puzzle: SudokuPuzzle) -> np.ndarray:
    return puzzle.givens.reshape(81).astype(np.int64) + 1


def encode_target(puzzle: SudokuPuzzle, answer: np.ndarray) -> np.ndarray:
    return np.asarray(answer).reshape(81).astype(np.int64) + 1


def decode(puzzle: SudokuPuzzle, tokens: np.ndarray) -> np.ndarray:
    """Tokens back to a grid; padding or 'blank' predictions decode as empty cells (which check rejects)."""
    return np.clip(np.asarray(tokens).reshape(9, 9).astype(np.int64) - 1, 0, 9).astype(np.int8)


# --- exact solving ---------------------------------------------------------------------------------

def solve_exact(puzzle: SudokuPuzzle) -> np.ndarray | None:
    if validate(puzzle):
        return None
    found, _ = search(puzzle.givens.reshape(81).tolist(), limit=1)
    return np.array(found[0], dtype=np.int8).reshape(9, 9) if found else None


def solution_count(puzzle: SudokuPuzzle, limit: int = 2) -> int:
    """0 (no solution), 1 (unique), or `limit` meaning at least that many."""
    if validate(puzzle):
        return 0
    return count_solutions(puzzle.givens.reshape(81).tolist(), limit=limit)


def repair(puzzle: SudokuPuzzle, network_answer: np.ndarray) -> Repair:
    return repair_by_rules(puzzle, network_answer, CLASSIC, validate, check)


def repair_by_rules(puzzle: SudokuPuzzle, network_answer: np.ndarray, rules: Rules,
                    validate_fn: Callable[[SudokuPuzzle], list[str]],
                    check_fn: Callable[[SudokuPuzzle, np.ndarray], Verdict]) -> Repair:
    """The exact search from the givens, trying the network's digit first wherever it branches, so that the
    repaired grid stays as close to the network's belief as the rules allow."""
    problems = validate_fn(puzzle)
    if problems:
        v = Verdict(False, ("no solution: " + problems[0],) + tuple(problems[1:]))
        return Repair(None, 0, v, v.problems[0])
    preferred = np.asarray(network_answer).reshape(81).tolist()

    def order(cell: int, mask: int) -> list[int]:
        bits = BITS_OF[mask]
        d = preferred[cell]
        first = 1 << (d - 1) if d else 0
        return [first] + [b for b in bits if b != first] if first & mask else bits

    found, _ = search(puzzle.givens.reshape(81).tolist(), limit=1, order=order, rules=rules)
    if not found:
        v = Verdict(False, ("no solution exists: the givens contradict each other after deduction",))
        return Repair(None, 0, v, v.problems[0])
    answer = np.array(found[0], dtype=np.int8).reshape(9, 9)
    changed = int(np.count_nonzero(answer != np.asarray(network_answer).reshape(9, 9)))
    return Repair(answer, changed, check_fn(puzzle, answer), f"search changed {changed} cells")


def with_answer(puzzle: SudokuPuzzle) -> SudokuPuzzle:
    return with_answer_by(puzzle, validate, solution_count, solve_exact)


def with_answer_by(puzzle: SudokuPuzzle, validate_fn, count_fn, solve_fn) -> SudokuPuzzle:
    """Training needs the answer: the file's, or the exact solver's for a puzzle with exactly one."""
    problems = validate_fn(puzzle)
    if problems:
        raise PuzzleError(f"no solution: {problems[0]}", source=puzzle.source, line=puzzle.line)
    if puzzle.solution is not None:
        return puzzle
    if count_fn(puzzle) != 1:
        raise PuzzleError("has more than one solution (or none); a training puzzle needs exactly one",
                          source=puzzle.source, line=puzzle.line)
    return SudokuPuzzle(puzzle.givens, solve_fn(puzzle), puzzle.source, puzzle.line)


def symmetry_invariant(grid: np.ndarray) -> tuple:
    """A fingerprint that every Sudoku symmetry (relabelling, band/stack and line shuffles, transpose)
    leaves unchanged. Equal fingerprints do not prove two puzzles are symmetric, but different ones prove
    they are not, which is what a conservative validation split needs."""
    filled = np.asarray(grid).reshape(9, 9) != 0

    def lines_signature(m: np.ndarray) -> tuple:
        bands = [tuple(sorted(m[b * 3:b * 3 + 3].sum(axis=1))) for b in range(3)]
        return tuple(sorted(bands))

    rows, cols = lines_signature(filled), lines_signature(filled.T)
    digits = tuple(sorted(np.bincount(np.asarray(grid).reshape(81), minlength=10)[1:]))
    return (int(filled.sum()), min(rows, cols), max(rows, cols), digits)


def training_key(puzzle: SudokuPuzzle) -> tuple:
    return symmetry_invariant(puzzle.givens)


def generate(rng: np.random.Generator, difficulty: str) -> SudokuPuzzle:
    from .sudoku_generate import generate as generate_rated  # it imports this module

    return generate_rated(rng, difficulty)


def level_of(puzzle: SudokuPuzzle) -> str | None:
    """The generator's rating of the givens."""
    from .sudoku_generate import rate

    return rate([int(v) for v in puzzle.givens.ravel()]).level


def input_grid(puzzle: SudokuPuzzle) -> np.ndarray:
    return puzzle.givens


def grid_json(puzzle: SudokuPuzzle, grid: np.ndarray) -> str:
    """81 characters, 0 for a blank."""
    return to_line(grid, "0")


def puzzle_json(puzzle: SudokuPuzzle) -> str:
    return to_line(puzzle.givens, "0")


def grid_text(puzzle: SudokuPuzzle, grid: np.ndarray) -> str:
    return format_grid(grid)


# --- symmetries ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SudokuAugmentation:
    """digit d -> digits[d]; then rows/columns reordered (bands, stacks and lines within them); then an
    optional transpose. Every such map sends valid Sudokus to valid Sudokus."""

    digits: tuple[int, ...]   # length 10, digits[0] == 0
    rows: tuple[int, ...]     # new row i is old row rows[i]
    cols: tuple[int, ...]
    transpose: bool

    def apply_grid(self, grid: np.ndarray) -> np.ndarray:
        g = np.asarray(grid).reshape(9, 9)
        g = np.asarray(self.digits, dtype=g.dtype)[g][np.ix_(self.rows, self.cols)]
        return np.ascontiguousarray(g.T) if self.transpose else g

    def invert_grid(self, grid: np.ndarray) -> np.ndarray:
        inv_digits = np.zeros(10, dtype=np.asarray(grid).dtype)
        inv_digits[list(self.digits)] = np.arange(10)
        return inv_digits[self.invert_cells(grid)]

    def invert_cells(self, values: np.ndarray) -> np.ndarray:
        """Per-cell values (confidences): only the cells move back; no digits to relabel."""
        v = np.asarray(values).reshape(9, 9)
        if self.transpose:
            v = v.T
        out = np.empty_like(v)
        out[np.ix_(self.rows, self.cols)] = v
        return out

    def apply(self, puzzle: SudokuPuzzle) -> SudokuPuzzle:
        sol = None if puzzle.solution is None else self.apply_grid(puzzle.solution)
        return SudokuPuzzle(self.apply_grid(puzzle.givens), sol, puzzle.source, puzzle.line)


IDENTITY = SudokuAugmentation(tuple(range(10)), tuple(range(9)), tuple(range(9)), False)


def _line_perm(rng: np.random.Generator) -> tuple[int, ...]:
    bands = rng.permutation(3)
    return tuple(int(b * 3 + i) for b in bands for i in rng.permutation(3))


def random_augmentation(rng: np.random.Generator, puzzle: SudokuPuzzle | None = None) -> SudokuAugmentation:
    digits = (0,) + tuple(int(d) for d in rng.permutation(9) + 1)
    return SudokuAugmentation(digits, _line_perm(rng), _line_perm(rng), bool(rng.integers(2)))


# The generator's levels (sudoku_generate.DIFFICULTIES, which imports this module).
DIFFICULTIES = ("easy", "medium", "hard", "extreme", "diabolical", "nightmare", "17-clue-like")
# The MLP mixer over the 81 positions, as the paper's Sudoku model.
SCRATCH_SHAPE = {"hidden_size": 128, "mixer": "mlp", "T": 2, "n": 3, "N_sup": 16}
KIND = ModuleKind(sys.modules[__name__], "sudoku", VOCAB_SIZE, SEQ_LEN, difficulties=DIFFICULTIES,
                  scratch_shape=SCRATCH_SHAPE)
