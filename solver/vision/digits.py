"""The printed-digit classifier: a small CNN over 32x32 cell crops, and the cell normalisation that
training and reading share.

Classes: 0 blank, 1-9 the digits, 10 "other" (a digit seen sideways or upside down, a letter). The
"other" class is what lets the reader tell the upright orientation from the digits themselves, and keeps
a rotated digit from being read as a confident wrong digit.

The bundled model is resources/models/digits.safetensors with the sidecar digits.json
({"kind": "digits", "format_version": 1, "arch": {...}, "accuracy": ...}); `python -m
training.recipes.digits` reproduces it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from torch import nn

from ..checkpoint import ModelFileError
from ..resources import MODELS, resource_path

INPUT = 32
N_CLASSES = 11
BLANK, OTHER = 0, 10
FORMAT_VERSION = 1
MODEL_PATH = resource_path(MODELS, "digits.safetensors")
# A blank cell's faint marks must not be stretched into strokes: the per-cell contrast divisor is at
# least this fraction of the grid's ink contrast (the contrast of its clearest digits).
CONTRAST_FLOOR = 0.45


class DigitModelError(ModelFileError):
    """The digit model file is missing or damaged, said with its path (the CLI reports it like any
    model file error)."""


@dataclass(frozen=True)
class DigitArch:
    widths: tuple[int, int, int, int] = (16, 32, 64, 64)
    hidden: int = 128

    def to_dict(self) -> dict:
        return {"widths": list(self.widths), "hidden": self.hidden, "input": INPUT, "classes": N_CLASSES}

    @staticmethod
    def from_dict(d: dict) -> DigitArch:
        if d.get("input", INPUT) != INPUT or d.get("classes", N_CLASSES) != N_CLASSES:
            raise ValueError(f"expects {INPUT}px input and {N_CLASSES} classes")
        return DigitArch(tuple(int(w) for w in d["widths"]), int(d["hidden"]))


class DigitNet(nn.Module):
    """conv-bn-relu blocks, 32 -> 16 -> 8 -> 4, then two linear layers: about 3 M multiply-adds a cell."""

    def __init__(self, arch: DigitArch = DigitArch()):
        super().__init__()
        self.arch = arch
        w1, w2, w3, w4 = arch.widths

        def block(i: int, o: int, pool: bool) -> list[nn.Module]:
            layers: list[nn.Module] = [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
            return layers + [nn.MaxPool2d(2)] if pool else layers

        self.features = nn.Sequential(*block(1, w1, True), *block(w1, w2, True), *block(w2, w3, True),
                                      *block(w3, w4, False))
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(w4 * 16, arch.hidden), nn.ReLU(),
                                  nn.Linear(arch.hidden, N_CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def ink_contrast(crops: list[np.ndarray]) -> float:
    """The grid's ink contrast: the paper-minus-ink range of its clearest cells (90th percentile over
    cells), so one faint blank cell is judged against the digits around it."""
    ranges = [float(np.percentile(c, 90) - np.percentile(c, 1)) for c in crops]
    return max(float(np.percentile(ranges, 90)), 1.0)


def normalise(crop: np.ndarray, contrast: float) -> np.ndarray:
    """A grayscale cell crop (any size, any dtype) -> (32, 32) float32, ink 1 and paper 0.

    The paper level is the cell's own (shaded cells, light gradients); the scale is the cell's own range,
    but never below CONTRAST_FLOOR of the grid's contrast."""
    c = np.asarray(crop, dtype=np.float32)
    if c.shape != (INPUT, INPUT):
        c = cv2.resize(c, (INPUT, INPUT), interpolation=cv2.INTER_AREA if min(c.shape) > INPUT
                       else cv2.INTER_LINEAR)
    paper = float(np.percentile(c, 80))
    rng = max(paper - float(c.min()), CONTRAST_FLOOR * contrast, 1.0)
    return np.clip((paper - c) / rng, 0.0, 1.0)


def prepare(crops: list[np.ndarray], contrast: float | None = None) -> np.ndarray:
    """A batch (N, 1, 32, 32) from grayscale crops."""
    if contrast is None:
        contrast = ink_contrast(crops)
    return np.stack([normalise(c, contrast) for c in crops])[:, None]


class DigitClassifier:
    """The bundled (or a given) digit model, in eval mode; `probs` runs one batch."""

    def __init__(self, net: DigitNet, meta: dict):
        self.net = net.eval()
        self.meta = meta

    @torch.inference_mode()
    def probs(self, batch: np.ndarray) -> np.ndarray:
        """(N, 1, 32, 32) float32 -> (N, 11) class probabilities."""
        if len(batch) == 0:
            return np.zeros((0, N_CLASSES), np.float32)
        # A net this small runs fastest on one thread (measured: 2 threads on a busy 2-core machine
        # took twice as long); the caller's setting is restored.
        threads = torch.get_num_threads()
        if threads != 1:
            torch.set_num_threads(1)
        try:
            logits = self.net(torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32)))
            return torch.softmax(logits, 1).numpy()
        finally:
            if threads != 1:
                torch.set_num_threads(threads)


def load(path: str | Path = MODEL_PATH) -> DigitClassifier:
    path = Path(path)
    side = path.with_suffix(".json")
    if not path.exists() or not side.exists():
        raise DigitModelError(f"{path}: the digit model (and its {side.name}) is missing; "
                              "python -m training.recipes.digits makes it")
    try:
        meta = json.loads(side.read_text())
        if meta.get("kind") != "digits" or meta.get("format_version", 0) > FORMAT_VERSION:
            raise ValueError("not a digit model description of a version this app reads")
        net = DigitNet(DigitArch.from_dict(meta["arch"]))
        net.load_state_dict(load_file(str(path)), strict=True)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, SafetensorError) as e:
        raise DigitModelError(f"{path}: unusable digit model ({str(e).splitlines()[0]})") from None
    return DigitClassifier(net, meta)


@lru_cache(maxsize=1)
def bundled() -> DigitClassifier:
    return load(MODEL_PATH)
