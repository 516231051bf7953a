"""TRM Puzzle Studio, the desktop app (PySide6). The engine (solver/, training/) computes; this draws."""

APP_NAME = "trm-puzzle-studio"
APP_TITLE = "TRM Puzzle Studio"
