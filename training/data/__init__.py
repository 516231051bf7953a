"""Datasets: generated puzzles, the user's own files, ARC tasks, and augmentation."""
