"""Cross-entropy variants of the reference: softmax, and stablemax (Prieto et al., 2025), which the
reference uses for Sudoku-Extreme to avoid softmax collapse on small data."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from solver.arc_adapt import IGNORE  # one label-ignore value for the engine and training


def _log_stablemax(x: torch.Tensor) -> torch.Tensor:
    s = torch.where(x < 0, 1 / (1 - x), x + 1)
    return torch.log(s / s.sum(dim=-1, keepdim=True))


def token_losses(logits: torch.Tensor, labels: torch.Tensor, kind: str) -> torch.Tensor:
    """Per-sample mean token loss, (B,). Labels equal to IGNORE take no part."""
    mask = labels != IGNORE
    if kind == "stablemax":
        logp = _log_stablemax(logits.double())
        safe = torch.where(mask, labels, 0)
        per_token = -logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1).to(logits.dtype) * mask
    else:
        per_token = F.cross_entropy(logits.transpose(1, 2).float(), labels, ignore_index=IGNORE,
                                    reduction="none")
    return per_token.sum(-1) / mask.sum(-1).clamp_min(1)


def sequence_correct(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """(B,) bool: every labelled token predicted exactly, the halting head's target."""
    mask = labels != IGNORE
    return ((logits.argmax(-1) == labels) | ~mask).all(-1)
