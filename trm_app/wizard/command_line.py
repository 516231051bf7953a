"""The `trm train` command that does what the wizard does, selectable and copyable."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget


class CommandLineView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.edit.setAccessibleName("Equivalent command line")
        self.edit.setToolTip("The same training from a terminal: the same settings, data and split")
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy the command line to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_command(self, text: str) -> None:
        if text != self.edit.toPlainText():
            self.edit.setPlainText(text)

    def text(self) -> str:
        return self.edit.toPlainText()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
