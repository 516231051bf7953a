"""What a board shows of a solve: one Frame per refinement step, then the final answer.

Frames hold plain numpy arrays copied from the engine's RefineStep / SolveResult, so the GUI never
holds on to worker state."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the engine's solve path loads torch: the window opens first (trm_app.model_warmup)
    from solver.refine import RefineStep
    from solver.solve import SolveResult


@dataclass(frozen=True)
class Frame:
    label: str                          # "step 3, update 2" or "final answer"
    answer: np.ndarray
    confidence: np.ndarray | None = None
    changed: np.ndarray | None = None   # bool per cell: differs from the previous update
    halt_prob: float | None = None
    diff: np.ndarray | None = None      # bool per cell: the final answer differs from the network's here
    final: bool = False
    step: int | None = None


def frame_from_step(s: RefineStep) -> Frame:
    return Frame(f"step {s.step + 1}, update {s.cycle + 1}", np.array(s.answer), np.array(s.confidence),
                 np.array(s.changed, dtype=bool), float(s.halt_prob), step=s.step)


def final_frame(result: SolveResult) -> Frame | None:
    """The answer the solve ended with, and where it differs from the network's own answer."""
    if result.answer is None:
        return None
    answer = np.array(result.answer)
    diff = None
    net = result.network_answer
    if net is not None and np.shape(net) == answer.shape:
        diff = np.asarray(net) != answer
    elif net is not None:
        diff = np.ones(answer.shape, dtype=bool)  # another shape (ARC): every cell differs
    return Frame("final answer", answer, diff=diff, final=True)
