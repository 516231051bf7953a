"""Photo import without widgets: what a worker does with a photo (read it, make a display copy), and the
puzzle text a corrected reading becomes. Plain numpy in and out, so it runs off the GUI thread."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from solver.puzzles import arc, maze, sudoku_play
from solver.puzzles.arc import ArcTask
from solver.puzzles.base import PuzzleError
from solver.vision import NoGridFound, PhotoReading, line_maze, read_photo
from solver.vision.batch import UNSURE
from solver.vision.image_io import load_bgr

from ..library_model import LibraryModel
from ..paths import data_dir

DISPLAY_MAX = 1600          # the photo is shown from a copy at most this many pixels on its long side
KIND_NAMES = {"sudoku": "Sudoku", "maze": "maze", "arc": "ARC grid"}


UNSURE_CELLS = 6            # a reading with more cells to check than this may be of a misplaced outline


@dataclass(frozen=True)
class PhotoResult:
    image: np.ndarray                # BGR uint8 display copy of the photo
    scale: float                     # display pixels per photo pixel (corners are in photo pixels)
    reading: PhotoReading | None     # None when no grid was found
    no_grid: str                     # why no grid was found ("" when one was)
    photo: str | None                # the photo's file (a webcam frame is saved first), for the library
    name: str                        # a short name for labels and the puzzle's source
    offered: np.ndarray | None = None   # no grid: the outline nearest to one (photo pixels), to correct

    @property
    def corners(self) -> np.ndarray | None:
        """The grid's outline in display pixels: the one read, else the one offered."""
        quad = self.offered if self.reading is None else self.reading.corners
        return None if quad is None else quad * self.scale

    @property
    def unsure(self) -> bool:
        """No grid, or a Sudoku read that is no proper puzzle or has many cells to check: the outline
        may be off, and the person is offered to move its corners."""
        r = self.reading
        if r is None:
            return True
        if r.kind != "sudoku":
            return False
        return not r.details.get("proper", True) or int((r.confidence < UNSURE).sum()) > UNSURE_CELLS


@dataclass(frozen=True)
class PhotoPuzzle:
    """What "Use this puzzle" hands to the main window."""

    kind: str
    text: str                        # the kind's own text format (what the page's load_text reads)
    source: str
    photo: str | None
    confidence: float = 1.0          # the least confident cell the person did not check or correct
    unsure: int = 0                  # cells still to check
    entries: np.ndarray | None = None    # Sudoku: (9, 9) digits the person marked as their own, not givens
    replaces: int | None = None      # the library entry this reading corrects (a folder import's)


def keep_reading(library: LibraryModel, entry_id: int | None, p: PhotoPuzzle) -> None:
    """With the library entry the puzzle became: how sure the reading is, the person's own entries as a
    game in progress (play mode restores it), and the entry this reading corrects removed."""
    if entry_id is None:
        return
    library.set_photo_reading(entry_id, p.confidence, p.unsure)
    if p.entries is not None and p.entries.any():
        library.save_progress(entry_id, sudoku_play.encode(p.entries, np.zeros((9, 9, 10), bool)), 0.0, 0, False)
    if p.replaces is not None and p.replaces != entry_id:
        library.delete(p.replaces)


def read_image(source: str | Path | np.ndarray, kind: str | None, photo: str | None = None,
               corners: np.ndarray | None = None) -> PhotoResult:
    """Load and read a photo (a path or a BGR frame); `corners` (photo pixels, TL TR BR BL): read the
    Sudoku grid there. A photo without a grid is a result, not an error; an unreadable file (or corners
    that outline nothing) raises PuzzleError."""
    bgr, name = load_bgr(source)
    if photo is None and not isinstance(source, np.ndarray):
        photo = str(source)
    if photo is not None:
        name = Path(photo).name
    offered = None
    try:
        reading: PhotoReading | None = read_photo(bgr, kind, corners=corners)
        reason = ""
    except NoGridFound as e:
        reading, reason, offered = None, e.reason, e.best_corners
    f = min(1.0, DISPLAY_MAX / max(bgr.shape[:2]))
    shown = bgr if f >= 1 else cv2.resize(bgr, (max(int(bgr.shape[1] * f), 1), max(int(bgr.shape[0] * f), 1)),
                                          interpolation=cv2.INTER_AREA)
    return PhotoResult(np.ascontiguousarray(shown), f, reading, reason, photo, name, offered)


def maze_path_on_photo(grid: np.ndarray, lines: dict, scale: float) -> np.ndarray | None:
    """A line maze's shortest path (the exact search) as display pixels on its photo, or None when the
    goal cannot be reached; `lines` is the reading's details["line_maze"]. Raises PuzzleError for a
    grid that is no maze (no start or goal)."""
    try:
        puzzle = maze.MazePuzzle(np.asarray(grid, np.int8))
    except ValueError as e:
        raise PuzzleError(str(e)) from None
    answer = maze.bfs_path(puzzle)
    if answer is None:
        return None
    return line_maze.path_points(lines["xs"], lines["ys"], np.asarray(lines["to_photo"]), answer) * scale


def save_frame(frame: np.ndarray, folder: Path | None = None) -> Path:
    """Keep a webcam frame as a PNG in the data folder, so the library can point at the photo."""
    folder = folder or data_dir() / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / time.strftime("webcam-%Y%m%d-%H%M%S.png")
    n = 1
    while path.exists():
        path = folder / time.strftime(f"webcam-%Y%m%d-%H%M%S-{n}.png")
        n += 1
    if not cv2.imwrite(str(path), frame):
        raise OSError(f"{path}: could not write the webcam picture")
    return path


def puzzle_text(kind: str, grid: np.ndarray) -> str:
    """A reading's grid as the text its editor opens: an 81-digit Sudoku line, maze rows of "#.SG", or
    an ARC task whose test input is the grid (with one empty demonstration pair to fill in; the page
    names the task after the photo)."""
    if kind == "sudoku":
        return "".join(str(int(v)) for v in grid.ravel()) + "\n"
    if kind == "maze":
        return "\n".join("".join("#.SG"[int(v)] for v in row) for row in grid) + "\n"
    if kind == "arc":
        blank = np.zeros((3, 3), np.int8)
        task = ArcTask(name="photo", train=((blank, blank),),
                       test_inputs=(np.asarray(grid, np.int8),), test_outputs=(None,))
        return arc.task_to_json(task)
    raise ValueError(f"unknown puzzle kind {kind!r}")
