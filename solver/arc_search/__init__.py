"""Verified program search for ARC tasks: the ARC counterpart of the Sudoku search (Qt-free).

A small typed language of grid transformations (dsl, ops, learn), searched breadth-first by cost
(search). Only programs that reproduce every demonstration exactly are returned; two with distinct test
outputs are the two attempts.
"""
from .dsl import Program, Step
from .search import Found, SearchOptions, SearchResult, reproduces, search

__all__ = ["Program", "Step", "Found", "SearchOptions", "SearchResult", "reproduces", "search"]
