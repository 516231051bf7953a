"""Line mazes (thin walls between cells) from scans and photos, as the block maze the network solves."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from solver.puzzles import maze
from solver.puzzles.maze import GOAL, START
from solver.vision import NoGridFound, line_maze, read_photo
from solver.vision.line_maze_types import LineMaze, Opening, to_blocks
from solver.vision.synthetic_line_maze import line_maze_photo
from training.cli import main
from training.line_maze_eval import same_maze

PHOTOS = Path(__file__).resolve().parents[3] / "resources" / "photos"


def test_blocks_of_a_two_by_two_line_maze() -> None:
    # Walls between the two top cells and under the top-right one; gaps at the top left and the bottom right.
    m = LineMaze(right=np.array([[True], [False]]), down=np.array([[False, True]]),
                 start=Opening("top", 0), goal=Opening("bottom", 1))
    rows = ["".join("#.SG"[int(v)] for v in row) for row in to_blocks(m)]
    assert rows == ["#S###",
                    "#.#.#",
                    "#.###",
                    "#...#",
                    "###G#"]
    assert to_blocks(LineMaze(m.right, m.down, (0, 1), (1, 0)))[1, 3] == START


@pytest.mark.parametrize("style", ["gaps", "arrows", "letters", "colour", "dots"])
@pytest.mark.parametrize("scan", [True, False])
def test_each_style_read_exactly(style: str, scan: bool) -> None:
    sample = line_maze_photo(np.random.default_rng([11, len(style), scan]), style=style, scan=scan, h=8, w=10)
    r = read_photo(sample.image, "maze")
    assert r.kind == "maze" and r.details["method"] == "line maze" and r.details["cells"] == [10, 8]
    assert same_maze(r.grid, sample), sample.note
    assert r.details["directed"] == sample.directed
    assert maze.bfs_path(maze.MazePuzzle(r.grid)) is not None
    # The outline found is the maze's, within a fifth of a cell (a third on a photo: its page is bowed).
    pitch = np.linalg.norm(sample.corners[1] - sample.corners[0]) / 10
    assert np.abs(r.corners - sample.corners).max() < (0.2 if scan else 0.35) * pitch


def test_the_largest_line_maze_fits_the_canvas_and_a_larger_one_is_refused() -> None:
    big = line_maze_photo(np.random.default_rng(5), style="gaps", scan=True, h=14, w=14)
    r = read_photo(big.image, "maze")
    assert r.grid.shape == (29, 29) and same_maze(r.grid, big)
    too_big = line_maze_photo(np.random.default_rng(5), style="gaps", scan=True, h=16, w=16)
    with pytest.raises(NoGridFound, match="more than 14 x 14"):
        line_maze.read_line_maze(too_big.image)


@pytest.mark.parametrize("name", ["no_grid_text.jpg", "no_grid_crossword.jpg", "sudoku_upright.jpg"])
def test_no_line_maze_in_photos_without_one(name: str) -> None:
    with pytest.raises(NoGridFound):
        line_maze.read_line_maze(cv2.imread(str(PHOTOS / name)))


def test_block_mazes_are_still_read_as_block_mazes() -> None:
    expected = json.loads((PHOTOS / "expected.json").read_text())["maze_photo.jpg"]["grid"]
    r = read_photo(PHOTOS / "maze_photo.jpg", "maze")
    assert r.details["method"] == "block maze" and r.grid_text().split("\n") == expected


def test_solved_path_on_the_photo_runs_from_the_start_gap_to_the_goal_gap() -> None:
    sample = line_maze_photo(np.random.default_rng(2), style="arrows", scan=True, h=6, w=7)
    r = read_photo(sample.image, "maze")
    answer = maze.bfs_path(maze.MazePuzzle(r.grid))
    lines = r.details["line_maze"]
    pts = line_maze.path_points(lines["xs"], lines["ys"], np.array(lines["to_photo"]), answer)
    assert len(pts) == int((answer == maze.PATH).sum()) + 2          # start, path, goal
    h, w = sample.maze.shape
    pitch = np.linalg.norm(sample.corners[1] - sample.corners[0]) / w

    def gap_point(e: Opening) -> np.ndarray:
        """Half a cell outside the gap, in the photo (the sample's corners, an affine scan)."""
        tl, tr, bl = sample.corners[0], sample.corners[1], sample.corners[3]
        u, v = (tr - tl) / w, (bl - tl) / h
        i = e.index + 0.5
        return {"top": tl + u * i - v * 0.5, "bottom": bl + u * i + v * 0.5, "left": tl + v * i - u * 0.5,
                "right": tr + v * i + u * 0.5}[e.side]
    assert np.linalg.norm(pts[0] - gap_point(sample.maze.start)) < 0.3 * pitch
    assert np.linalg.norm(pts[-1] - gap_point(sample.maze.goal)) < 0.3 * pitch


def test_same_maze_lets_start_and_goal_swap_only_when_the_picture_is_silent() -> None:
    sample = line_maze_photo(np.random.default_rng(4), style="arrows", scan=True, h=5, w=5)
    swapped = sample.blocks.copy()
    swapped[sample.blocks == START], swapped[sample.blocks == GOAL] = GOAL, START
    assert same_maze(sample.blocks, sample) and not same_maze(swapped, sample)
    dots = line_maze_photo(np.random.default_rng(4), style="dots", scan=True, h=5, w=5)
    swapped = dots.blocks.copy()
    swapped[dots.blocks == START], swapped[dots.blocks == GOAL] = GOAL, START
    assert same_maze(swapped, dots)


def test_read_photo_kind_maze_on_the_command_line(tmp_path: Path, capsys) -> None:
    sample = line_maze_photo(np.random.default_rng(9), style="letters", scan=True, h=5, w=6)
    path = tmp_path / "maze.png"
    cv2.imwrite(str(path), sample.image)
    assert main(["read-photo", str(path), "--kind", "maze", "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["method"] == "line maze" and r["cells"] == [6, 5] and len(r["grid"]) == 11
    assert r["grid"] == ["".join("#.SG"[int(v)] for v in row) for row in sample.blocks]
