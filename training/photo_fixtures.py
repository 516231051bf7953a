"""Write the committed fixture photos: `python -m training.photo_fixtures [--out resources/photos]`.

Synthetic photos (digits in held-out fonts) chosen to cover what the reader must survive: tilt, the
four orientations, curl, shadows, shaded cells, a 3 MP and a 12 MP photo, a puzzle half solved in pen,
plus no-grid photos, a maze photo and an ARC screenshot. expected.json beside them holds what each must
read as.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

from solver.checkpoint import atomic_write_bytes
from solver.puzzles import maze
from solver.puzzles.sudoku_generate import generate
from solver.vision import fonts
from solver.vision.synthetic_grids import arc_screenshot, maze_image, photo_of
from solver.vision.synthetic_page import sudoku_page
from solver.vision.synthetic_photo import no_grid_photo, render_photo, sudoku_photo

ROOT = Path(__file__).resolve().parents[1]
# name: (size, quarter turns, extra turn degrees, tilt degrees, curl in cells, fill, JPEG quality)
SUDOKUS = {
    "sudoku_upright.jpg": ((640, 480), 0, 3, 8, 0.0, 0.8, 85),
    "sudoku_tilted.jpg": ((640, 480), 0, -24, 30, 0.0, 0.7, 85),
    "sudoku_sideways.jpg": ((480, 640), 1, 8, 15, 0.0, 0.75, 85),
    "sudoku_upside_down.jpg": ((640, 480), 2, -6, 18, 0.0, 0.8, 85),
    "sudoku_270.jpg": ((480, 640), 3, 5, 10, 0.1, 0.75, 85),
    "sudoku_curled.jpg": ((640, 480), 0, 4, 12, 0.3, 0.85, 85),
    "sudoku_small.jpg": ((640, 480), 0, 12, 20, 0.0, 0.5, 80),
    "sudoku_3mp.jpg": ((2000, 1500), 0, -10, 22, 0.15, 0.7, 80),
    "sudoku_12mp.jpg": ((4000, 3000), 0, 7, 15, 0.1, 0.65, 60),
}


def _sudoku(rng, size, k, extra, tilt, curl, fill, held, train):
    puzzle = generate(rng, "medium")
    cell_px = max(min(size) * fill / 9 * 1.3, 24)
    page = sudoku_page(rng, puzzle.givens, cell_px, held[rng.integers(len(held))], train[rng.integers(len(train))])
    img, _ = render_photo(rng, page, size, k * 90 + extra, tilt, curl, fill)
    return img, puzzle.givens


def make(out: Path, seed: int = 7) -> dict:
    train, held = fonts.split()
    if not held:
        sys.exit("training.photo_fixtures: no held-out fonts installed (see solver.vision.fonts)")
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}
    for name, (size, k, extra, tilt, curl, fill, q) in SUDOKUS.items():
        img, givens = _sudoku(rng, size, k, extra, tilt, curl, fill, held, train)
        cv2.imwrite(str(out / name), img, [cv2.IMWRITE_JPEG_QUALITY, q])
        expected[name] = {"kind": "sudoku", "grid": "".join(str(int(v)) for v in givens.ravel()),
                          "quarter_turns": k}
    for name, what in (("no_grid_text.jpg", "text"), ("no_grid_crossword.jpg", "crossword")):
        p = no_grid_photo(rng, held, train, what)
        cv2.imwrite(str(out / name), p.image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        expected[name] = {"kind": None, "no_grid": True}
    m = maze.generate(rng, "medium")
    cv2.imwrite(str(out / "maze_photo.jpg"), photo_of(maze_image(m.grid, 22, "letters"), rng, size=(800, 600)),
                [cv2.IMWRITE_JPEG_QUALITY, 85])
    expected["maze_photo.jpg"] = {"kind": "maze", "grid": maze.format(m, m.grid).rstrip("\n").split("\n")}
    g = rng.integers(0, 10, (8, 11)).astype(np.int8)
    cv2.imwrite(str(out / "arc_screenshot.png"), arc_screenshot(g, 26))
    expected["arc_screenshot.png"] = {"kind": "arc", "grid": ["".join(str(int(v)) for v in row) for row in g]}
    # Its own generator, so the photos above stay as they were when this one was added.
    for k in range(1, 100):                      # the first with at least 20 handwritten digits
        p = sudoku_photo(np.random.default_rng([seed, k]), held, train, size=(640, 480), quarter_turns=0,
                         difficulty="medium", solved=True)
        if p.handwritten >= 20:
            break
    cv2.imwrite(str(out / "sudoku_half_solved.jpg"), p.image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    expected["sudoku_half_solved.jpg"] = {"kind": "sudoku", "grid": "".join(str(int(v)) for v in p.givens.ravel()),
                                          "quarter_turns": 0}
    atomic_write_bytes(out / "expected.json", json.dumps(expected, indent=1).encode())
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.photo_fixtures", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "photos")
    a = ap.parse_args(argv)
    exp = make(a.out)
    total = sum((a.out / n).stat().st_size for n in exp)
    print(f"wrote {len(exp)} photos ({total / 2**20:.2f} MiB) and expected.json to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
