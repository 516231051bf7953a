"""A folder of Sudoku photos into the library, without widgets: what the folder-import worker does with
each photo (read it, say how sure the reading is), and the plain result it hands to the GUI thread,
which keeps it in the library. Photos without a grid, unreadable files and unsure readings are the ones
for the person to check (they open in the photo import dialog)."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from solver.puzzles import sudoku
from solver.puzzles.base import PuzzleError
from solver.vision import NoGridFound, read_photo
from solver.vision.batch import UNSURE, photo_paths

READ, NO_GRID, UNREADABLE = "read", "no grid", "unreadable"


@dataclass(frozen=True)
class FolderPhoto:
    """One photo of the folder, as read."""

    index: int
    path: Path
    status: str                  # READ, NO_GRID or UNREADABLE
    text: str = ""               # the Sudoku as the library keeps it (81 characters), when read
    digits: int = 0
    confidence: float = 0.0      # the least confident cell
    unsure: int = 0              # cells read with less than UNSURE confidence
    proper: bool = False         # exactly one solution, as a printed Sudoku has
    message: str = ""            # why it was not read, or the rule problems of what was read

    @property
    def to_check(self) -> bool:
        return self.status != READ or self.unsure > 0 or not self.proper or bool(self.message)

    @property
    def why(self) -> str:
        """Why the person should look at it ("" when there is nothing to check)."""
        if self.status != READ:
            return self.message
        reasons = [f"{self.unsure} cell{'s' if self.unsure != 1 else ''} to check"] if self.unsure else []
        if self.message:
            reasons.append(self.message)
        elif not self.proper:
            reasons.append("not exactly one solution")
        return "; ".join(reasons)


def read_one(index: int, path: Path) -> FolderPhoto:
    try:
        r = read_photo(path, "sudoku")
    except NoGridFound as e:
        return FolderPhoto(index, path, NO_GRID, message=e.message)
    except PuzzleError as e:
        return FolderPhoto(index, path, UNREADABLE, message=e.message)
    return FolderPhoto(index, path, READ, sudoku.to_line(r.grid), int((r.grid > 0).sum()),
                       float(r.confidence.min()), int((r.confidence < UNSURE).sum()),
                       bool(r.details.get("proper", False)), "; ".join(r.details.get("problems", [])))


def read_folder(folder: str | Path | Sequence[str | Path], cancelled: Callable[[], bool] = lambda: False
                ) -> Iterator[tuple[int, FolderPhoto]]:
    """(how many photos in all, each photo's result) in name order, as each is read; stops between
    photos once `cancelled()`. Raises PuzzleError for a folder without image files."""
    paths = photo_paths([folder] if isinstance(folder, (str, Path)) else folder)
    for i, path in enumerate(paths):
        if cancelled():
            return
        yield len(paths), read_one(i, path)
