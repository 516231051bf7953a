"""Model files: safetensors weights plus a JSON sidecar, and the registry of bundled and user models.

A model is two files, NAME.safetensors and NAME.json. The sidecar holds the format version, the kind, the
network config, the training recipe, a data summary and the measured accuracy. Weights are never read
with pickle: a file the user picked can hold tensors and nothing else.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from safetensors import SafetensorError, safe_open

from .model_config import TRMConfig, parameter_count, tensor_shapes
from .puzzles import KIND_NAMES, get_kind
from .resources import MODELS, resource_path
if TYPE_CHECKING:
    from .model import TRM
from .sidecar import (MAX_PARAMETERS, SidecarError, check_arc_tasks, check_config, check_fields, check_inference,
                      check_value, read_json_bounded)

FORMAT_VERSION = 1
PUZZLE_KINDS = KIND_NAMES + (None,)  # None: unreadable sidecar, listed as a problem
BUNDLED_DIR = resource_path(MODELS)
APP_NAME = "trm-puzzle-studio"


class ModelFileError(ValueError):
    """A model file that cannot be used, said plainly (named file, reason)."""


@dataclass
class ModelInfo:
    name: str
    kind: str
    config: TRMConfig
    path: Path                      # the .safetensors file
    bundled: bool
    meta: dict = field(default_factory=dict)   # recipe, data summary, accuracy, ...

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")


def bundled_models_dir() -> Path:
    """Where the registry looks for bundled TRMs; TRM_BUNDLED_MODELS overrides it (tests that must not
    depend on which models happen to be bundled point it at an empty folder)."""
    override = os.environ.get("TRM_BUNDLED_MODELS")
    return Path(override) if override else BUNDLED_DIR


def user_models_dir() -> Path:
    override = os.environ.get("TRM_USER_MODELS")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME)) / "models"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write, fsync, rename: a crash leaves the old file or the new one, never half of one; on an error
    (a full disk) the temporary file is removed and the old file is as it was."""
    tmp = _write_pending(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _pending(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _write_pending(path: Path, data: bytes) -> Path:
    """The bytes, synced to disk under the temporary name beside `path` (returned), for a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _pending(path)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def save_model(model: TRM, path: str | Path, kind: str, meta: dict | None = None) -> Path:
    """The weights and their sidecar as one change: the new sidecar (holding the weights' digest) is
    synced first under its temporary name, the weights are renamed into place, then the sidecar. A kill
    between the two renames leaves the new weights beside their pending sidecar, which read_info puts in
    place (see _finish_save), so a reader finds the old model or the new one, never a mix or half a file."""
    path = Path(path).with_suffix(".safetensors")
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    from safetensors.torch import save  # torch loads with the first model used, not with the registry

    weights = save(tensors, metadata={"format_version": str(FORMAT_VERSION), "kind": kind})
    sidecar = {"format_version": FORMAT_VERSION, "kind": kind, "config": model.cfg.to_dict(),
               **(meta or {}), "weights_sha256": hashlib.sha256(weights).hexdigest()}
    side = path.with_suffix(".json")
    pending = _write_pending(side, json.dumps(sidecar, indent=2).encode())
    try:
        atomic_write_bytes(path, weights)
    except BaseException:
        _finish_save(path, side)          # interrupted after the weights' rename: their sidecar too
        pending.unlink(missing_ok=True)   # or before it: the old model stays as it was
        raise
    os.replace(pending, side)
    return path


def _finish_save(path: Path, side: Path) -> None:
    """A save killed between its two renames: the pending sidecar goes in place if it describes the
    weights now there (by their digest); otherwise the weights are the old ones, and it is left alone."""
    pending = _pending(side)
    if not pending.exists():
        return
    try:
        meta = read_json_bounded(pending)
        if isinstance(meta, dict) and meta.get("weights_sha256") == hashlib.sha256(path.read_bytes()).hexdigest():
            os.replace(pending, side)
    except (OSError, SidecarError):
        return


def read_info(path: str | Path, bundled: bool = False) -> ModelInfo:
    """The sidecar of a model file, checked; raises ModelFileError with the reason."""
    path = Path(path)
    if path.suffix == ".json":
        path = path.with_suffix(".safetensors")
    if path.suffix != ".safetensors":
        raise ModelFileError(f"{path}: model files are .safetensors (with a .json beside them); "
                             "pickled .pt/.pth/.ckpt files are refused because loading them can run code")
    if not path.exists():
        raise ModelFileError(f"{path}: no such model file")
    side = path.with_suffix(".json")
    _finish_save(path, side)
    if not side.exists():
        raise ModelFileError(f"{path}: its description {side.name} is missing")
    try:
        meta = read_json_bounded(side)
        kind, cfg, rest = _checked(meta)
    except SidecarError as e:
        raise ModelFileError(f"{side}: {e}") from None
    except OSError as e:
        raise ModelFileError(f"{side}: cannot be read ({e.strerror or e})") from None
    return ModelInfo(path.stem, kind, cfg, path, bundled, rest)


def _checked(meta) -> tuple[str, TRMConfig, dict]:
    """The sidecar's kind, config and the rest, every field checked before anything is built."""
    if not isinstance(meta, dict) or "config" not in meta or "kind" not in meta:
        raise SidecarError("not a TRM model description (no kind or config)")
    version = meta.get("format_version", FORMAT_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise SidecarError(f"format version {version} is newer than this app reads ({FORMAT_VERSION}); "
                           "update TRM Puzzle Studio")
    check_value("format_version", version, (int, 0, FORMAT_VERSION))
    kind = meta["kind"]
    if kind not in PUZZLE_KINDS[:-1]:
        raise SidecarError(f"kind must be one of {', '.join(PUZZLE_KINDS[:-1])}, not "
                           f"{json.dumps(kind)[:40]}")
    settings = check_config(meta["config"], get_kind(kind))
    try:
        cfg = TRMConfig(**settings)
    except ValueError as e:   # the config's own rules (an odd kernel, heads that divide the width, ...)
        raise SidecarError(f"bad model settings ({e})") from None
    size = parameter_count(cfg)   # arithmetic: listing models needs no torch, and allocates nothing
    if size > MAX_PARAMETERS:
        raise SidecarError(f"config describes {size:,} parameters (limit {MAX_PARAMETERS:,})")
    if "inference" in meta:
        check_inference(meta["inference"])
    if "arc_tasks" in meta:
        check_arc_tasks(meta["arc_tasks"], cfg.num_puzzle_ids)
    validation = meta.get("validation", {})
    if validation is not None:
        check_fields("validation", validation, {"exact_accuracy": (float, 0, 1)}, known_only=False)
    return kind, cfg, {k: v for k, v in meta.items() if k not in ("config", "kind")}


def load_model(info: ModelInfo | str | Path, kind: str | None = None, device: str = "cpu") -> tuple[TRM, ModelInfo]:
    """Build the network from the sidecar and fill it from the safetensors file."""
    if not isinstance(info, ModelInfo):
        info = read_info(info)
    if kind is not None and info.kind != kind:
        raise ModelFileError(f"{info.path}: a {info.kind} model cannot solve {kind} puzzles")
    from safetensors.torch import load_file

    from .model import TRM

    check_weights(info)
    try:
        tensors = load_file(str(info.path), device=device)
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelFileError(f"{info.path}: damaged or not a safetensors file ({e})") from None
    model = TRM(info.config).to(device)
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as e:
        first = str(e).splitlines()[0]
        raise ModelFileError(f"{info.path}: weights do not match its description ({first})") from None
    model.eval()
    return model, info


def check_weights(info: ModelInfo) -> None:
    """The file's tensors, from its header alone, are those its description builds (names and shapes),
    before anything is allocated; raises ModelFileError."""
    want = tensor_shapes(info.config)
    try:
        with safe_open(str(info.path), framework="numpy") as f:
            have = {k: tuple(f.get_slice(k).get_shape()) for k in f.keys()}
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelFileError(f"{info.path}: damaged or not a safetensors file ({e})") from None
    for k in sorted(set(want) | set(have)):
        if want.get(k) != have.get(k):
            what = ("missing" if k not in have else "unexpected" if k not in want
                    else f"{list(have[k])}, its description says {list(want[k])}")
            raise ModelFileError(f"{info.path}: weights do not match its description (tensor {k}: {what})")


def list_models(kind: str | None = None) -> list[ModelInfo]:
    """Bundled models first, then the user's; unreadable files are skipped (see `problems`)."""
    return [m for m in _scan()[0] if kind is None or m.kind == kind]


def problems() -> list[str]:
    return _scan()[1]


def _scan() -> tuple[list[ModelInfo], list[str]]:
    found, bad = [], []
    for folder, bundled in ((bundled_models_dir(), True), (user_models_dir(), False)):
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.safetensors")):
            if _sidecar_kind(p) not in PUZZLE_KINDS:
                continue  # other networks live beside the TRMs (the photo reader's digit classifier)
            try:
                info = read_info(p, bundled)
                check_weights(info)   # the header only: a model listed is one that loads
                found.append(info)
            except ModelFileError as e:
                bad.append(str(e))
    return found, bad


def _sidecar_kind(path: Path) -> str | None:
    """The sidecar's kind without validating the rest; None when unreadable (then reported)."""
    try:
        meta = read_json_bounded(path.with_suffix(".json"))
    except (OSError, SidecarError):
        return None
    kind = meta.get("kind") if isinstance(meta, dict) else None
    return kind if isinstance(kind, str) else None


def resolve(name_or_path: str | None, kind: str) -> ModelInfo | None:
    """A model by name (user models shadow bundled ones of the same name) or path; None when no
    model of the kind exists and none was asked for."""
    if name_or_path:
        p = Path(name_or_path)
        if p.suffix in (".safetensors", ".json", ".pt", ".pth", ".ckpt", ".bin") or p.exists():
            info = read_info(p)
            if info.kind != kind:
                raise ModelFileError(f"{p}: a {info.kind} model cannot solve {kind} puzzles")
            return info
        matches = [m for m in list_models() if m.name == name_or_path]
        if not matches:
            names = ", ".join(m.name for m in list_models(kind)) or "none"
            raise ModelFileError(f"no model named {name_or_path!r} (models for {kind}: {names})")
        info = matches[-1]
        if info.kind != kind:
            raise ModelFileError(f"model {info.name!r} is for {info.kind}, not {kind}")
        return info
    candidates = list_models(kind)
    if not candidates:
        return None
    by_name = {m.name: m for m in candidates}
    return by_name.get(kind, candidates[0])


def torch_load_state(path: Path) -> dict:
    """Training state (optimizer moments, step counters): our own files, read with weights_only so that
    even a swapped file cannot run code."""
    import torch

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # torch's notes on pickle protocols: the error below says it
            state = torch.load(path, map_location="cpu", weights_only=True)
    except (RuntimeError, OSError, EOFError, ValueError, IndexError, KeyError, pickle.UnpicklingError) as e:
        first = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
        raise ModelFileError(f"{path}: damaged training checkpoint ({first})") from None
    if not isinstance(state, dict):
        raise ModelFileError(f"{path}: not a training state of this app")
    return state
