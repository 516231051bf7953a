"""The ARC editing operations (pure numpy)."""
from __future__ import annotations

import numpy as np

from trm_app.arc import grid_ops


def test_flood_fill_is_four_connected() -> None:
    g = np.array([[0, 0, 1], [1, 0, 1], [0, 1, 0]], np.int8)
    out = grid_ops.flood_filled(g, 0, 0, 5)
    assert out.tolist() == [[5, 5, 1], [1, 5, 1], [0, 1, 0]]  # the diagonal 0s stay
    assert g[0, 0] == 0  # the input is untouched
    assert np.array_equal(grid_ops.flood_filled(g, 0, 2, 1), g)


def test_resize_keeps_top_left_and_clamps() -> None:
    g = np.arange(6, dtype=np.int8).reshape(2, 3)
    assert grid_ops.resized(g, 3, 2).tolist() == [[0, 1], [3, 4], [0, 0]]
    assert grid_ops.resized(g, 99, 0).shape == (30, 1)


def test_crop_paste_flip_rotate() -> None:
    g = np.arange(9, dtype=np.int8).reshape(3, 3)
    block = grid_ops.cropped(g, (0, 1, 1, 2))
    assert block.tolist() == [[1, 2], [4, 5]]
    assert grid_ops.pasted(g, block, 2, 2).tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 1]]
    assert grid_ops.normal_rect((2, 0), (0, 2)) == (0, 0, 2, 2)
    assert grid_ops.flipped(g, True)[0].tolist() == [2, 1, 0]
    assert grid_ops.rotated(g, True)[0].tolist() == [6, 3, 0]
    assert np.array_equal(grid_ops.rotated(grid_ops.rotated(g, True), False), g)
