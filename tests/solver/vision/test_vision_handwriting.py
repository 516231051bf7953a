"""Digits written as strokes (a mouse or a pen in the app) read by the printed-digit classifier."""
import numpy as np

from solver.vision import digits, handwriting


def _arc(cx, cy, r, a0, a1, n=24):
    t = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], 1)


STROKES = {
    1: [np.array([[0.38, 0.32], [0.52, 0.2], [0.52, 0.8]])],
    2: [np.concatenate([_arc(0.5, 0.35, 0.17, 200, 390), np.array([[0.3, 0.8], [0.7, 0.8]])])],
    3: [np.concatenate([_arc(0.48, 0.35, 0.15, 200, 450), _arc(0.48, 0.65, 0.15, -90, 160)])],
    4: [np.array([[0.55, 0.2], [0.3, 0.6], [0.7, 0.6]]), np.array([[0.58, 0.35], [0.58, 0.8]])],
    7: [np.array([[0.3, 0.2], [0.7, 0.2], [0.45, 0.8]])],
    8: [np.concatenate([_arc(0.5, 0.35, 0.14, 90, 450), _arc(0.5, 0.65, 0.16, -90, 270)])],
}


def test_stroke_digits_read():
    for d, strokes in STROKES.items():
        r = handwriting.read_strokes(strokes)
        assert r.digit == d, (d, r.label, np.round(r.probs, 2))
        assert r.confidence > 0.8


def test_scale_and_position_do_not_matter():
    strokes = [s * 300 + [40, 1000] for s in STROKES[7]]   # widget pixels, anywhere
    assert handwriting.read_strokes(strokes).digit == 7


def test_bare_bar_is_a_one():
    r = handwriting.read_strokes([np.array([[0.5, 0.2], [0.51, 0.8]])])
    assert r.digit == 1 and r.confidence > 0.8


def test_tap_and_nothing_are_blank():
    assert handwriting.read_strokes([]).label == digits.BLANK
    r = handwriting.read_strokes([np.array([[0.5, 0.5], [0.51, 0.5]])])
    assert r.label == digits.BLANK and r.digit is None


def test_rendered_cell_is_a_reader_crop():
    crop = handwriting.render_strokes(STROKES[4])
    assert crop.dtype == np.uint8 and crop.shape == (32, 32)
    assert crop.min() < 60 and np.percentile(crop, 50) == 255
