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


def _hands():
    from solver.vision import fonts

    train, held = fonts.hand_split()
    if not train or not held:
        pytest.skip("needs the handwriting fonts (solver.vision.fonts.HAND_PACKAGES)")
    return train, held


def test_handwriting_faces_are_apart_from_printed_ones_and_a_hand_is_held_out():
    from solver.vision import fonts

    train, held = _hands()
    printed = {f.group for part in fonts.split() for f in part}
    hand_train, hand_held = {f.group for f in train}, {f.group for f in held}
    assert not printed & (hand_train | hand_held) and not hand_train & hand_held
    assert hand_held == set(fonts.HELD_OUT_HANDS)


def test_a_face_digit_is_distorted_differently_each_time():
    train, _ = _hands()
    rng = np.random.default_rng(0)
    for digit in range(1, 10):
        m = sh.face_mask(rng, train[:1], digit, 60)
        assert m.dtype == np.uint8 and m.max() > 200
        assert 60 <= m.shape[0] <= 80                                 # the height, padded for the warp
        assert 0.03 < (m > 128).mean() < 0.6, digit
    a, b = (sh.face_mask(np.random.default_rng(s), train[:1], 5, 60) for s in (1, 2))
    assert a.shape != b.shape or not np.array_equal(a, b)


def test_elastic_moves_ink_a_little_and_cuts_none_off():
    m = np.zeros((50, 30), np.uint8)
    m[5:45, 12:18] = 255
    out = sh.elastic(m, np.random.default_rng(0))
    assert out.shape == (60, 40)                                      # padded by 10% of the height
    assert abs(int((out > 128).sum()) - 240) < 60                     # ink moved, not lost
    assert not np.array_equal(out[5:55, 5:35], m)


def test_a_half_solved_photo_can_be_written_in_one_held_out_hand():
    from solver.vision import fonts
    from solver.vision.synthetic_photo import sudoku_photo

    _, hands = _hands()
    train, held = fonts.split()
    p = sudoku_photo(np.random.default_rng(6), held, train, size=(640, 480), quarter_turns=0, solved=True,
                     hands=[sh.face_hand(h) for h in hands])
    q = sudoku_photo(np.random.default_rng(6), held, train, size=(640, 480), quarter_turns=0, solved=True)
    assert p.handwritten > 0 and np.array_equal(p.givens, q.givens)   # same puzzle, other handwriting
    assert not np.array_equal(p.image, q.image)


def test_the_test_setup_installs_the_font_packages_the_fonts_module_names():
    from pathlib import Path

    from solver.vision import fonts

    script = (Path(__file__).resolve().parents[3] / "scripts" / "dev.sh").read_text()
    listed = script.split('FONT_PACKAGES="', 1)[1].split('"', 1)[0].split()
    assert set((fonts.REQUIRED_PACKAGES + " " + fonts.HAND_PACKAGES).split()) <= set(listed)
