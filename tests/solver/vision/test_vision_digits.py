"""The bundled digit classifier on freshly rendered cells, and the model file's checks."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from solver.vision import digits, fonts
from solver.vision.geometry import CELL_MARGIN, CELL_PX
from solver.vision.synthetic_page import draw_digit


def _cell(face, text, rng, shade=0):
    """A 40 px cell with grid lines at its borders, as the reader crops it."""
    img = Image.new("L", (CELL_PX, CELL_PX), 235 - shade)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, CELL_PX - 1, CELL_PX - 1], outline=40, width=2)
    if text:
        draw_digit(img, face, text, CELL_PX / 2, CELL_PX / 2, CELL_PX * 0.62, 30)
    a = np.asarray(img, np.float32) + rng.normal(0, 4, (CELL_PX, CELL_PX))
    return a[CELL_MARGIN:-CELL_MARGIN, CELL_MARGIN:-CELL_MARGIN]


def test_blank_told_from_digit_in_held_out_fonts():
    _, held = fonts.split()
    if not held:
        pytest.skip("no held-out fonts installed (fonts-roboto-unhinted, fonts-cantarell, ...)")
    rng = np.random.default_rng(0)
    clf = digits.bundled()
    crops, labels = [], []
    for face in held[:: max(len(held) // 6, 1)]:
        for d in range(10):
            crops.append(_cell(face, str(d) if d else "", rng, shade=40 if d == 0 and len(crops) % 2 else 0))
            labels.append(d)
    probs = clf.probs(digits.prepare(crops))
    pred = probs[:, :10].argmax(1)
    labels = np.array(labels)
    assert np.all((pred == 0) == (labels == 0)), "a blank and a digit were confused"
    assert np.mean(pred == labels) >= 0.95


def test_rotated_digits_are_not_upright_digits():
    train, _ = fonts.split()
    if not train:
        pytest.skip("no fonts installed")
    rng = np.random.default_rng(1)
    crops = [np.rot90(_cell(train[0], d, rng)) for d in "2345"]
    probs = digits.bundled().probs(digits.prepare(crops))
    assert np.all(probs.argmax(1) == digits.OTHER)


def test_sidecar_and_damaged_model(tmp_path):
    clf = digits.bundled()
    assert clf.meta["kind"] == "digits" and 0.9 < clf.meta["accuracy"]["held_out_fonts"] <= 1
    (tmp_path / "digits.safetensors").write_bytes(b"junk")
    (tmp_path / "digits.json").write_text(digits.MODEL_PATH.with_suffix(".json").read_text())
    with pytest.raises(digits.DigitModelError, match="unusable digit model"):
        digits.load(tmp_path / "digits.safetensors")
    with pytest.raises(digits.DigitModelError, match="missing"):
        digits.load(tmp_path / "none.safetensors")
