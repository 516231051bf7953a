"""The real-photo benchmark: the reader over the dev set of labelled Sudoku photos, per folder.

The dev set (159 photos, README in its folder) lives outside the repository, in
`../shared/devdata/sudoku_photos/` beside the checkout (or where $TRM_DEV_PHOTOS points); a few of its
photos are committed under tests/data/dev_photos/ for CI. Each photo's `digits` label holds every digit
visible in a cell (printed and handwritten); pencil candidates are labelled empty.

Figures per folder (and per split: the puzzles in HELD_OUT were never looked at while tuning):
- photos perfect: every one of the 81 cells right; per puzzle: the mean over distinct puzzles of the
  share of its photos read perfectly (a puzzle photographed 18 times counts once)
- cells: share of cells right, over photos with a grid found and over all photos (a miss counts 0)
- no grid: photos where no grid was found; corners off: found, but a corner more than a tenth of the
  grid's side from the label (kubiesa_train has corner labels)
- false digits: empty cells read as a digit (of them on pencil-candidate cells), missed digits, wrong digits
- seconds: read_photo in this process (the model loaded once), one thread
"""
from __future__ import annotations

import json
import os
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from solver.vision import NoGridFound, digits, read_photo

ROOT = Path(__file__).resolve().parents[1]
DEV_DIR = ROOT.parent / "shared" / "devdata" / "sudoku_photos"
SAMPLE_DIR = ROOT / "tests" / "data" / "dev_photos"     # the few committed for CI (same labels format)
ENV = "TRM_DEV_PHOTOS"
# Puzzles held out from tuning: a quarter of each folder's puzzles, chosen by a hash of the name.
HELD_OUT_SHARE = 4
CORNER_TOL = 0.1


@dataclass(frozen=True)
class DevPhoto:
    path: Path
    folder: str
    digits: str              # 81 characters, 0 = empty
    puzzle: str              # folder/puzzle: photos of one puzzle share it
    pencil: tuple[int, ...]  # cells (0-80) holding pencil candidates, labelled empty
    corners: np.ndarray | None   # (4, 2) TL TR BR BL in the photo's pixels, where labelled

    @property
    def held_out(self) -> bool:
        return zlib.crc32(self.puzzle.encode()) % HELD_OUT_SHARE == 0


class DevPhotosMissing(RuntimeError):
    """The dev set is not where it is looked for; the message says where."""


def dev_dir(folder: str | Path | None = None) -> Path:
    """The dev set's folder: the one given, else $TRM_DEV_PHOTOS, else ../shared/devdata/sudoku_photos."""
    path = Path(folder or os.environ.get(ENV) or DEV_DIR)
    if not (path / "labels.jsonl").is_file():
        raise DevPhotosMissing(f"no labels.jsonl in {path} (set {ENV} or pass --dev-dir)")
    return path


