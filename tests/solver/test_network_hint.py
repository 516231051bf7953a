"""The network's hint (solver.network_hint) with the bundled Sudoku model: a right digit or none, the
belief per update, the confidence over the grid, the person's wrong entries not shown to the network."""
from __future__ import annotations

import numpy as np
import pytest

from solver.checkpoint import BUNDLED_DIR, load_model, resolve
from solver.network_hint import network_hint

Q = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
A = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"
GRID = np.array([0 if c == "." else int(c) for c in Q], np.int8).reshape(9, 9)
SOL = np.array([int(c) for c in A], np.int8).reshape(9, 9)


@pytest.fixture(scope="module")
def model():
    # The bundled model by its path (tests see no bundled models by name); a model that fails to load fails.
    return load_model(resolve(str(BUNDLED_DIR / "sudoku.safetensors"), "sudoku"), "sudoku")[0]


def test_the_hint_is_right_with_its_growth(model):
    h = network_hint(GRID, SOL, model)
    assert h.cell is not None and GRID[h.cell] == 0 and h.digit == SOL[h.cell]
    assert 0 < h.confidence <= 1 and h.growth[-1].digit == h.digit
    assert h.growth[-1].confidence == pytest.approx(h.confidence)
    assert len(h.growth) == h.steps * model.cfg.T
    assert h.confidence_grid.shape == (9, 9) and (h.confidence_grid[GRID != 0] == 1.0).all()
    assert h.sentence().startswith(f"The network is surest of r{h.cell[0] + 1}c{h.cell[1] + 1}: {h.digit}")


def test_a_wrong_entry_is_hidden_from_the_network(model):
    grid = GRID.copy()
    r, c = np.argwhere(grid == 0)[0]
    grid[r, c] = SOL[r, c] % 9 + 1  # wrong
    h = network_hint(grid, SOL, model)
    assert h.cell is None or h.digit == SOL[h.cell]
    assert h.confidence_grid[r, c] < 1.0  # read as an empty cell
