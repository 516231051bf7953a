"""TRM Puzzle Studio's bundled read-only files (models/, samples/, icons/) as package data.

This file only makes the folder a package, so that a wheel installs it beside solver/; code finds the
files with solver.resources, never by importing this package. photos/ (test fixtures) is not packaged.
"""
