"""Recipes that reproduce every bundled model: `python -m training.recipes.NAME`."""
