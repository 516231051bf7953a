"""The Tiny Recursive Model (Jolicoeur-Martineau, 2025), one readable file.

Symbols follow the paper: x the embedded puzzle, y the current answer (z_H in the reference code), z the
latent reasoning state (z_L). One tiny network `net` serves both updates:

    latent_recursion:  n times  z <- net(z, x + y)        then  y <- net(y, z)
    deep_recursion:    T cycles of latent_recursion, the first T-1 without gradients

and deep supervision runs deep_recursion up to N_sup times, the carry (y, z) detached in between.
The halting head reads position 0 of y and is trained (BCE) to say "the whole answer is correct".

Faithful to the reference implementation: post-norm RMSNorm without a learnable scale, SwiGLU, no biases,
token embedding scaled by sqrt(D), fixed (not learned) initial y and z, an lm_head not tied to the
embedding, halting bias -5 at init, and either attention with RoPE or the MLP-mixer ("mlp_t") whose token
mixing is normalised over positions. Deviation: the reference's unused "continue" Q-logit is dropped
(with no_ACT_continue it takes no part in the loss or the halting decision).

A third mixer, "conv", is ours (not the paper's): token mixing by a depthwise k x k convolution over the
square grid of positions, then the same channel SwiGLU (a ConvNeXt-like block). It costs a fraction of
attention over 900 cells on a CPU, its weights do not depend on the grid size (a model trained on small
canvases runs on large ones), and each application moves information k//2 cells, so the recursion
itself (T * (n + 1) * num_layers applications per supervision step) carries it across a maze. With
it the halting head reads the mean of y over positions, since position 0 sees only its neighbourhood,
and a puzzle embedding (ARC) is one D-vector per task added to every cell's embedding, since a prefix
of positions has no place on the grid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .model_config import TRMConfig, swiglu_width

__all__ = ["TRM", "TRMConfig", "StepOutput"]


def rms_norm(x: torch.Tensor, eps: float) -> torch.Tensor:
    """RMSNorm without a learnable scale, computed in float32 as the reference does."""
    dtype = x.dtype
    x = x.float()
    return (x * torch.rsqrt(x.square().mean(-1, keepdim=True) + eps)).to(dtype)


def _lecun_linear(fan_in: int, fan_out: int) -> nn.Linear:
    layer = nn.Linear(fan_in, fan_out, bias=False)
    nn.init.trunc_normal_(layer.weight, std=1.0 / math.sqrt(fan_in), a=-2.0 / math.sqrt(fan_in),
                          b=2.0 / math.sqrt(fan_in))
    return layer


class SwiGLU(nn.Module):
    def __init__(self, width: int, expansion: float, multiple: int):
        super().__init__()
        inter = swiglu_width(width, expansion, multiple)
        self.gate_up = _lecun_linear(width, 2 * inter)
        self.down = _lecun_linear(inter, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate, up = self.gate_up(x).chunk(2, dim=-1)
        return self.down(F.silu(gate) * up)


class RotaryEmbedding(nn.Module):
    def __init__(self, head_dim: int, length: int, theta: float):
        super().__init__()
        inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        freqs = torch.outer(torch.arange(length, dtype=torch.float32), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.register_buffer("cos", emb.cos(), persistent=False)
        self.register_buffer("sin", emb.sin(), persistent=False)

    @staticmethod
    def _rotate_half(x: torch.Tensor) -> torch.Tensor:
        a, b = x.chunk(2, dim=-1)
        return torch.cat((-b, a), dim=-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (B, heads, L, head_dim)
        return x * self.cos + self._rotate_half(x) * self.sin


class Attention(nn.Module):
    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.heads = cfg.num_heads
        self.head_dim = cfg.hidden_size // cfg.num_heads
        self.qkv = _lecun_linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.out = _lecun_linear(cfg.hidden_size, cfg.hidden_size)
        self.rope = RotaryEmbedding(self.head_dim, cfg.total_len, cfg.rope_theta)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, L, D = x.shape
        q, k, v = self.qkv(x).view(B, L, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k = self.rope(q), self.rope(k)
        y = F.scaled_dot_product_attention(q, k, v)  # non-causal: every cell sees every cell
        return self.out(y.transpose(1, 2).reshape(B, L, D))


class Block(nn.Module):
    """Post-norm: h <- norm(h + mix(h)); h <- norm(h + mlp(h))."""

    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.eps = cfg.norm_eps
        self.mixer = cfg.mixer
        if cfg.mixer == "mlp":
            self.mix = SwiGLU(cfg.total_len, cfg.expansion, cfg.ffn_multiple)
        elif cfg.mixer == "conv":
            D, k = cfg.hidden_size, cfg.conv_kernel
            self.mix = nn.Conv2d(D, D, k, padding=k // 2, groups=D, bias=False)
        else:
            self.mix = Attention(cfg)
        self.mlp = SwiGLU(cfg.hidden_size, cfg.expansion, cfg.ffn_multiple)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        if self.mixer == "mlp":
            # Token mixing over positions; as in the reference, the norm is taken while transposed,
            # i.e. over positions rather than over channels.
            t = h.transpose(1, 2)
            h = rms_norm(t + self.mix(t), self.eps).transpose(1, 2)
        elif self.mixer == "conv":
            B, L, D = h.shape
            side = math.isqrt(L)  # any square canvas: the weights do not fix the grid size
            g = h.transpose(1, 2).reshape(B, D, side, side)
            h = rms_norm(h + self.mix(g).reshape(B, D, L).transpose(1, 2), self.eps)
        else:
            h = rms_norm(h + self.mix(h), self.eps)
        return rms_norm(h + self.mlp(h), self.eps)


class Net(nn.Module):
    """The one tiny network: net(state, injection) = layers(state + injection)."""

    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.layers = nn.ModuleList(Block(cfg) for _ in range(cfg.num_layers))

    def forward(self, state: torch.Tensor, injection: torch.Tensor) -> torch.Tensor:
        h = state + injection
        for layer in self.layers:
            h = layer(h)
        return h


@dataclass
class StepOutput:
    y: torch.Tensor            # carry for the next supervision step (detached)
    z: torch.Tensor
    logits: torch.Tensor       # (B, seq_len, vocab)
    halt_logit: torch.Tensor   # (B,)


class TRM(nn.Module):
    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.cfg = cfg
        D = cfg.hidden_size
        self.embed_scale = math.sqrt(D)
        self.embed = nn.Embedding(cfg.vocab_size, D)
        nn.init.trunc_normal_(self.embed.weight, std=1.0 / self.embed_scale, a=-2.0 / self.embed_scale,
                              b=2.0 / self.embed_scale)
        if cfg.puzzle_emb_len:
            # One learned prefix of puzzle_emb_len x D per task, zero at init (the reference's sparse emb).
            self.puzzle_emb = nn.Embedding(cfg.num_puzzle_ids, cfg.puzzle_emb_len * D)
            nn.init.zeros_(self.puzzle_emb.weight)
        self.net = Net(cfg)
        self.lm_head = _lecun_linear(D, cfg.vocab_size)
        self.halt_head = nn.Linear(D, 1)
        nn.init.zeros_(self.halt_head.weight)
        nn.init.constant_(self.halt_head.bias, -5.0)
        # Fixed initial y and z: drawn once, saved with the weights, never trained.
        self.register_buffer("y_init", nn.init.trunc_normal_(torch.empty(D), std=1.0, a=-2.0, b=2.0))
        self.register_buffer("z_init", nn.init.trunc_normal_(torch.empty(D), std=1.0, a=-2.0, b=2.0))

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def embed_input(self, tokens: torch.Tensor, puzzle_ids: torch.Tensor | None = None) -> torch.Tensor:
        """x: (B, P + L, D) from tokens (B, L) and, with a puzzle embedding, puzzle_ids (B,)."""
        x = self.embed(tokens)
        if self.cfg.puzzle_emb_len:
            if puzzle_ids is None:
                puzzle_ids = torch.zeros(tokens.shape[0], dtype=torch.long, device=tokens.device)
            prefix = self.puzzle_emb(puzzle_ids).view(-1, self.cfg.puzzle_emb_len, self.cfg.hidden_size)
            x = x + prefix if self.cfg.mixer == "conv" else torch.cat((prefix, x), dim=1)
        return self.embed_scale * x

    def initial_carry(self, batch: int, length: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """y and z for `batch` samples of `length` positions (default: the config's; the conv mixer
        runs on any square canvas)."""
        L = length or self.cfg.total_len
        return (self.y_init.expand(batch, L, -1).clone(), self.z_init.expand(batch, L, -1).clone())

    def latent_recursion(self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor
                         ) -> tuple[torch.Tensor, torch.Tensor]:
        """One answer update: z refined n times from (x + y), then y from z."""
        for _ in range(self.cfg.n):
            z = self.net(z, x + y)
        y = self.net(y, z)
        return y, z

    def heads(self, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Answer logits for the grid positions and the halting logit from position 0."""
        logits = self.lm_head(y[:, self.cfg.prefix_len:])
        summary = y.mean(1) if self.cfg.mixer == "conv" else y[:, 0]
        return logits, self.halt_head(summary).squeeze(-1)

    def forward(self, tokens: torch.Tensor, puzzle_ids: torch.Tensor | None, y: torch.Tensor,
                z: torch.Tensor) -> StepOutput:
        """One supervision step (deep_recursion): T-1 cycles without gradients, the last one with."""
        x = self.embed_input(tokens, puzzle_ids)
        with torch.no_grad():
            for _ in range(self.cfg.T - 1):
                y, z = self.latent_recursion(x, y, z)
        y, z = self.latent_recursion(x, y, z)
        logits, halt = self.heads(y)
        return StepOutput(y.detach(), z.detach(), logits, halt)
