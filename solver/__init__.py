"""TRM Puzzle Studio engine: puzzles, the Tiny Recursive Model, refinement, verification. Qt-free."""
