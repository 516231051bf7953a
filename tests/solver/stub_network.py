"""A stand-in for TRM whose answer is a known function of each copy's own input tokens, so a test can say
exactly what the solver must show after mapping copies back (the ensemble, the ARC vote)."""
from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
import torch

# tokens (L,) -> (answer tokens (L,), logit margin per token (L,)): softmax confidence grows with the margin.
Answer = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


class StubNetwork(torch.nn.Module):
    """The TRM methods the refinement loop calls; the carry y is the input tokens themselves, so the
    answer heads see each copy's input. The halting head says 0.5 (never 'done')."""

    def __init__(self, answer: Answer, vocab_size: int, N_sup: int = 2):
        super().__init__()
        self.cfg = SimpleNamespace(T=1, n=1, N_sup=N_sup, prefix_len=0, puzzle_emb_len=0, mixer="mlp")
        self.answer, self.vocab_size = answer, vocab_size
        self.anchor = torch.nn.Parameter(torch.zeros(1))  # refine finds the device from a parameter

    def embed_input(self, tokens: torch.Tensor, puzzle_ids: torch.Tensor | None = None) -> torch.Tensor:
        return tokens.unsqueeze(-1).float()

    def initial_carry(self, batch: int, length: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.zeros(batch, length or 1, 1), torch.zeros(batch, length or 1, 1)

    def latent_recursion(self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor
                         ) -> tuple[torch.Tensor, torch.Tensor]:
        return x, z

    def heads(self, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        tokens = y[..., 0].long().numpy()
        logits = torch.zeros(*tokens.shape, self.vocab_size)
        for b, row in enumerate(tokens):
            out, margin = self.answer(row)
            logits[b, np.arange(len(row)), torch.as_tensor(out)] = torch.as_tensor(margin, dtype=torch.float32)
        return logits, torch.zeros(tokens.shape[0])


def confidence(margin: float, vocab_size: int) -> float:
    """The softmax probability of the answer token at this margin over the others (all at 0)."""
    return float(np.exp(margin) / (np.exp(margin) + vocab_size - 1))
