"""TRM Puzzle Studio engine: puzzles, the Tiny Recursive Model, refinement, verification. Qt-free."""
from . import threads as _threads

_threads.prepare()  # before torch loads: OpenMP threads that wait sleep instead of spinning (solver.threads)
