"""Stage 2 of the digit classifier (training.recipes.digits_real): its data, on the committed real photos."""
import numpy as np
import pytest

from solver.vision import digits, fonts


def test_pencil_cells_and_real_cells_are_what_the_reader_classifies():
    from training import dev_photos
    from training.recipes import digits_real

    faces = fonts.split()[0] or list(fonts.discover())
    if not faces:
        pytest.skip("needs system fonts")
    rng = np.random.default_rng(0)
    crop, contrast = digits_real.pencil_cell(rng, faces)
    assert crop.shape == (32, 32) and crop.dtype == np.uint8 and contrast >= 1
    photos = [p for p in dev_photos.load(dev_photos.SAMPLE_DIR) if p.pencil]
    data = digits_real.real_cells(photos, digits.bundled(), log=lambda s: None)
    grids, contrasts, labels, pencil = data
    assert len(grids) == len(photos) and labels.shape == pencil.shape == (len(photos), 81)
    assert pencil.sum() == sum(len(p.pencil) for p in photos) and not labels[pencil].any()
    x, y = digits_real.real_batch(rng, data, 64)
    assert x.shape == (64, 1, 32, 32) and 0 <= x.min() and x.max() <= 1 and set(y) <= set(range(digits.N_CLASSES))
    m = digits_real.measure(digits.bundled(), data)
    assert m["cells"] == 81 * len(photos) and m["pencil_read_as_digit"] == f"0 of {pencil.sum()}"
