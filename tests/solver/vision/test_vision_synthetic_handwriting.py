"""Synthetic handwritten digits (training and test data for the photo reader)."""
import numpy as np
import pytest

from solver.vision import synthetic_handwriting as sh


def test_every_digit_has_forms_that_render_to_ink():
    rng = np.random.default_rng(0)
    assert sorted(sh.FORMS) == list(range(1, 10))
    for digit in range(1, 10):
        for _ in range(5):
            m = sh.mask(rng, digit, 60)
            assert m.dtype == np.uint8 and m.max() == 255
            assert 55 <= m.shape[0] <= 75, (digit, m.shape)          # about the asked height
            assert m.shape[1] < 1.1 * m.shape[0], (digit, m.shape)   # a digit is taller than wide
            assert 0.05 < (m > 128).mean() < 0.7


def test_writers_differ_and_a_seed_repeats():
    a = sh.mask(np.random.default_rng(3), 4, 50)
    b = sh.mask(np.random.default_rng(3), 4, 50)
    c = sh.mask(np.random.default_rng(4), 4, 50)
    assert np.array_equal(a, b)
    assert a.shape != c.shape or not np.array_equal(a, c)


def test_corner_points_split_the_curve():
    # A corner point is passed through exactly: the curve is cut there into two smooth pieces.
    pts = sh._curve([(0.0, 0.0), (1.0, 0.0, 1), (1.0, 1.0)], np.zeros((3, 2)))
    assert np.min(np.linalg.norm(pts - [1.0, 0.0], axis=1)) < 1e-9
    assert pts[:, 0].max() <= 1.0 + 1e-9                              # no overshoot at the corner


def test_half_solved_photos_expect_the_written_digits():
    from solver.vision import fonts
    from solver.vision.synthetic_photo import sudoku_photo

    train, held = fonts.split()
    if not held:
        pytest.skip("needs system fonts")
    # The puzzle is drawn before the handwriting, so one seed gives the same givens both ways.
    plain, solved = (sudoku_photo(np.random.default_rng(6), held, train, size=(640, 480), quarter_turns=0,
                                  solved=s) for s in (False, True))
    assert "handwritten" not in plain.note
    given = plain.givens != 0
    assert np.array_equal(solved.givens[given], plain.givens[given])
    extra = int(np.count_nonzero(solved.givens[~given]))
    assert extra > 0 and f"handwritten {extra}" in solved.note
