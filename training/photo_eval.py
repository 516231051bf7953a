"""Measure the Sudoku photo reader on synthetic photos: `python -m training.photo_eval [--n 200]`.

Photos come from solver.vision.synthetic_photo with digits in the font groups held out from the digit
classifier's training (solver.vision.fonts.HELD_OUT_GROUPS); about 10% are 12 MP, 30% are turned 90,
180 or 270 degrees, 40% curled. Also no-grid photos (text pages, crosswords), and apart from these,
photos of puzzles half solved by hand (pen or pencil digits count: in pen strokes, in the handwriting
faces held out from the classifier, solver.vision.fonts.HELD_OUT_HANDS, and by MNIST's test writers, whom
the classifier never saw: training.mnist_digits), harder 640x480 sets (STRESS: grids small in the frame,
extra blur, camera shake), and the few real photos of training.real_photos. One thread. Writes the "photos" section
of resources/models/digits.eval.json (with --write).

`python -m training.photo_eval --real [--dev-dir DIR] [--held-out] [--folder F]` measures the 159 labelled
real photos of the dev set instead (training.dev_photos: per folder, photos perfect, per puzzle, cells, no
grid, false digits on empty cells, seconds) and --none photos without a Sudoku (the fixtures', the wheel's,
synthetic ones), and with --write stores them as the "real_photos_dev" section.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import torch

from solver.checkpoint import BUNDLED_DIR, atomic_write_bytes
from solver.resources import resources_dir
from solver.vision import NoGridFound, digits, fonts, read_photo
from solver.vision.synthetic_handwriting import face_hand
from solver.vision.synthetic_photo import Photo, motion_blur, no_grid_photo, sudoku_photo
from training import dev_photos, real_photos
from training.mnist_digits import MnistHand, MnistMissing

SEED = 2024
# Harder 640x480 photos, measured apart with --stress: (grid fill range, extra Gaussian blur sigma in px,
# camera shake: a motion smear of this many px in a random direction).
STRESS = {"small_grid_30_45pct": ((0.3, 0.45), 0.0, 0.0), "blur_2px": ((0.5, 0.92), 2.0, 0.0),
          "blur_3px": ((0.5, 0.92), 3.0, 0.0), "shake_6px": ((0.5, 0.92), 0.0, 6.0),
          "shake_10px": ((0.5, 0.92), 0.0, 10.0)}
CONFIDENT = 0.9     # a wrong reading whose every cell is at least this confident is "confidently wrong"


def run(n: int, n_none: int, n_solved: int = 0, seed: int = SEED, log=print, model: str | None = None,
        n_stress: int = 0) -> dict:
    torch.set_num_threads(1)
    train, held = fonts.split()
    if not held:
        sys.exit("training.photo_eval: no held-out fonts installed (see solver.vision.fonts)")
    clf = digits.load(model) if model else digits.bundled()
    rng = np.random.default_rng(seed)
    rows = _read((sudoku_photo(rng, held, train) for _ in range(n)), clf, log)
    none_rows = []
    for i in range(n_none):
        p = no_grid_photo(rng, held, train)
        t = time.perf_counter()
        try:
            r = read_photo(p.image, "sudoku", classifier=clf)
            none_rows.append({"note": p.note, "false_grid": True, "min_conf": float(r.confidence.min()),
                              "seconds": time.perf_counter() - t})
            log(f"no-grid {i} FALSE GRID {p.note} min conf {r.confidence.min():.2f}")
        except NoGridFound:
            none_rows.append({"note": p.note, "false_grid": False, "seconds": time.perf_counter() - t})
    result = summarise(rows, none_rows, seed)
    try:
        result["real_photos"] = real_photos.run(clf, log)
    except real_photos.RealPhotosMissing as e:
        log(f"real photos: not measured ({e})")
    if n_solved:
        # Puzzles half solved in pen or pencil: every handwritten digit is part of the expected reading.
        srng = np.random.default_rng(seed + 1)
        result["half_solved"] = _part((sudoku_photo(srng, held, train, solved=True) for _ in range(n_solved)),
                                      clf, log)
        hands = [face_hand(f) for f in fonts.hand_split()[1]]
        if hands:       # one held-out hand a photo, as one person fills in a grid
            hrng = np.random.default_rng([seed, 3])
            result["half_solved_held_out_hands"] = _part(
                (sudoku_photo(hrng, held, train, solved=True, hands=hands) for _ in range(n_solved)), clf, log)
        try:            # real handwriting, each digit by another of MNIST's test writers
            real = [MnistHand.load("test")]
        except MnistMissing as e:
            log(f"half solved by real writers: not measured ({e})")
        else:
            mrng = np.random.default_rng([seed, 4])
            result["half_solved_real_writers"] = _part(
                (sudoku_photo(mrng, held, train, solved=True, hands=real) for _ in range(n_solved)), clf, log)
    for j, (name, (fill, blur, shake)) in enumerate(STRESS.items() if n_stress else ()):
        srng = np.random.default_rng([seed, 2, j])
        photos = (_blurred(sudoku_photo(srng, held, train, size=(640, 480), fill=fill), blur, shake, srng)
                  for _ in range(n_stress))
        result.setdefault("stress", {})[name] = _part(photos, clf, log)
    return result


def _part(photos: Iterable[Photo], clf: digits.DigitClassifier, log) -> dict:
    """The main figures of a set measured apart from the main one."""
    s = summarise(_read(photos, clf, log), [], 0)
    return {k: s[k] for k in ("photos", "detection_rate", "cell_accuracy_all_photos", "whole_grid_accuracy",
                              "confidently_wrong_grids", "seconds_mean")}


def _blurred(p: Photo, sigma: float, shake: float, rng: np.random.Generator) -> Photo:
    img = cv2.GaussianBlur(p.image, (0, 0), sigma) if sigma else p.image
    img = motion_blur(img, shake, rng.uniform(0, np.pi)) if shake else img
    return replace(p, image=img)


def _read(photos: Iterable[Photo], clf: digits.DigitClassifier, log) -> list[dict]:
    """One result row a photo, made and read one at a time (12 MP photos are large)."""
    rows = []
    for i, p in enumerate(photos):
        t = time.perf_counter()
        try:
            r = read_photo(p.image, "sudoku", classifier=clf)
        except NoGridFound as e:
            rows.append({"i": i, "note": p.note, "found": False, "seconds": time.perf_counter() - t,
                         "why": e.reason, "size": p.image.shape[1] * p.image.shape[0]})
            log(f"{i} MISS {p.note}: {e.reason}")
            continue
        dt = time.perf_counter() - t
        wrong = int(np.sum(r.grid != p.givens))
        rows.append({"i": i, "note": p.note, "found": True, "seconds": dt, "wrong_cells": wrong,
                     "min_conf": float(r.confidence.min()), "turns": p.quarter_turns,
                     "size": p.image.shape[1] * p.image.shape[0]})
        if wrong:
            bad = np.argwhere(r.grid != p.givens)[:5]
            log(f"{i} {wrong} wrong {p.note} min conf {r.confidence.min():.2f}: " +
                ", ".join(f"r{a + 1}c{b + 1} {p.givens[a, b]}->{r.grid[a, b]} ({r.confidence[a, b]:.2f})" for a, b in bad))
    return rows


def summarise(rows: list[dict], none_rows: list[dict], seed: int) -> dict:
    found = [r for r in rows if r["found"]]
    cells_right = sum(81 - r["wrong_cells"] for r in found)
    by = defaultdict(list)
    for r in rows:
        key = "12MP" if r["size"] > 5e6 else "640x480"
        by[key].append(r)
    def stats(rs: list[dict]) -> dict:
        f = [r for r in rs if r["found"]]
        return {"photos": len(rs), "detected": len(f) / max(len(rs), 1),
                "whole_grid_right": sum(r["wrong_cells"] == 0 for r in f) / max(len(rs), 1),
                "mean_seconds": float(np.mean([r["seconds"] for r in rs])) if rs else None}
    times = [r["seconds"] for r in rows]
    return {
        "method": "python -m training.photo_eval --write (synthetic photos, digits in held-out fonts, "
                  "1 thread)",
        "seed": seed,
        "photos": len(rows),
        "detection_rate": len(found) / max(len(rows), 1),
        "cell_accuracy_all_photos": (cells_right + 0) / max(81 * len(rows), 1),
        "cell_accuracy_detected": cells_right / max(81 * len(found), 1),
        "whole_grid_accuracy": sum(r["wrong_cells"] == 0 for r in found) / max(len(rows), 1),
        "confidently_wrong_grids": sum(r["wrong_cells"] > 0 and r["min_conf"] >= CONFIDENT for r in found),
        "seconds_mean": float(np.mean(times)) if times else None,
        "seconds_p95": float(np.percentile(times, 95)) if times else None,
        "seconds_max": float(np.max(times)) if times else None,
        "turned_photos": {"photos": sum(r.get("turns", 0) > 0 for r in found),
                          "whole_grid_right": sum(r.get("turns", 0) > 0 and r["wrong_cells"] == 0 for r in found)},
        "by_size": {k: stats(v) for k, v in sorted(by.items())},
        "no_grid_photos": len(none_rows),
        "no_grid_false_readings": sum(r["false_grid"] for r in none_rows),
        "no_grid_seconds_mean": float(np.mean([r["seconds"] for r in none_rows])) if none_rows else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.photo_eval", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="Sudoku photos (default 200)")
    ap.add_argument("--none", type=int, default=40, help="photos without a Sudoku (default 40)")
    ap.add_argument("--solved", type=int, default=60,
                    help="Sudoku photos half solved by hand, measured apart (default 60)")
    ap.add_argument("--stress", type=int, default=40,
                    help="photos in each harder set (small grid, extra blur, camera shake), measured apart (default 40)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--model", help="a digit model file other than the bundled one")
    ap.add_argument("--write", action="store_true", help="store the figures in digits.eval.json")
    ap.add_argument("--real", action="store_true", help="measure the labelled real photos of the dev set instead")
    ap.add_argument("--dev-dir", help=f"the dev set's folder (default ${dev_photos.ENV} or {dev_photos.DEV_DIR})")
    ap.add_argument("--held-out", action="store_true", help="with --real: only the held-out puzzles")
    ap.add_argument("--folder", help="with --real: only this folder of the dev set (kubiesa_train, taylorjg)")
    ap.add_argument("--variant", choices=dev_photos.VARIANTS,
                    help="with --real: each photo made harder (grid at the image edge, 640 px, a shadow, blur)")
    ap.add_argument("--rows", help="with --real: write every photo's result row to this JSON file")
    a = ap.parse_args(argv)
    if a.real:
        return _main_real(a)
    res = run(a.n, a.none, a.solved, a.seed, log=lambda s: print(s, flush=True), model=a.model,
              n_stress=a.stress)
    print(json.dumps(res, indent=1))
    if a.write:
        _store("photos", res)
    return 0


def _main_real(a: argparse.Namespace) -> int:
    torch.set_num_threads(1)
    try:
        photos = dev_photos.load(a.dev_dir)
    except dev_photos.DevPhotosMissing as e:
        print(f"training.photo_eval: {e}", file=sys.stderr)
        return 2
    photos = [p for p in photos if (p.held_out or not a.held_out) and a.folder in (None, p.folder)]
    clf = digits.load(a.model) if a.model else digits.bundled()
    res = dev_photos.run(photos, clf, log=lambda s: print(s, flush=True), variant_name=a.variant, seed=a.seed)
    if a.variant:
        res["variant"] = a.variant
    res["no_grid_photos"] = dev_photos.no_grid(_no_grid_images(a.none, a.seed), clf, log=lambda s: print(s, flush=True))
    rows = res.pop("rows")
    if a.rows:
        Path(a.rows).write_text(json.dumps(rows, indent=1))
    print(dev_photos.table(res))
    ng = res["no_grid_photos"]
    print(f"no-grid photos: {ng['false_grids']} false grids of {ng['photos']}")
    if a.write:
        _store("real_photos_dev" + (f"_{a.variant}" if a.variant else ""),
               {"method": "python -m training.photo_eval --real (dev set, 1 thread)", **res})
    return 0


def _no_grid_images(n: int, seed: int) -> Iterable[tuple[str, np.ndarray]]:
    """The fixture photos without a Sudoku, the sudoku-ocr wheel's two (when downloaded), and n synthetic
    ones (text pages, crosswords, other grids) in the fonts on this machine, each also cropped."""
    for path in sorted((resources_dir() / "photos").glob("no_grid_*")):
        yield path.name, cv2.imread(str(path))
    try:
        yield from ((p.name, img) for p, img in real_photos.images() if p.grid is None)
    except real_photos.RealPhotosMissing:
        pass
    train, held = fonts.split()
    faces = held or train
    rng = np.random.default_rng([seed, 5])
    for i in range(n if faces else 0):
        p = no_grid_photo(rng, faces, train or faces)
        yield f"synthetic {i} ({p.note})", p.image
        h, w = p.image.shape[:2]        # and a window of it: a crossword or other grid cut by the edge
        fx, fy = rng.uniform(0.5, 0.85, 2)
        x0, y0 = int(rng.uniform(0, 1 - fx) * w), int(rng.uniform(0, 1 - fy) * h)
        yield f"synthetic {i} cropped ({p.note})", p.image[y0: y0 + int(fy * h), x0: x0 + int(fx * w)]


def _store(section: str, figures: dict) -> None:
    path = BUNDLED_DIR / "digits.eval.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    report[section] = figures
    atomic_write_bytes(path, json.dumps(report, indent=2).encode())
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
