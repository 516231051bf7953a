"""What a training run reports while it runs (StepInfo, EvalInfo, and the Callbacks that receive them),
and the names of the files it leaves in its folder. Torch-free: `trm --help`, the app's offer to resume a
run and the wizard's pages load without the trainer (training.trainer, which re-exports these)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = "state.pt"
BEST_MODEL = "best"


@dataclass
class StepInfo:
    step: int
    max_steps: int
    loss: float
    lm_loss: float
    halt_loss: float
    token_accuracy: float     # over the batch in flight, this step
    exact_accuracy: float     # whole grids right, this step
    lr: float
    seconds: float            # training time so far (this and earlier sessions of the run)
    eta_seconds: float | None


@dataclass
class EvalInfo:
    step: int
    exact_accuracy: float           # after all N_sup steps, EMA weights
    cell_accuracy: float
    exact_by_step: list[float]
    mean_halt_step: float
    seconds: float
    best: bool
    solved: list[bool] = field(default_factory=list)  # per validation puzzle, in order (per-level figures)


class Callbacks:
    """Override what you need; every method is called on the training thread."""

    def on_step(self, info: StepInfo) -> None: ...

    def on_eval(self, info: EvalInfo) -> None: ...

    def on_checkpoint(self, path: Path) -> None: ...

    def on_resume(self, step: int) -> None:
        """The saved run was restored; training goes on from `step`."""
