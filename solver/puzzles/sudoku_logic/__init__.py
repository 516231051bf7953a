"""Solving Sudoku the way people do: named techniques, one step at a time, each checked against the
unique solution (a hint is never wrong). Qt-free.

    >>> from solver.puzzles.sudoku_logic import hint, explain, rate
    >>> hint(givens).step.explanation        # the next step for a person, on their grid
    >>> explain(givens).steps                # the whole logical solution
    >>> rate(givens).technique               # the hardest technique it needs

Modules: board (the grid and its candidates), step (Step, the techniques and their levels), singles,
intersections (pointing, claiming), subsets (naked and hidden pairs to quads), fish (X-Wing, Swordfish,
Jellyfish), wings (XY-Wing, XYZ-Wing), chains (simple colouring, X-chain), fallback (forcing
contradiction, trial and error), solver (the order, the checks, hints, explanations, ratings).
"""
from __future__ import annotations

from .board import Board, cell
from .solver import (Explanation, Hint, LogicError, LogicRating, WrongStep, explain, find_step, hint, rate,
                     rating_text, unique_solution)
from .step import FALLBACKS, TECHNIQUES, Step, Technique

__all__ = ["FALLBACKS", "TECHNIQUES", "Board", "Explanation", "Hint", "LogicError", "LogicRating", "Step",
           "Technique", "WrongStep", "cell", "explain", "find_step", "hint", "rate", "rating_text", "unique_solution"]
