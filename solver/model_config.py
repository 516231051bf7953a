"""The TRM's typed config, and its parameter count, without torch (`trm models` and the model registry
read sidecars without loading it; solver.model builds the network from this config)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Literal


def swiglu_width(width: int, expansion: float, multiple: int) -> int:
    """The SwiGLU's inner width: expansion * width * 2/3, rounded up to `multiple` (as the reference)."""
    return -(-round(expansion * width * 2 / 3) // multiple) * multiple


@dataclass(frozen=True)
class TRMConfig:
    vocab_size: int
    seq_len: int
    hidden_size: int = 512          # D
    num_layers: int = 2             # layers of the one network
    expansion: float = 4.0          # SwiGLU width factor
    ffn_multiple: int = 256         # SwiGLU width rounded up to this, as the reference does
    num_heads: int = 8
    mixer: Literal["mlp", "attention", "conv"] = "attention"
    conv_kernel: int = 3            # kernel side of the "conv" mixer (odd)
    T: int = 3                      # H_cycles: answer updates per supervision step
    n: int = 6                      # L_cycles: latent updates per answer update
    N_sup: int = 16                 # halt_max_steps: supervision steps
    puzzle_emb_len: int = 0         # positions prepended for a per-task puzzle embedding (ARC)
    num_puzzle_ids: int = 0         # rows of that embedding (0 with puzzle_emb_len 0)
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5

    def __post_init__(self) -> None:
        if self.mixer not in ("mlp", "attention", "conv"):
            raise ValueError(f"mixer must be 'mlp', 'attention' or 'conv', not {self.mixer!r}")
        if self.mixer == "conv":
            if math.isqrt(self.seq_len) ** 2 != self.seq_len:
                raise ValueError(f"the conv mixer needs a square grid; seq_len {self.seq_len} is not a square")
            if self.conv_kernel < 1 or self.conv_kernel % 2 == 0:
                raise ValueError("conv_kernel must be an odd number >= 1")
            if self.puzzle_emb_len > 1:
                raise ValueError("the conv mixer adds one puzzle-embedding vector to every cell "
                                 "(puzzle_emb_len must be 0 or 1)")
        if self.mixer == "attention" and self.hidden_size % self.num_heads:
            raise ValueError("hidden_size must be a multiple of num_heads")
        if self.puzzle_emb_len and self.num_puzzle_ids < 1:
            raise ValueError("a puzzle embedding needs num_puzzle_ids >= 1")
        if min(self.T, self.n, self.N_sup, self.num_layers) < 1:
            raise ValueError("T, n, N_sup and num_layers must be at least 1")

    @property
    def prefix_len(self) -> int:
        """Positions prepended for the puzzle embedding (the conv mixer adds it to every cell instead)."""
        return 0 if self.mixer == "conv" else self.puzzle_emb_len

    @property
    def total_len(self) -> int:
        return self.seq_len + self.prefix_len

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TRMConfig:
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown model settings: {', '.join(sorted(unknown))}")
        return cls(**d)

    # The paper's settings, for reference and for GPU runs.
    @classmethod
    def paper_sudoku(cls) -> TRMConfig:
        return cls(vocab_size=11, seq_len=81, hidden_size=512, mixer="mlp", T=3, n=6)

    @classmethod
    def paper_maze(cls) -> TRMConfig:
        return cls(vocab_size=6, seq_len=900, hidden_size=512, mixer="attention", T=3, n=4)

    @classmethod
    def paper_arc(cls, num_puzzle_ids: int) -> TRMConfig:
        return cls(vocab_size=12, seq_len=900, hidden_size=512, mixer="attention", T=3, n=4,
                   puzzle_emb_len=16, num_puzzle_ids=num_puzzle_ids)


def tensor_shapes(cfg: TRMConfig) -> dict[str, tuple[int, ...]]:
    """The names and shapes of TRM(cfg).state_dict(), by arithmetic: the registry checks a weights file's
    header against them without torch (a test holds them equal to the network's)."""
    D = cfg.hidden_size

    def swiglu(name: str, width: int) -> dict[str, tuple[int, ...]]:
        inner = swiglu_width(width, cfg.expansion, cfg.ffn_multiple)
        return {f"{name}.gate_up.weight": (2 * inner, width), f"{name}.down.weight": (width, inner)}

    shapes: dict[str, tuple[int, ...]] = {"y_init": (D,), "z_init": (D,), "embed.weight": (cfg.vocab_size, D)}
    if cfg.puzzle_emb_len:
        shapes["puzzle_emb.weight"] = (cfg.num_puzzle_ids, cfg.puzzle_emb_len * D)
    for i in range(cfg.num_layers):
        layer = f"net.layers.{i}"
        if cfg.mixer == "mlp":
            shapes.update(swiglu(f"{layer}.mix", cfg.total_len))
        elif cfg.mixer == "conv":
            shapes[f"{layer}.mix.weight"] = (D, 1, cfg.conv_kernel, cfg.conv_kernel)
        else:
            shapes.update({f"{layer}.mix.qkv.weight": (3 * D, D), f"{layer}.mix.out.weight": (D, D)})
        shapes.update(swiglu(f"{layer}.mlp", D))
    shapes.update({"lm_head.weight": (cfg.vocab_size, D), "halt_head.weight": (1, D), "halt_head.bias": (1,)})
    return shapes


BUFFERS = ("y_init", "z_init")   # saved with the weights, but fixed: not parameters


def parameter_count(cfg: TRMConfig) -> int:
    """What TRM(cfg).num_parameters() counts, by arithmetic (a test holds the two equal)."""
    return sum(math.prod(shape) for name, shape in tensor_shapes(cfg).items() if name not in BUFFERS)
