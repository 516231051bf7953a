"""Many photos at once: files and folders in, one result a photo out (`trm read-photo A.jpg B.jpg DIR/`).

A folder stands for the image files directly in it (by extension, sorted by name). Each photo's result is
the reading's JSON (PhotoReading.to_json) plus its index, or {"index", "source", "error", "status"} when it
could not be read (status 3: no grid found, with "best_corners" when an outline came near; 2: not an image
or not a file), so one bad photo never stops
the rest. The classifier is loaded once.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..puzzles.base import PuzzleError
from . import NoGridFound, read_photo

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")
UNSURE = 0.9          # cells read with less confidence are the ones for the person to check


def photo_paths(args: Sequence[str | Path]) -> list[Path]:
    """The photos named: files as given, folders as the image files in them; raises PuzzleError for a
    folder without images."""
    out: list[Path] = []
    for a in map(Path, args):
        if a.is_dir():
            found = sorted(p for p in a.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            if not found:
                raise PuzzleError(f"no image files ({', '.join(IMAGE_SUFFIXES)}) in this folder", source=str(a))
            out.extend(found)
        else:
            out.append(a)
    return out


def read_many(paths: Sequence[Path], kind: str | None = None, classifier=None) -> Iterator[dict]:
    """One JSON-ready result a photo, in order, as each is read."""
    for i, path in enumerate(paths):
        try:
            r = read_photo(path, kind, classifier=classifier)
        except NoGridFound as e:
            yield {"index": i, "source": str(path), **e.to_json(), "status": e.status}
            continue
        except PuzzleError as e:
            yield {"index": i, "source": str(path), "error": str(e), "status": 2}
            continue
        yield {"index": i, **r.to_json(), "unsure_cells": int((r.confidence < UNSURE).sum())}