def load(folder: str | Path | None = None) -> list[DevPhoto]:
    path = dev_dir(folder)
    out = []
    for line in (path / "labels.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        sub = d["image"].split("/")[0]
        corners = np.array(d["corners_xy"], np.float64) if "corners_xy" in d else None
        out.append(DevPhoto(path / d["image"], sub, d["digits"], f"{sub}/{d['puzzle']}",
                            tuple(d.get("pencil_candidate_cells", ())), corners))
    return out


def _side(corners: np.ndarray) -> float:
    """The side of the square with the quadrilateral's area."""
    (ax, ay), (bx, by) = corners[2] - corners[0], corners[3] - corners[1]
    return float(np.sqrt(abs(ax * by - ay * bx) / 2))


def _corner_error(found: np.ndarray, label: np.ndarray) -> float:
    """Largest corner distance over the grid's side, at the best cyclic match (the reading's corners are
    those of the upright grid; a label is of the photo as it lies)."""
    return min(float(np.linalg.norm(np.roll(found, k, 0) - label, axis=1).max()) for k in range(4)) / _side(label)


def variant(p: DevPhoto, name: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """The photo made harder (what the held-out photos show more of), and its grid corners there:
    "edge": cropped so the grid touches or is cut by up to 1.5% at each side, then 640 px;
    "small": brought down to 640 px; "shadow": at 640 px, a soft shadow across half the grid;
    "blur": at 640 px, out of focus (sigma 1.5 px). Kinds without corner labels get no "edge"."""
    img = cv2.imread(str(p.path))
    corners = p.corners
    if name == "edge":
        if corners is None:
            raise ValueError("no corner labels to crop at")
        side = _side(corners)
        (x0, y0), (x1, y1) = corners.min(0), corners.max(0)
        m = rng.uniform(-0.015, 0.01, 4) * side
        x0, y0 = int(max(x0 - m[0], 0)), int(max(y0 - m[1], 0))
        x1, y1 = int(min(x1 + m[2], img.shape[1])), int(min(y1 + m[3], img.shape[0]))
        img, corners = img[y0:y1, x0:x1], corners - [x0, y0]
    f = 640 / max(img.shape[:2])
    img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    corners = None if corners is None else corners * f
    h, w = img.shape[:2]
    if name == "shadow":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = rng.uniform(0, np.pi)
        d = (xx - w / 2) * np.cos(a) + (yy - h / 2) * np.sin(a)
        dark = 1 - rng.uniform(0.4, 0.6) * cv2.GaussianBlur((d > 0).astype(np.float32), (0, 0), 6)
        img = np.clip(img * dark[..., None], 0, 255).astype(np.uint8)
    elif name == "blur":
        img = cv2.GaussianBlur(img, (0, 0), 1.5)
    return img, corners


VARIANTS = ("edge", "small", "shadow", "blur")


def read_one(p: DevPhoto, clf: digits.DigitClassifier, image: np.ndarray | None = None,
             corners: np.ndarray | None = None) -> dict:
    """One result row for one photo (or for `image`, a variant of it whose grid corners are `corners`)."""
    t = time.perf_counter()
    row: dict = {"image": str(p.path.relative_to(p.path.parents[1])), "folder": p.folder, "puzzle": p.puzzle,
                 "held_out": p.held_out}
    corners = p.corners if image is None else corners
    try:
        r = read_photo(p.path if image is None else image, "sudoku", classifier=clf)
    except NoGridFound as e:
        return {**row, "found": False, "seconds": time.perf_counter() - t, "why": e.reason}
    row["seconds"] = time.perf_counter() - t
    want = np.array([int(c) for c in p.digits], np.int8)
    got = r.grid.ravel()
    pencil = np.zeros(81, bool)
    pencil[list(p.pencil)] = True
    empty = want == 0
    row.update(found=True, read=r.grid_text(), wrong=int(np.sum(got != want)),
               false_digits=int(np.sum(empty & (got > 0))), false_on_pencil=int(np.sum(pencil & (got > 0))),
               missed=int(np.sum(~empty & (got == 0))), misread=int(np.sum(~empty & (got > 0) & (got != want))),
               confidently_wrong=int(np.sum((got != want) & (r.confidence.ravel() >= 0.9))))
    if corners is not None:
        row["corner_error"] = round(_corner_error(r.corners.astype(np.float64), corners), 4)
    return row


def no_grid(images: Iterable[tuple[str, np.ndarray]], clf: digits.DigitClassifier, log=print) -> dict:
    """Photos without a Sudoku: each should be "no grid found"; a reading is a false grid."""
    false, n, secs = [], 0, []
    for name, img in images:
        n += 1
        t = time.perf_counter()
        try:
            read_photo(img, "sudoku", classifier=clf)
        except NoGridFound:
            pass
        else:
            false.append(name)
            log(f"{name}: FALSE GRID")
        secs.append(time.perf_counter() - t)
    return {"photos": n, "false_grids": len(false), "false": false,
            "seconds_mean": round(float(np.mean(secs)), 3) if secs else None}


def summarise(rows: list[dict]) -> dict:
    found = [r for r in rows if r["found"]]
    perfect = [r["found"] and r["wrong"] == 0 for r in rows]
    by_puzzle = defaultdict(list)
    for r, ok in zip(rows, perfect):
        by_puzzle[r["puzzle"]].append(ok)
    cells = sum(81 - r["wrong"] for r in found)
    secs = [r["seconds"] for r in rows]
    n = max(len(rows), 1)
    return {
        "photos": len(rows), "puzzles": len(by_puzzle),
        "perfect": round(sum(perfect) / n, 4),
        "perfect_per_puzzle": round(float(np.mean([np.mean(v) for v in by_puzzle.values()])), 4) if rows else 0.0,
        "cells_found": round(cells / max(81 * len(found), 1), 4),
        "cells_all": round(cells / (81 * n), 4),
        "no_grid": len(rows) - len(found),
        "corners_off": sum(r.get("corner_error", 0) > CORNER_TOL for r in found),
        "false_digits": sum(r["false_digits"] for r in found),
        "false_on_pencil": sum(r["false_on_pencil"] for r in found),
        "missed_digits": sum(r["missed"] for r in found),
        "misread_digits": sum(r["misread"] for r in found),
        "confidently_wrong_cells": sum(r["confidently_wrong"] for r in found),
        "seconds_mean": round(float(np.mean(secs)), 3) if secs else None,
        "seconds_max": round(float(np.max(secs)), 3) if secs else None,
    }


def run(photos: Iterable[DevPhoto], clf: digits.DigitClassifier, log=print, variant_name: str | None = None,
        seed: int = 0) -> dict:
    """Figures per folder, each overall, on the tuning puzzles and on the held-out ones; the rows. With
    `variant_name`, of each photo's variant (photos that have none are left out)."""
    rows = []
    rng = np.random.default_rng(seed)
    for p in photos:
        if variant_name is None:
            rows.append(read_one(p, clf))
        elif variant_name != "edge" or p.corners is not None:
            img, corners = variant(p, variant_name, rng)
            rows.append(read_one(p, clf, img, corners))
        else:
            continue
        r = rows[-1]
        if not r["found"]:
            log(f"{r['image']}: NO GRID ({r['why']})")
        elif r["wrong"]:
            log(f"{r['image']}: {r['wrong']} wrong (false {r['false_digits']}, missed {r['missed']}, "
                f"misread {r['misread']}), {r['seconds']:.2f} s")
    out: dict = {"folders": {}}
    for folder in sorted({r["folder"] for r in rows}):
        rs = [r for r in rows if r["folder"] == folder]
        out["folders"][folder] = {"all": summarise(rs),
                                  "tuning": summarise([r for r in rs if not r["held_out"]]),
                                  "held_out": summarise([r for r in rs if r["held_out"]])}
    out["held_out_puzzles"] = sorted({r["puzzle"] for r in rows if r["held_out"]})
    out["rows"] = rows
    return out


COLUMNS = (("photos", "photos"), ("perfect", "perfect"), ("perfect_per_puzzle", "per puzzle"),
           ("cells_found", "cells"), ("no_grid", "no grid"), ("corners_off", "corners off"),
           ("false_digits", "false digits"), ("false_on_pencil", "on pencil"), ("missed_digits", "missed"),
           ("misread_digits", "misread"), ("seconds_mean", "s mean"))


def table(res: dict) -> str:
    """The figures as a plain text table, a line per folder and split."""
    lines = ["folder / split".ljust(26) + "".join(h.rjust(max(len(h), 6) + 2) for _, h in COLUMNS)]
    for folder, parts in res["folders"].items():
        for split, s in parts.items():
            if not s["photos"]:
                continue
            cells = []
            for k, h in COLUMNS:
                v = s[k]
                txt = f"{v:.1%}" if isinstance(v, float) and k not in ("seconds_mean",) else \
                    (f"{v:.2f}" if isinstance(v, float) else str(v))
                cells.append(txt.rjust(max(len(h), 6) + 2))
            lines.append(f"{folder} / {split}".ljust(26) + "".join(cells))
    return "\n".join(lines)
