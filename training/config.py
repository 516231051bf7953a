"""The one typed configuration that drives a training run, from `trm train` and the wizard alike."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from solver.model_config import TRMConfig


@dataclass(frozen=True)
class TrainConfig:
    kind: str
    model: TRMConfig
    batch_size: int = 64                 # global batch (split across processes under torchrun)
    lr: float = 1e-3
    warmup_steps: int = 200              # linear warm-up, then constant (the reference's schedule)
    # None: constant after warm-up. A step: from there a cosine decay to lr * lr_floor at max_steps, to
    # settle a long constant-rate run at its end (the recipes that set it say what it gained).
    decay_from: int | None = None
    lr_floor: float = 0.05
    weight_decay: float = 0.1
    beta1: float = 0.9
    beta2: float = 0.95
    grad_clip: float = 1.0
    ema_decay: float = 0.999             # reached after the EMA warm-up (1+t)/(10+t)
    loss: Literal["softmax", "stablemax"] = "softmax"
    halt_loss_weight: float = 0.5
    halt_exploration: float = 0.1        # chance that a sample must run a random minimum of steps
    # True: the reference's ACT loop, a sample leaves the batch when it halts and a new one takes its place.
    # False: the plain N_sup loop, the whole batch runs N_sup steps and is then replaced.
    replace_halted: bool = True
    augment: bool = True
    max_steps: int = 10_000              # optimizer steps (one per supervision step)
    max_minutes: float | None = None
    eval_every: int = 500
    eval_limit: int = 512                # validation puzzles per evaluation
    checkpoint_every: int = 200
    seed: int = 0
    device: str = "cpu"
    extra: dict = field(default_factory=dict)  # free-form notes carried into the model's sidecar

    def to_dict(self) -> dict:
        d = asdict(self)
        d["model"] = self.model.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        d = dict(d)
        d["model"] = TRMConfig.from_dict(d["model"])
        return cls(**d)

    def with_(self, **changes) -> TrainConfig:
        return replace(self, **changes)
