"""Reading a model's JSON sidecar without trusting it: every field checked for its type and a sane range
before anything is built from it.

A sidecar sits in a folder the user controls (or came with a file they downloaded), so it may be damaged
or made to hurt: deeply nested JSON, a 5,000-digit number, a string where a number belongs, a zero that
is later divided by, a width that asks for terabytes, a recursion count that runs for hours. Each is
refused here with a message naming the file and the field. The limits are far above every recipe's
(resources/models: D <= 128, T <= 3, n <= 6, N_sup <= 16, ensemble <= 8) and far below what would freeze
a desktop machine.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

MAX_SIDECAR_BYTES = 4 * 1024 * 1024     # the bundled ones are under 10 KB
MAX_JSON_DEPTH = 32                     # the bundled ones nest 4 deep
MIXERS = ("mlp", "attention", "conv")
MAX_PARAMETERS = 64_000_000             # the paper's Sudoku model has 5M; 64M is 256 MB of float32

# (type, low, high) for every TRMConfig field; high None: no bound beyond the type's.
CONFIG_FIELDS: dict[str, tuple[type, float | None, float | None]] = {
    "vocab_size": (int, 2, 4096), "seq_len": (int, 1, 4096), "hidden_size": (int, 1, 2048),
    "num_layers": (int, 1, 16), "expansion": (float, 0.0625, 16), "ffn_multiple": (int, 1, 4096),
    "num_heads": (int, 1, 64), "conv_kernel": (int, 1, 31), "T": (int, 1, 16), "n": (int, 1, 32),
    "N_sup": (int, 1, 64), "puzzle_emb_len": (int, 0, 64), "num_puzzle_ids": (int, 0, 1_000_000),
    "rope_theta": (float, 1.0, 1e9), "norm_eps": (float, 1e-12, 1.0),
}
INFERENCE_FIELDS: dict[str, tuple[type, float | None, float | None]] = {
    "ensemble": (int, 1, 32), "rounds": (int, 1, 8), "max_steps": (int, 1, 256), "adapt_steps": (int, 1, 100_000),
    "adapt_minutes": (float, 0.001, 24 * 60), "augmentations": (int, 1, 64),
    "fine_tune_lr": (float, 0.0, 1.0), "recolour": (float, 0.0, 1.0), "task_canvas": (bool, None, None),
    "why": (str, None, None),
}
ARC_TASK_FIELDS: dict[str, tuple[type, float | None, float | None]] = {
    "key": (str, None, None), "first_row": (int, 0, 1_000_000), "augmentation_seed": (int, -2**63, 2**63 - 1),
    "augmentations": (int, 1, 64),
}


class SidecarError(ValueError):
    """What is wrong with a sidecar, without the file's name (the caller adds it)."""


def read_json_bounded(path: Path, max_bytes: int = MAX_SIDECAR_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """A JSON file of at most `max_bytes`, nested at most `max_depth` deep; raises SidecarError (and
    OSError when the file cannot be read)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SidecarError(f"{size:,} bytes is too large for a model description (limit {max_bytes:,})")
    raw = path.read_bytes()
    depth = _nesting(raw)
    if depth > max_depth:
        raise SidecarError(f"JSON nested {depth} deep (limit {max_depth})")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise SidecarError(f"not UTF-8 text (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise SidecarError(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except (ValueError, RecursionError) as e:   # e.g. Python's limit on digits of an integer
        raise SidecarError(f"not a usable JSON value ({str(e).splitlines()[0][:120]})") from None


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def _nesting(raw: bytes) -> int:
    """The deepest bracket nesting, counted outside strings, before the parser recurses into it."""
    bare = np.frombuffer(_STRING.sub(b'""', raw), dtype=np.uint8)
    steps = np.isin(bare, (0x5B, 0x7B)).astype(np.int64) - np.isin(bare, (0x5D, 0x7D))
    return int(np.cumsum(steps).max(initial=0))


def check_value(where: str, value, spec: tuple[type, float | None, float | None]):
    """`value` as the spec's type (an int is a float too; a bool is never a number), in range."""
    typ, low, high = spec
    if typ is bool:
        if not isinstance(value, bool):
            raise SidecarError(f"{where} must be true or false, not {_show(value)}")
        return value
    if typ is str:
        if not isinstance(value, str):
            raise SidecarError(f"{where} must be text, not {_show(value)}")
        return value
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ is int and not (numeric and isinstance(value, int)):
        raise SidecarError(f"{where} must be a whole number, not {_show(value)}")
    if typ is float and not (numeric and (isinstance(value, int) or math.isfinite(value))):
        raise SidecarError(f"{where} must be a finite number, not {_show(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise SidecarError(f"{where} is {_show(value)}; it must be between {low:g} and {high:g}")
    return typ(value)


def _show(value) -> str:
    text = json.dumps(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return text if len(text) <= 40 else text[:37] + "..."


def check_fields(where: str, d, spec: dict, required: tuple[str, ...] = (), known_only: bool = True) -> dict:
    if not isinstance(d, dict):
        raise SidecarError(f"{where} must be an object, not {_show(d)}")
    unknown = sorted(set(d) - set(spec))
    if known_only and unknown:
        raise SidecarError(f"{where} has unknown settings: {', '.join(unknown)[:200]}")
    missing = [k for k in required if k not in d]
    if missing:
        raise SidecarError(f"{where} lacks {', '.join(missing)}")
    return {k: check_value(f"{where}.{k}", v, spec[k]) for k, v in d.items() if k in spec}


def check_config(d, kind) -> dict:
    """A TRMConfig's fields, checked, and checked against the puzzle kind it solves (`kind`: a
    PuzzleKind); returns the arguments of TRMConfig."""
    spec = {**CONFIG_FIELDS, "mixer": (str, None, None)}
    required = ("vocab_size", "seq_len")
    cfg = check_fields("config", d, spec, required)
    if cfg.get("mixer", "attention") not in MIXERS:
        raise SidecarError(f"config.mixer must be one of {', '.join(MIXERS)}, not {_show(cfg['mixer'])}")
    if cfg["vocab_size"] != kind.vocab_size:
        raise SidecarError(f"config.vocab_size is {cfg['vocab_size']}; {kind.name} models have "
                           f"{kind.vocab_size}")
    if cfg.get("mixer") == "conv":   # trained on smaller square canvases, runs on any (solver.model)
        if cfg["seq_len"] > kind.seq_len:
            raise SidecarError(f"config.seq_len is {cfg['seq_len']}; {kind.name} canvases have at most "
                               f"{kind.seq_len} cells")
    elif cfg["seq_len"] != kind.seq_len:
        raise SidecarError(f"config.seq_len is {cfg['seq_len']}; {kind.name} models have {kind.seq_len}")
    return cfg


def check_inference(d) -> dict:
    return check_fields("inference", d, INFERENCE_FIELDS)


def check_arc_tasks(tasks, num_puzzle_ids: int) -> list:
    if not isinstance(tasks, list):
        raise SidecarError(f"arc_tasks must be a list, not {_show(tasks)}")
    for i, t in enumerate(tasks):
        t = check_fields(f"arc_tasks[{i}]", t, ARC_TASK_FIELDS, tuple(ARC_TASK_FIELDS), known_only=False)
        if t["first_row"] + t["augmentations"] > num_puzzle_ids:
            raise SidecarError(f"arc_tasks[{i}] uses puzzle-embedding rows past the model's "
                               f"{num_puzzle_ids}")
    return tasks
