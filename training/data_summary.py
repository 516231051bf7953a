"""What a run's data holds, before training: puzzles per kind and difficulty, the validation split, and
every entry that will be skipped with its reason. The run's own kind is loaded and split exactly as
`trm train` does (the same function); files of another kind are counted, and they add nothing to the
run. Qt-free; the app computes it in a worker."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from solver.inputs import IMAGE_SUFFIXES, detect_kind
from solver.puzzles import get_kind
from solver.puzzles.base import PuzzleError, read_text_file

from .cli import load_and_split
from .data.user_files import expand_paths, load_training_files

UNRATED = "unrated"


@dataclass
class DataSummary:
    kind: str
    files: int                                            # files read (photos included)
    train: list = field(default_factory=list)
    val: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)     # "file:line: reason", each one skipped
    levels: dict[str, tuple[int, int]] = field(default_factory=dict)  # level -> (training, validation)
    other_kinds: dict[str, int] = field(default_factory=dict)         # another kind -> puzzles, unused
    other_files: dict[str, int] = field(default_factory=dict)         # another kind -> files

    @property
    def puzzles(self) -> int:
        """Puzzles to train on; ARC: tasks (their test pairs validate, training.arc_run)."""
        return len(self.train) + (0 if get_kind(self.kind).per_task else len(self.val))


def level_of(kind: str, puzzle) -> str:
    """The kind's level of a puzzle (Sudoku: the generator's rating of the givens; maze: its size)."""
    return get_kind(kind).level_of(puzzle) or UNRATED


def level_order(kind: str, level: str) -> tuple:
    return get_kind(kind).level_order(level)


def _file_kind(path: Path) -> str | None:
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return None
    try:
        return detect_kind(read_text_file(path), str(path))
    except PuzzleError:
        return None  # unreadable: the run's loader reports it


def summarize(kind: str, paths: Sequence, seed: int = 0, progress: Callable[[int, int], None] | None = None,
              should_stop: Callable[[], bool] | None = None) -> DataSummary | None:
    """None when `should_stop` said so (the caller asked for a newer summary)."""
    stop = should_stop or (lambda: False)
    rep, train, val = load_and_split(kind, paths, seed)
    s = DataSummary(kind, rep.files, train, val, list(rep.problems))
    by_kind: dict[str, list[Path]] = {}
    for f in expand_paths(paths):
        k = _file_kind(f)
        if k is not None and k != kind:
            by_kind.setdefault(k, []).append(f)
    for k, files in by_kind.items():
        s.other_files[k] = len(files)
        s.other_kinds[k] = len(load_training_files(k, files).puzzles)
    counts: dict[str, list[int]] = {}
    total = len(train) + len(val)
    for i, (side, p) in enumerate([(0, p) for p in train] + [(1, p) for p in val]):
        if stop():
            return None
        counts.setdefault(level_of(kind, p), [0, 0])[side] += 1
        if progress and (i % 50 == 0 or i == total - 1):
            progress(i + 1, total)
    s.levels = {k: (v[0], v[1]) for k, v in sorted(counts.items(), key=lambda kv: level_order(kind, kv[0]))}
    return s
