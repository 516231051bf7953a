"""The engine's solve path (torch, the network code) loaded once, in the background.

Importing torch takes seconds (about 3 s on an idle 2-core machine, far more on a loaded one), so the
window opens without it: `warm_up` starts loading it on a worker as soon as the window is up, and the
first Solve waits for it there, in its worker, showing "Loading the model" (solve_session). Nothing on
the GUI thread imports these modules: it would wait on the import lock, frozen.

An import holds the GIL, and the dynamic linker's work on torch's 400 MB library held it for seconds on
a loaded machine: the GUI thread stalled with it. So torch's libraries are first opened by a foreign
call, which runs without the GIL; the import then finds them loaded (measured on a loaded 2-core
machine, alternated: the GUI thread's longest wait during the load 1.6-2.0 s without, 0.74-0.92 s with;
its longest wait with nothing loading 0.2-0.26 s).
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
import threading

from .workers import Workers

_lock = threading.Lock()
_ready = threading.Event()


def ready() -> bool:
    return _ready.is_set()


# torch's own shared libraries, dependencies first (the Linux pip wheels)
TORCH_LIBRARIES = ("libgomp.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so", "libtorch_python.so")


def preload_libraries() -> None:
    """Open torch's shared libraries without holding the GIL (Linux; elsewhere the import does it all)."""
    if not sys.platform.startswith("linux") or "torch" in sys.modules:
        return
    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return
    folder = os.path.join(os.path.dirname(spec.origin), "lib")
    dl = ctypes.CDLL(None)   # calls through ctypes.CDLL release the GIL
    dl.dlopen.restype, dl.dlopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_int]
    for name in TORCH_LIBRARIES:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            dl.dlopen(path.encode(), os.RTLD_NOW)   # a failure is left to the import to report


def load() -> None:
    """Import the solve path (call on a worker). Threads that call it together wait for the one import."""
    with _lock:
        if _ready.is_set():
            return
        preload_libraries()
        import solver.solve  # noqa: F401 - loads torch, the network and the refinement

        _ready.set()


def warm_up(workers: Workers) -> None:
    """Start loading the solve path in the background (a failure is left for the first Solve to report)."""
    if not ready():
        workers.submit(lambda _job: load(), on_done=lambda _r: None, on_failed=lambda _m: None,
                       label="load the engine")
