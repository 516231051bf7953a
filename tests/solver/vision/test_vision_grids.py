"""Round trips: rendered mazes and ARC screenshots read back cell for cell; the 9x9 lattice test."""
import cv2
import numpy as np
import pytest

from solver.puzzles import maze
from solver.vision import NoGridFound, lattice, read_photo
from solver.vision.synthetic_grids import arc_screenshot, maze_image, photo_of


@pytest.mark.parametrize("difficulty, marks, photo", [
    ("easy", "colour", False), ("medium", "letters", False), ("hard", "colour", True), ("medium", "letters", True),
])
def test_maze_round_trip(difficulty, marks, photo):
    rng = np.random.default_rng(3)
    m = maze.generate(rng, difficulty)
    img = maze_image(m.grid, 18 if difficulty == "hard" else 24, marks)
    if photo:
        img = photo_of(img, rng, size=(900, 700))
    r = read_photo(img, "maze")
    assert r.kind == "maze" and np.array_equal(r.grid, m.grid)
    assert maze.parse(r.grid_text())[0].shape == m.grid.shape


@pytest.mark.parametrize("shape, cell, line", [((3, 3), 30, 1), ((10, 14), 16, 1), ((30, 30), 12, 1),
                                               ((7, 5), 20, 0), ((12, 12), 24, 2)])
def test_arc_round_trip(shape, cell, line):
    g = np.random.default_rng(4).integers(0, 10, shape).astype(np.int8)
    r = read_photo(arc_screenshot(g, cell, line), "arc")
    assert np.array_equal(r.grid, g) and r.confidence.min() > 0.9
    assert r.to_json()["grid"] == ["".join(str(v) for v in row) for row in g]


def test_arc_on_a_photo_without_palette_colours():
    with pytest.raises(NoGridFound):
        read_photo(np.full((200, 300, 3), 250, np.uint8), "arc")


def _grid_image(n: int, cell: int = 40, margin: int = 40) -> np.ndarray:
    side = n * cell
    img = np.full((side + 2 * margin, side + 2 * margin), 235, np.uint8)
    for i in range(n + 1):
        w = 3 if (n == 9 and i % 3 == 0) else 1
        p = margin + i * cell
        cv2.rectangle(img, (p - w // 2, margin), (p + w // 2, margin + side), 20, -1)
        cv2.rectangle(img, (margin, p - w // 2), (margin + side, p + w // 2), 20, -1)
    return img


def test_lattice_accepts_a_9x9_grid_and_finds_its_lines():
    img = _grid_image(9)
    corners = np.array([[40, 40], [400, 40], [400, 400], [40, 400]], np.float32)
    lat = lattice.fit(img, corners + np.float32([[3, -2], [-2, 3], [2, 2], [-3, -1]]))   # a sloppy quad
    expect = 40 + 40 * np.arange(10)
    assert np.abs(lat.points[..., 0] - expect[None, :]).max() < 2.5
    assert np.abs(lat.points[..., 1] - expect[:, None]).max() < 2.5


@pytest.mark.parametrize("n", [8, 10, 15])
def test_lattice_rejects_other_grids(n):
    img = _grid_image(n, 360 // n)
    side = (360 // n) * n
    corners = np.array([[40, 40], [40 + side, 40], [40 + side, 40 + side], [40, 40 + side]], np.float32)
    with pytest.raises(lattice.NotAGrid):
        lattice.fit(img, corners)


def _grid_with_thin_gaps(bold: bool, cell: int = 40, margin: int = 40) -> np.ndarray:
    """A 9x9 grid with half of its thin lines missing (rows 1, 4, 8 and columns 2, 5, 7); the box lines
    3 px and black if `bold`, else drawn like the thin ones."""
    img = np.full((9 * cell + 2 * margin,) * 2, 235, np.uint8)
    lo, hi = margin, margin + 9 * cell
    for i in range(10):
        p = margin + i * cell
        w, ink = (3, 20) if i % 3 == 0 and bold else (1, 120)
        if i not in (1, 4, 8):
            cv2.rectangle(img, (lo, p - w // 2), (hi, p + w // 2), ink, -1)
        if i not in (2, 5, 7):
            cv2.rectangle(img, (p - w // 2, lo), (p + w // 2, hi), ink, -1)
    return img


def test_lattice_takes_a_boxed_sudoku_whose_thin_lines_are_half_lost():
    corners = np.array([[40, 40], [400, 40], [400, 400], [40, 400]], np.float32)
    lat = lattice.fit(_grid_with_thin_gaps(bold=True), corners)
    assert lat.present < lattice.MIN_PRESENT
    expect = 40 + 40 * np.arange(10)
    assert np.abs(lat.points[..., 0] - expect[None, :]).max() < 2.5
    assert np.abs(lat.points[..., 1] - expect[:, None]).max() < 2.5
    # The same gaps in a grid whose lines are all alike: not a Sudoku's boxes, too few lines.
    with pytest.raises(lattice.NotAGrid, match="lines are there"):
        lattice.fit(_grid_with_thin_gaps(bold=False), corners)
