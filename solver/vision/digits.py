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
from numpy.lib.stride_tricks import sliding_window_view
from safetensors import SafetensorError
from safetensors.numpy import load_file

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
    """A digit model in eval mode, run with numpy: reading a photo needs no torch (issue 25: importing it
    cost more than reading the photo). `weights`: a DigitNet's state_dict as arrays; `probs` runs one
    batch; `net` is a torch DigitNet with these weights, for fine-tuning."""

    def __init__(self, weights: dict[str, np.ndarray], arch: DigitArch, meta: dict):
        self.weights, self.arch, self.meta = weights, arch, meta
        self._convs = [_fold_batch_norm(weights, 4 * i) for i in range(4)]  # Sequential: conv, bn, relu, pool

    @staticmethod
    def of(net, meta: dict) -> DigitClassifier:
        """The classifier of a (trained) torch DigitNet, as it is now."""
        return DigitClassifier({k: v.detach().cpu().numpy() for k, v in net.state_dict().items()}, net.arch, meta)

    @property
    def net(self):
        """A new torch DigitNet holding these weights."""
        import torch

        from .digit_net import DigitNet

        net = DigitNet(self.arch)
        net.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in self.weights.items()}, strict=True)
        return net.eval()

    def probs(self, batch: np.ndarray) -> np.ndarray:
        """(N, 1, 32, 32) float32 -> (N, 11) class probabilities."""
        if len(batch) == 0:
            return np.zeros((0, N_CLASSES), np.float32)
        x = np.ascontiguousarray(np.asarray(batch, np.float32).transpose(0, 2, 3, 1))   # NHWC
        for i, (w, b) in enumerate(self._convs):
            x = np.maximum(_conv3x3(x, w) + b, 0.0)
            if i < 3:
                n, h, wd, c = x.shape
                x = x.reshape(n, h // 2, 2, wd // 2, 2, c).max(axis=(2, 4))
        x = x.transpose(0, 3, 1, 2).reshape(len(x), -1)   # flattened as torch does: channels first
        w = self.weights
        x = np.maximum(x @ w["head.2.weight"].T + w["head.2.bias"], 0.0)
        logits = x @ w["head.4.weight"].T + w["head.4.bias"]
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def _fold_batch_norm(weights: dict[str, np.ndarray], at: int, eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray]:
    """The conv at features.{at} with the eval-mode batch norm after it folded in: (C*9, O) matrix, bias."""
    conv, bn = weights[f"features.{at}.weight"], f"features.{at + 1}"
    scale = weights[f"{bn}.weight"] / np.sqrt(weights[f"{bn}.running_var"] + eps)
    w = (conv * scale[:, None, None, None]).reshape(len(conv), -1).T
    return np.ascontiguousarray(w, np.float32), (weights[f"{bn}.bias"] - weights[f"{bn}.running_mean"] * scale)


def _conv3x3(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """3x3 convolution, padding 1, of NHWC `x` with a (C*9, O) matrix ordered as torch's (O, C, 3, 3)."""
    n, h, wd, c = x.shape
    patches = sliding_window_view(np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))), (3, 3), axis=(1, 2))
    return (patches.reshape(n * h * wd, c * 9) @ w).reshape(n, h, wd, -1)   # patches: (N, H, W, C, 3, 3)


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
        arch = DigitArch.from_dict(meta["arch"])
        weights = load_file(str(path))
        _check_shapes(weights, arch)
        return DigitClassifier(weights, arch, meta)
    except (OSError, ValueError, KeyError, TypeError, SafetensorError) as e:
        raise DigitModelError(f"{path}: unusable digit model ({str(e).splitlines()[0]})") from None


def _check_shapes(weights: dict[str, np.ndarray], arch: DigitArch) -> None:
    """The file holds the tensors of a DigitNet of `arch`, with their shapes (ValueError names the first not)."""
    widths = (1, *arch.widths)
    want: dict[str, tuple[int, ...]] = {}
    for i in range(4):
        o = widths[i + 1]
        want[f"features.{4 * i}.weight"] = (o, widths[i], 3, 3)
        for name in ("weight", "bias", "running_mean", "running_var"):
            want[f"features.{4 * i + 1}.{name}"] = (o,)
        want[f"features.{4 * i + 1}.num_batches_tracked"] = ()
    want.update({"head.2.weight": (arch.hidden, arch.widths[3] * 16), "head.2.bias": (arch.hidden,),
                 "head.4.weight": (N_CLASSES, arch.hidden), "head.4.bias": (N_CLASSES,)})
    have = {k: tuple(v.shape) for k, v in weights.items()}
    for k in sorted(set(want) | set(have)):
        if want.get(k) != have.get(k):
            raise ValueError(f"tensor {k}: {list(have[k]) if k in have else 'missing'}, expected "
                             f"{list(want[k]) if k in want else 'none'}")


def __getattr__(name: str):
    # The torch network (training builds and fine-tunes it) loads only when asked for.
    if name == "DigitNet":
        from .digit_net import DigitNet

        return DigitNet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=1)
def bundled() -> DigitClassifier:
    return load(MODEL_PATH)
