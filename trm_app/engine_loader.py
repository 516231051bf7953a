"""The engine's solve path (torch, the network code) loaded once, in the background.

Importing torch takes seconds (about 3 s on an idle 2-core machine, far more on a loaded one), so the
window opens without it: `warm_up` starts loading it on a worker as soon as the window is up, and the
first Solve waits for it there, in its worker, showing "Loading the model" (solve_session). Nothing on
the GUI thread imports these modules: it would wait on the import lock, frozen.
"""
from __future__ import annotations

import threading

from .workers import Workers

_lock = threading.Lock()
_ready = threading.Event()


def ready() -> bool:
    return _ready.is_set()


def load() -> None:
    """Import the solve path (call on a worker). Threads that call it together wait for the one import."""
    with _lock:
        if _ready.is_set():
            return
        import solver.solve  # noqa: F401 - loads torch, the network and the refinement

        _ready.set()


def warm_up(workers: Workers) -> None:
    """Start loading the solve path in the background (a failure is left for the first Solve to report)."""
    if not ready():
        workers.submit(lambda _job: load(), on_done=lambda _r: None, on_failed=lambda _m: None,
                       label="load the engine")
