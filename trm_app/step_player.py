"""Play, pause, step and scrub through a solve's frames; choose the playback speed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QVBoxLayout, QWidget

from .solve_session import SPEEDS, SolveSession


class StepPlayer(QWidget):
    def __init__(self, session: SolveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        st = self.style()

        def button(icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
            b = QToolButton(self)
            b.setIcon(st.standardIcon(icon))
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            return b

        self.first = button(QStyle.StandardPixmap.SP_MediaSkipBackward, "First step",
                            lambda: (session.pause(), session.seek(0)))
        self.back = button(QStyle.StandardPixmap.SP_MediaSeekBackward, "Step back (Alt+Left)",
                           lambda: session.step_by(-1))
        self.play = button(QStyle.StandardPixmap.SP_MediaPlay, "Play / pause (F6)", session.toggle_play)
        self.forward = button(QStyle.StandardPixmap.SP_MediaSeekForward, "Step forward (Alt+Right)",
                              lambda: session.step_by(1))
        self.last = button(QStyle.StandardPixmap.SP_MediaSkipForward, "Last step",
                           session.finish_playback)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setToolTip("Scrub through the refinement steps")
        self.slider.setAccessibleName("Step")
        self.slider.valueChanged.connect(self._scrub)
        self.speed = QComboBox(self)
        self.speed.addItems(list(SPEEDS))
        self.speed.setCurrentText("1x")
        self.speed.setToolTip("Playback speed (\"instant\" jumps to the newest step)")
        self.speed.currentTextChanged.connect(session.set_speed)
        self.position = QLabel(self)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.first, self.back, self.play, self.forward, self.last):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row2 = QHBoxLayout()
        row2.setContentsMargins(0, 0, 0, 0)
        row2.addWidget(self.position, 1)
        row2.addWidget(QLabel("Speed:", self))
        row2.addWidget(self.speed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addLayout(row2)

        session.framesChanged.connect(self._sync)
        session.frameChanged.connect(self._sync)
        session.playingChanged.connect(self._sync)
        self._sync()

    def _scrub(self, value: int) -> None:
        if value != self.session.index:
            self.session.pause()
            self.session.seek(value)

    def _sync(self) -> None:
        s = self.session
        n = len(s.frames)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(n - 1, 0))
        self.slider.setValue(max(s.index, 0))
        self.slider.blockSignals(False)
        for w in (self.first, self.back, self.play, self.forward, self.last, self.slider):
            w.setEnabled(n > 0)
        icon = QStyle.StandardPixmap.SP_MediaPause if s.playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))
        frame = s.frame
        self.position.setText(f"{s.index + 1} / {n}: {frame.label}" if frame else "no steps yet")
