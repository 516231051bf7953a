"""The user's own puzzle files as training data: every format the engine reads, bad entries reported
with their line and skipped (never silently), missing answers filled in by the exact solver."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.inputs import IMAGE_SUFFIXES
from solver.puzzles import get_kind
from solver.puzzles.base import PuzzleError, read_text_file

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


def _read_photo(kind: str, path: Path) -> list:
    """A photo through the photo reader, its reading parsed as the kind's text; a reading unsure of any
    cell is skipped, since a misread digit would teach a wrong answer."""
    if not get_kind(kind).photo_is_puzzle:
        raise PuzzleError(f"skipped: photo reading not available for {kind} training", source=str(path))
    from solver.vision import read_photo  # lazily: the reader loads OpenCV and its digit network

    try:
        r = read_photo(path, kind=kind)
    except PuzzleError as e:
        raise PuzzleError(f"skipped: {e.message}", source=str(path)) from None
    unsure = int((np.asarray(r.confidence) < MIN_PHOTO_CONFIDENCE).sum())
    if unsure:
        raise PuzzleError(f"skipped: the photo's reading is unsure of {unsure} cell(s); open it in the app, "
                          "check it and save it as text", source=str(path))
    try:
        return get_kind(kind).parse(r.grid_text() + "\n", str(path))
    except PuzzleError as e:
        raise PuzzleError(f"skipped: {e.message}", source=str(path)) from None


def load_training_files(kind: str, paths) -> LoadReport:
    rep = LoadReport()
    for path in _expand(paths):
        rep.files += 1
        try:
            if path.suffix.lower() in IMAGE_SUFFIXES:
                good, bad = _read_photo(kind, path), []
            else:
                good, bad = get_kind(kind).parse_report(read_text_file(path), str(path))
        except PuzzleError as e:
            rep.problems.append(str(e))
            continue
        except OSError as e:  # a photo the reader could not open
            rep.problems.append(f"{path}: {e.strerror or e}")
            continue
        rep.problems += [str(e) for e in bad]
        for p in good:
            try:
                rep.puzzles.append(get_kind(kind).with_answer(p))
            except PuzzleError as e:
                rep.problems.append(str(e))
    return rep


def symmetry_key(kind: str, puzzle) -> object:
    """Equal for any two puzzles that a symmetry of the kind maps onto each other."""
    return get_kind(kind).training_key(puzzle)


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
