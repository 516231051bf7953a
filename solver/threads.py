"""How many intra-op threads a network call uses: a policy chosen by measurement, and a user override.

Beside another CPU-bound program on 2 cores, torch's default (all cores, OpenMP threads that spin while
they wait) made a K=8 Sudoku solve many times slower (issue 25). `prepare()` (run when the `solver`
package is imported, before torch loads) makes waiting threads sleep, and `choose()` gives one thread to
small calls (where a second thread gains nothing) and all cores, up to MAX_THREADS, to large ones. Where
torch was loaded before `solver` with spinning threads, every call gets one thread. The figures behind
the policy: resources/models/README.md, "Speed beside other programs" (`trm bench --busy`).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

AUTO = None              # the policy picks (`--threads auto`, the app's "Automatic")
LARGE_TOKENS = 1000      # cells in one forward pass from which a call gets more than one thread
MAX_THREADS = 4          # never more: the bundled networks are small (measured on 2 cores only)
_passive: bool | None = None


def prepare() -> None:
    """Make OpenMP threads sleep while they wait (unless the user chose otherwise); effective only before
    torch is first imported, which is what the package's __init__ ensures for the engine's commands."""
    global _passive
    if _passive is not None:
        return
    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    _passive = "torch" not in sys.modules and os.environ["OMP_WAIT_POLICY"].upper() == "PASSIVE"


def passive() -> bool:
    """Whether waiting OpenMP threads sleep in this process (decided when torch loaded)."""
    prepare()
    return bool(_passive)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def tokens(cfg, options=None, batch: int | None = None) -> int:
    """Cells in one forward pass: the batch (`batch`, else ARC adaptation's or the ensemble's) times the
    sequence length."""
    if batch is None:
        adapting = options is not None and cfg.puzzle_emb_len and options.adapt.steps > 0
        batch = options.adapt.batch_size if adapting else options.ensemble if options is not None else 1
    return int(batch) * cfg.total_len


def choose(cfg, options=None, batch: int | None = None) -> int:
    """Threads for a call of a model with config `cfg` (SolveOptions `options`, or a `batch` size)."""
    if tokens(cfg, options, batch) < LARGE_TOKENS or not passive():
        return 1
    return max(1, min(cores(), MAX_THREADS))


def resolve_threads(threads: int | None, cfg, options=None, batch: int | None = None) -> int:
    return choose(cfg, options, batch) if threads is AUTO else max(1, int(threads))


def describe(threads: int | None, cfg, options=None, batch: int | None = None) -> str:
    n = resolve_threads(threads, cfg, options, batch)
    return f"{n} (auto)" if threads is AUTO else str(n)


@contextmanager
def use_threads(threads: int | None, cfg, options=None, batch: int | None = None) -> Iterator[int]:
    """Run the block with that many intra-op threads (AUTO: the policy's), then restore the old count."""
    import torch

    old = torch.get_num_threads()
    n = resolve_threads(threads, cfg, options, batch)
    if n != old:
        torch.set_num_threads(n)
    try:
        yield n
    finally:
        if n != old:
            torch.set_num_threads(old)
