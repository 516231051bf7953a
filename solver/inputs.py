"""Reading puzzle input for the command line and the app: files or stdin, kind detection, clear errors."""
from __future__ import annotations

import sys
from pathlib import Path

from .puzzles import KIND_NAMES, detect_kind, get_kind
from .puzzles.base import MAX_FILE_BYTES, PuzzleError, read_text_file

__all__ = ["IMAGE_SUFFIXES", "detect_kind", "load_puzzles", "read_input"]
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif", ".heic"}


def read_input(path: str | None, kind: str = "auto") -> tuple[str, str]:
    """(text, source name). `-` or None reads standard input. A photo (by its suffix) is read by
    solver.vision and returned as puzzle text; `kind` says what it shows (auto: guess)."""
    if path in (None, "-"):
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise PuzzleError(f"input is over {MAX_FILE_BYTES // 2**20} MiB; refused", source="<stdin>")
        try:
            return data.decode("utf-8-sig"), "<stdin>"
        except UnicodeDecodeError as e:
            raise PuzzleError("is not UTF-8 text", source="<stdin>",
                              line=data[: e.start].count(b"\n") + 1) from None
    if Path(path).suffix.lower() in IMAGE_SUFFIXES:
        return _read_photo(path, kind), path
    return read_text_file(path), path


def _read_photo(path: str, kind: str) -> str:
    """The puzzle in a photo as text: an 81-character Sudoku line or maze rows. Raises NoGridFound
    (exit status 3) when the photo holds no convincing grid."""
    from .vision import read_photo

    if kind != "auto" and not get_kind(kind).photo_is_puzzle:
        raise PuzzleError(f"a picture shows one {kind} grid, not a task with its examples; "
                          "trm read-photo reads the grid", source=path)
    r = read_photo(path, None if kind == "auto" else kind)
    if not get_kind(r.kind).photo_is_puzzle:
        raise PuzzleError(f"this looks like one {r.kind} grid: a screenshot shows one grid, not a task with "
                          "its examples; trm read-photo reads the grid", source=path)
    if kind == "auto" and "variant" in r.details:  # e.g. shaded diagonals: read it again as what it is
        r = read_photo(path, r.details["variant"])
    return get_kind(r.kind).file_header + r.grid_text() + "\n"


def load_puzzles(path: str | None, kind: str = "auto") -> tuple[str, list, str]:
    """(kind, puzzles, source). Raises PuzzleError naming the file and line of the first problem."""
    text, source = read_input(path, kind)
    if not text.strip():
        raise PuzzleError("is empty: no puzzle found", source=source)
    if kind == "auto":
        kind = detect_kind(text, source)
    elif kind not in KIND_NAMES:
        raise PuzzleError(f"unknown kind {kind!r}; choose auto or one of {', '.join(KIND_NAMES)}")
    puzzles = get_kind(kind).parse(text, source)
    if not puzzles:
        raise PuzzleError(f"no {kind} puzzle found", source=source)
    return kind, puzzles, source
