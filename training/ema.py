"""Exponential moving average of the weights, used for evaluation and for the saved model.

A plain 0.999 EMA from the first step lags a short CPU run badly (measured: 1% exact after 1,500 steps),
so the decay warms up as min(decay, (1 + t) / (10 + t)). A fine-tune starts from weights that are already
good, so its average starts at the full decay from them (`warmup=False`): with the warm-up, the average
of a 540-step fine-tune spanned only its last ~60 steps, and the bundled Sudoku model lost 8 points on
held-out hard puzzles; without it, nothing was lost (resources/models/README.md)."""
from __future__ import annotations

import copy

import torch
from torch import nn


class EMA:
    def __init__(self, model: nn.Module, decay: float, warmup: bool = True):
        self.decay = decay
        self.warmup = warmup
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.updates = 0

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        d = min(self.decay, (1 + self.updates) / (10 + self.updates)) if self.warmup else self.decay
        self.updates += 1
        for e, p in zip(self.model.parameters(), model.parameters()):
            e.lerp_(p.detach(), 1 - d)

    def state_dict(self) -> dict:
        return {"model": self.model.state_dict(), "updates": self.updates}

    def load_state_dict(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.updates = int(state["updates"])
