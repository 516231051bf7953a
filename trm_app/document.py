"""The base of the editors' documents: state as immutable snapshots, every edit an undoable command."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack


def same_state(a: Any, b: Any) -> bool:
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(same_state(getattr(a, f.name), getattr(b, f.name))
                                          for f in dataclasses.fields(a))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and bool(np.array_equal(a, b))
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    return a == b


class SnapshotCommand(QUndoCommand):
    """Undo restores the state before, redo the state after. Redo on push is harmless when the edit
    was already applied live (a mouse stroke): restoring `after` again changes nothing."""

    def __init__(self, doc: Document, text: str, before: Any, after: Any):
        super().__init__(text)
        self.doc, self.before, self.after = doc, before, after

    def redo(self) -> None:
        self.doc.restore(self.after)

    def undo(self) -> None:
        self.doc.restore(self.before)


class Document(QObject):
    """Subclasses implement snapshot() and _apply(state); `changed` fires after every change."""

    changed = Signal()
    # A new puzzle replaced the old one (open, paste, generate): the editors reset view state.
    loaded = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.source = "<new>"
        self._stroke: Any = None

    def snapshot(self) -> Any:
        raise NotImplementedError

    def _apply(self, state: Any) -> None:
        raise NotImplementedError

    def restore(self, state: Any) -> None:
        self._apply(state)
        self.changed.emit()

    def edit(self, text: str, mutate: Callable[[], None]) -> bool:
        """Run `mutate` (which changes the state in place) as one undoable command; False if no change."""
        before = self.snapshot()
        mutate()
        after = self.snapshot()
        if same_state(before, after):
            self._apply(before)
            return False
        self.undo_stack.push(SnapshotCommand(self, text, before, after))
        return True

    # A mouse stroke: changes show live, and the whole drag is one command on release.
    def begin_stroke(self) -> None:
        self._stroke = self.snapshot()

    def in_stroke(self) -> bool:
        return self._stroke is not None

    def end_stroke(self, text: str) -> None:
        before, self._stroke = self._stroke, None
        if before is None:
            return
        after = self.snapshot()
        if not same_state(before, after):
            self.undo_stack.push(SnapshotCommand(self, text, before, after))
