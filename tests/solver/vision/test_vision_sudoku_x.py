"""The photo reader and Sudoku X: shaded diagonals or givens unique only with the diagonals suggest the
variant; shaded boxes of a plain Sudoku do not; --kind sudoku-x reads with the diagonal rules."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from solver.puzzles import sudoku_x
from solver.puzzles.sudoku_generate import generate
from solver.vision import fonts, read_photo
from solver.vision.synthetic_page import SudokuStyle, draw_sudoku

CELL, X0 = 60, 40
PAPER, INK, GREY = (250, 250, 245), (20, 20, 20), (222, 222, 222)


def _image(givens: np.ndarray, shaded: list[tuple[int, int]], boxes: bool = False) -> np.ndarray:
    img = Image.new("RGB", (620, 620), PAPER)
    d = ImageDraw.Draw(img)
    for r, c in shaded:
        d.rectangle((X0 + c * CELL, X0 + r * CELL, X0 + (c + 1) * CELL, X0 + (r + 1) * CELL), fill=GREY)
    style = SudokuStyle(thin=0.03, bold=0.08, outer=0.1, line_grey=0.0, shade_boxes=False, shade_givens=False,
                        digit_height=0.6, bold_digits=0)
    draw_sudoku(img, givens, X0, X0, 9 * CELL, fonts.split()[0][0], style, INK, PAPER, GREY)
    return np.asarray(img)[:, :, ::-1].copy()


DIAGONALS = sorted({(i, i) for i in range(9)} | {(i, 8 - i) for i in range(9)})
# The boxes the diagonals cross shaded whole: a plain Sudoku's decoration, not an X.
CROSSED_BOXES = [(r, c) for r in range(9) for c in range(9) if (r // 3 + c // 3) % 2 == 0]


@pytest.fixture(scope="module")
def x_puzzle():
    return sudoku_x.generate(np.random.default_rng(7), "medium")


def test_shaded_diagonals_suggest_sudoku_x(x_puzzle):
    r = read_photo(_image(x_puzzle.givens, DIAGONALS))
    assert r.kind == "sudoku" and np.array_equal(r.grid, x_puzzle.givens)
    assert r.details["variant"] == "sudoku-x" and "shaded" in r.details["variant_reason"]


def test_unshaded_x_givens_suggest_it_by_their_one_solution(x_puzzle):
    r = read_photo(_image(x_puzzle.givens, []))
    assert r.details["variant"] == "sudoku-x" and "one solution only" in r.details["variant_reason"]
    assert not r.details["proper"]   # as a plain Sudoku it has several solutions


def test_a_plain_sudoku_with_shaded_boxes_is_no_x():
    p = generate(np.random.default_rng(2), "medium")
    r = read_photo(_image(p.givens, CROSSED_BOXES))
    assert np.array_equal(r.grid, p.givens) and "variant" not in r.details
    assert abs(r.details["diagonal_shade"]) < 0.03


def test_read_as_sudoku_x_the_reading_uses_the_diagonal_rules(x_puzzle, tmp_path):
    path = tmp_path / "x.png"
    Image.fromarray(_image(x_puzzle.givens, DIAGONALS)[:, :, ::-1]).save(path)
    r = read_photo(path, "sudoku-x")
    assert r.kind == "sudoku-x" and r.details["proper"] and not r.details["problems"]
    assert r.grid_text() == "".join(str(int(v)) for v in x_puzzle.givens.ravel())
