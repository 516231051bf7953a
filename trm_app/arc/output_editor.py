"""The output editor, after the official ARC testing interface: resize, copy from input, reset, edit a
cell, rectangle select with copy and paste, flood fill, the palette, symbol numbers; plus undo/redo,
flips and rotation, W x H readouts, the attempts counter and the check against the known output."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QToolButton, QVBoxLayout, QWidget)

from ..solve_session import SolveSession
from . import grid_ops
from .document import ATTEMPT, ArcDocument, blank
from .grid_view import ArcGridView
from .palette import ArcPalette
from .tool_state import ArcToolState

TOOL_LABELS = {"edit": ("Edit", "Paint cells with the chosen colour (click or drag)"),
               "select": ("Select", "Drag a rectangle; Ctrl+C copies it, Ctrl+V pastes at its corner, "
                                    "a colour fills it"),
               "fill": ("Flood fill", "Recolour the connected region under the click")}


class ArcOutputEditor(QWidget):
    def __init__(self, doc: ArcDocument, tools: ArcToolState, session: SolveSession,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.tools, self.session = doc, tools, session
        self._shape: tuple[int, ...] | None = None
        self.heading = QLabel(self)
        self.back = QPushButton("Back to the attempt", self)
        self.back.setToolTip("Stop editing the task's grids and edit your answer again")
        self.back.clicked.connect(lambda: doc.set_target(ATTEMPT))
        self.view = ArcGridView(doc, tools=tools, session=session, parent=self)
        self.view.setMinimumSize(260, 260)
        self.size_label = QLabel(self)
        self.size_label.setAccessibleName("Output size")

        self.width_spin, self.height_spin = QSpinBox(self), QSpinBox(self)
        for spin, what in ((self.width_spin, "Width"), (self.height_spin, "Height")):
            spin.setRange(1, grid_ops.MAX_SIDE)
            spin.setToolTip(f"{what} for Resize (1-30)")
            spin.setAccessibleName(what)
        resize = QPushButton("Resize", self)
        resize.setToolTip("Resize the grid to W x H, keeping its top-left part")
        resize.clicked.connect(self.resize_grid)
        copy_input = QPushButton("Copy from input", self)
        copy_input.setToolTip("Replace the grid with a copy of its input")
        copy_input.clicked.connect(self.copy_from_input)
        reset = QPushButton("Reset", self)
        reset.setToolTip("Reset the grid to 3 x 3 black")
        reset.clicked.connect(self.reset_grid)

        self.tool_group = QButtonGroup(self)
        self.tool_buttons: dict[str, QToolButton] = {}
        tool_row = QHBoxLayout()
        for name, (label, tip) in TOOL_LABELS.items():
            b = QToolButton(self)
            b.setText(label)
            b.setCheckable(True)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, n=name: tools.set_tool(n))
            self.tool_group.addButton(b)
            self.tool_buttons[name] = b
            tool_row.addWidget(b)
        tool_row.addSpacing(8)
        for text, tip, slot in (("⇆", "Flip left-right", lambda: self._transform("flip_h")),
                                ("⇅", "Flip top-bottom", lambda: self._transform("flip_v")),
                                ("↻", "Rotate clockwise", lambda: self._transform("rot_cw")),
                                ("↺", "Rotate counter-clockwise", lambda: self._transform("rot_ccw"))):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip)
            b.clicked.connect(slot)
            tool_row.addWidget(b)
        self.numbers = QCheckBox("Show symbol numbers", self)
        self.numbers.setToolTip("Write each cell's symbol (0-9) on it")
        self.numbers.toggled.connect(tools.set_show_numbers)
        tool_row.addWidget(self.numbers)
        tool_row.addStretch(1)

        self.check_button = QPushButton("Submit", self)
        self.check_button.setToolTip("Check the attempt against the task's known test output")
        self.check_button.clicked.connect(self.check)
        self.use_answer = QPushButton("Use the solver's answer", self)
        self.use_answer.setToolTip("Copy the answer shown by the solve into your attempt")
        self.use_answer.clicked.connect(self.take_answer)
        self.attempts_label = QLabel(self)
        self.verdict_label = QLabel(self)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAccessibleName("Attempt verdict")

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.back)
        size_row = QGridLayout()
        size_row.addWidget(self.size_label, 0, 0)
        size_row.addWidget(QLabel("W", self), 0, 1)
        size_row.addWidget(self.width_spin, 0, 2)
        size_row.addWidget(QLabel("H", self), 0, 3)
        size_row.addWidget(self.height_spin, 0, 4)
        size_row.addWidget(resize, 0, 5)
        size_row.addWidget(copy_input, 0, 6)
        size_row.addWidget(reset, 0, 7)
        size_row.setColumnStretch(8, 1)
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.check_button)
        submit_row.addWidget(self.use_answer)
        submit_row.addWidget(self.attempts_label)
        submit_row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addLayout(size_row)
        lay.addLayout(tool_row)
        lay.addWidget(ArcPalette(tools, self))
        lay.addWidget(self.view, 1)
        lay.addLayout(submit_row)
        lay.addWidget(self.verdict_label)

        doc.changed.connect(self._sync)
        doc.targetChanged.connect(self._target_changed)
        tools.changed.connect(self._sync_tools)
        session.frameChanged.connect(self._sync)
        self._target_changed()
        self._sync_tools()

    # --- operations -----------------------------------------------------------------------------------

    def resize_grid(self) -> None:
        g = self.doc.target_grid
        self.doc.set_target_grid(grid_ops.resized(g, self.height_spin.value(), self.width_spin.value()),
                                 "Resize")

    def copy_from_input(self) -> None:
        self.doc.set_target_grid(self.doc.target_source().copy(), "Copy from input")

    def reset_grid(self) -> None:
        self.doc.set_target_grid(blank(3, 3), "Reset")

    def _transform(self, how: str) -> None:
        g = self.doc.target_grid
        new = {"flip_h": lambda: grid_ops.flipped(g, True), "flip_v": lambda: grid_ops.flipped(g, False),
               "rot_cw": lambda: grid_ops.rotated(g, True), "rot_ccw": lambda: grid_ops.rotated(g, False)}[how]()
        self.doc.set_target_grid(new, {"flip_h": "Flip left-right", "flip_v": "Flip top-bottom",
                                       "rot_cw": "Rotate clockwise", "rot_ccw": "Rotate counter-clockwise"}[how])

    def check(self) -> None:
        if self.doc.target != ATTEMPT:
            self.doc.set_target(ATTEMPT)
        self.doc.check_attempt()

    def take_answer(self) -> None:
        frame = self.session.frame
        if frame is not None:
            answer = frame.answer.copy()
            if self.doc.target != ATTEMPT:
                self.doc.set_target(ATTEMPT)
            self.doc.set_target_grid(answer, "Use the solver's answer")

    # --- state to widgets --------------------------------------------------------------------------------

    def _target_changed(self) -> None:
        on_attempt = self.doc.target == ATTEMPT
        self.back.setVisible(not on_attempt)
        self.check_button.setEnabled(on_attempt)
        self._shape = None  # set the spin boxes to the new target's size
        self.tools.set_selection(None)
        self._sync()

    def _sync_tools(self) -> None:
        for name, b in self.tool_buttons.items():
            b.setChecked(name == self.tools.tool)
        self.numbers.setChecked(self.tools.show_numbers)

    def _sync(self) -> None:
        d = self.doc
        g = self.view.grid()
        shown = "the solver's answer" if self.view.shown_frame() is not None else d.target_name()
        self.heading.setText(f"<b>Editing: {shown}</b>")
        self.size_label.setText(f"Size {g.shape[1]} x {g.shape[0]}" if g is not None else "")
        target_shape = d.target_grid.shape
        if target_shape != self._shape:  # only then: the spin boxes may hold a size being chosen
            self._shape = target_shape
            self.width_spin.setValue(target_shape[1])
            self.height_spin.setValue(target_shape[0])
        n = d.attempt_counts[d.test_index] if d.test_index < len(d.attempt_counts) else 0
        self.attempts_label.setText(f"Attempts: {n}")
        self.use_answer.setVisible(self.session.frame is not None)
        has_expected = d.expected is not None
        self.check_button.setToolTip("Check the attempt against the task's known test output" if has_expected
                                     else "This task has no known test output to check against")
        v = d.last_verdict
        if v is None:
            self.verdict_label.setText("" if has_expected else "No known test output: an attempt cannot be "
                                       "checked (add one with “Edit expected output”).")
        elif v.ok:
            self.verdict_label.setText(f"<b>Attempt {n}: correct.</b>")
        else:
            self.verdict_label.setText(f"Attempt {n}: not yet — {v.summary()}.")
