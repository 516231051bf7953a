"""The user's own puzzle files as training data: every format the engine reads, bad entries reported
with their line and skipped (never silently), missing answers filled in by the exact solver."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.inputs import IMAGE_SUFFIXES
from solver.puzzles import get_kind, maze, sudoku
from solver.puzzles.base import PuzzleError, read_text_file
from solver.puzzles.dihedral import DIHEDRAL

from .sudoku_sets import symmetry_invariant

MIN_PHOTO_CONFIDENCE = 0.5   # a photo cell read below this makes the photo unusable as training data
PUZZLE_SUFFIXES = {".txt", ".sdk", ".csv", ".json", ".maze", ".sudoku"}


@dataclass
class LoadReport:
    puzzles: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # "file:line: reason", each one skipped
    files: int = 0


def _expand(paths) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            # Photos too: read when the engine can, else each one is reported as skipped.
            out += sorted(q for q in p.rglob("*") if q.is_file()
                          and q.suffix.lower() in PUZZLE_SUFFIXES | IMAGE_SUFFIXES)
        else:
            out.append(p)
    return out


def expand_paths(paths) -> list[Path]:
    """The files that `load_training_files` reads for these paths (folders expanded), in its order."""
    return _expand(paths)


def _maze_blocks(text: str) -> list[tuple[int, str]]:
    """Mazes are separated by empty lines; each block keeps its first line number for messages."""
    blocks, cur, start = [], [], 1
    for n, line in enumerate(text.splitlines(), start=1):
        if line == "":
            if cur:
                blocks.append((start, "\n".join(cur)))
            cur, start = [], n + 1
        else:
            cur.append(line)
    if cur:
        blocks.append((start, "\n".join(cur)))
    return blocks


def _parse_lenient(kind: str, text: str, source: str) -> tuple[list, list[PuzzleError]]:
    if kind == "sudoku":
        return sudoku.parse_report(text, source)
    if kind == "maze":
        good, bad = [], []
        for first, block in _maze_blocks(text):
            try:
                # Leading empty lines keep the parser's line numbers those of the whole file.
                good += maze.parse("\n" * (first - 1) + block, source)
            except PuzzleError as e:
                bad.append(e)
        return good, bad
    try:
        return get_kind(kind).parse(text, source), []
    except PuzzleError as e:
        return [], [e]


def _with_answer(kind: str, p):
    """Training needs the answer: take the file's, or the exact solver's (for a unique Sudoku only)."""
    if kind == "sudoku":
        if sudoku.validate(p):
            raise PuzzleError(f"no solution: {sudoku.validate(p)[0]}", source=p.source, line=p.line)
        if p.solution is not None:
            return p
        if sudoku.solution_count(p) != 1:
            raise PuzzleError("has more than one solution (or none); a training puzzle needs exactly one",
                              source=p.source, line=p.line)
        return sudoku.SudokuPuzzle(p.givens, sudoku.solve_exact(p), p.source, p.line)
    if kind == "maze":
        path = maze.bfs_path(p)
        if path is None:
            raise PuzzleError("no path from S to G", source=p.source, line=p.line)
        # A drawn path that is not shortest would teach the wrong thing: learn the BFS path.
        if p.solution is None or not maze.check(p, p.solution).details.get("shortest"):
            return maze.MazePuzzle(p.grid, path, p.source, p.line)
        return p
    # ARC learns from the demonstrations: a test output, where given, only validates (training.arc_run).
    if not p.task.train:
        raise PuzzleError("the task has no demonstration pairs to learn from", source=p.task.source)
    return p


def _read_photo(kind: str, path: Path) -> list:
    """A Sudoku or maze photo through the photo reader; a reading unsure of any cell is skipped, since a
    misread digit would teach a wrong answer."""
    if kind not in ("sudoku", "maze"):
        raise PuzzleError(f"skipped: photo reading not available for {kind} training", source=str(path))
    from solver.vision import read_photo  # lazily: the reader loads OpenCV and its digit network

    r = read_photo(path, kind=kind)
    unsure = int((np.asarray(r.confidence) < MIN_PHOTO_CONFIDENCE).sum())
    if unsure:
        raise PuzzleError(f"skipped: the photo's reading is unsure of {unsure} cell(s); open it in the app, "
                          "check it and save it as text", source=str(path))
    try:
        if kind == "sudoku":
            return [sudoku.SudokuPuzzle(np.asarray(r.grid, dtype=np.int8), None, str(path), 1)]
        return [maze.MazePuzzle(np.asarray(r.grid, dtype=np.int8), None, str(path), 1)]
    except ValueError as e:
        raise PuzzleError(f"skipped: {e}", source=str(path)) from None


def load_training_files(kind: str, paths) -> LoadReport:
    rep = LoadReport()
    for path in _expand(paths):
        rep.files += 1
        try:
            if path.suffix.lower() in IMAGE_SUFFIXES:
                good, bad = _read_photo(kind, path), []
            else:
                good, bad = _parse_lenient(kind, read_text_file(path), str(path))
        except PuzzleError as e:
            rep.problems.append(str(e))
            continue
        except OSError as e:  # a photo the reader could not open
            rep.problems.append(f"{path}: {e.strerror or e}")
            continue
        rep.problems += [str(e) for e in bad]
        for p in good:
            try:
                rep.puzzles.append(_with_answer(kind, p))
            except PuzzleError as e:
                rep.problems.append(str(e))
    return rep


def symmetry_key(kind: str, puzzle) -> object:
    """Equal for any two puzzles that a symmetry of the kind maps onto each other."""
    if kind == "sudoku":
        return symmetry_invariant(puzzle.givens)
    if kind == "maze":
        return min(t.apply_grid(puzzle.grid).tobytes() + bytes(t.apply_grid(puzzle.grid).shape) for t in DIHEDRAL)
    return puzzle.task.name


def split_validation(kind: str, puzzles: list, fraction: float = 0.1, max_val: int = 500, seed: int = 0
                     ) -> tuple[list, list]:
    """A validation split with no puzzle that is a symmetry of a training puzzle: puzzles are grouped by
    their symmetry key and whole groups go to one side."""
    groups: dict = {}
    for p in puzzles:
        groups.setdefault(symmetry_key(kind, p), []).append(p)
    keys = list(groups)
    order = np.random.default_rng(seed).permutation(len(keys))
    want = min(max_val, max(1, int(len(puzzles) * fraction))) if len(puzzles) > 1 else 0
    val, train = [], []
    for i in order:
        (val if len(val) < want else train).extend(groups[keys[i]])
    return train, val
