"""The attempts of an ARC solve: each attempt's grid, where it came from in words (a program of the
search, "flip left-right, then recolour 3 -> 4", or the network with its votes), and which one answered.
The words come from the engine's SolveResult; this widget only lays them out."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ..solve_session import SolveOutcome, SolveSession
from .document import ArcDocument
from .grid_view import ArcGridView


class ArcAttemptsView(QWidget):
    def __init__(self, doc: ArcDocument, session: SolveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.session = doc, session
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        self._widgets: list[QWidget] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addLayout(self.rows)
        session.finished.connect(self._show)
        session.started.connect(self._clear)
        session.cleared.connect(self._clear)
        self._clear()

    def lines(self) -> list[str]:
        """The attempts' lines as shown (for tests and screen readers)."""
        return [w.text() for w in self._widgets if isinstance(w, QLabel)]

    def _clear(self) -> None:
        for w in self._widgets:
            self.rows.removeWidget(w)
            w.deleteLater()
        self._widgets = []
        self.heading.setText("")
        self.setVisible(False)

    def _show(self, outcome: SolveOutcome) -> None:
        self._clear()
        r = outcome.result
        if r.kind != "arc" or not r.attempts:
            return
        answered = r.answer_index
        if r.programs:
            found = sum(p is not None for p in r.programs)
            self.heading.setText(f"<b>Attempts</b> — the program search found {found} "
                                 f"program{'s' if found != 1 else ''} that reproduce{'s' if found == 1 else ''} "
                                 f"every demonstration")
        else:
            self.heading.setText("<b>Attempts</b> — no program of the search reproduces the demonstrations; "
                                 "the network's vote")
        for k, grid in enumerate(r.attempts):
            view = ArcGridView(self.doc, which=lambda _d, g=np.array(grid): g, parent=self)
            view.setFixedSize(72, 72)
            mark = ""
            if k == answered:
                mark = " — <b>the answer</b>" + (", matches the expected output" if r.verified else "")
            label = QLabel(f"{k + 1}. {r.attempt_source(k)}{mark}", self)
            label.setWordWrap(True)
            self.rows.addWidget(view, k, 0)
            self.rows.addWidget(label, k, 1)
            self._widgets += [view, label]
        self.setVisible(True)
