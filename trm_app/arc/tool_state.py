"""The ARC output editor's tool state (not part of the task, so not undone): tool, colour, selection,
the copied block, and whether symbol numbers are shown."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

TOOLS = ("edit", "select", "fill")


class ArcToolState(QObject):
    changed = Signal()
    colourPicked = Signal(int)   # a colour chosen by the person (palette or key), not just set

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tool = "edit"
        self.colour = 1
        self.show_numbers = False
        self.selection: tuple[int, int, int, int] | None = None   # top, left, bottom, right (inclusive)
        self.clipboard: np.ndarray | None = None

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}")
        self.tool = tool
        if tool != "select":
            self.selection = None
        self.changed.emit()

    def set_colour(self, colour: int) -> None:
        self.colour = int(colour)
        self.changed.emit()

    def pick_colour(self, colour: int) -> None:
        self.set_colour(colour)
        self.colourPicked.emit(int(colour))

    def set_show_numbers(self, on: bool) -> None:
        self.show_numbers = on
        self.changed.emit()

    def set_selection(self, rect: tuple[int, int, int, int] | None) -> None:
        self.selection = rect
        self.changed.emit()

    def set_clipboard(self, block: np.ndarray | None) -> None:
        self.clipboard = None if block is None else block.copy()
        self.changed.emit()
