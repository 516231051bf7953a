"""Light and dark themes. "system" follows the platform's colour scheme; boards take their colours from
the widget palette (BoardColors), so they follow the theme too."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# The official ARC colours, by symbol 0-9.
ARC_COLOURS = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
               "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")
ARC_NAMES = ("black", "blue", "red", "green", "yellow", "grey", "magenta", "orange", "sky", "maroon")


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        window, base, text, button = "#2b2d31", "#1e1f22", "#e6e6e6", "#3a3c41"
        highlight, link, mid = "#4a8fe7", "#7fb2ff", "#55585e"
    else:
        window, base, text, button = "#f2f2f4", "#ffffff", "#1b1b1f", "#e8e8ec"
        highlight, link, mid = "#2d6fd6", "#1f5fbf", "#b8b8c0"
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text, QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: link,
        QPalette.ColorRole.Mid: mid, QPalette.ColorRole.PlaceholderText: mid,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(mid))
    return p


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, name: str) -> None:
    """name: "system", "light" or "dark". Fusion everywhere, so both palettes look alike on every OS."""
    app.setStyle("Fusion")
    dark = system_is_dark() if name == "system" else name == "dark"
    app.setPalette(_palette(dark))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class BoardColors:
    """The colours the boards paint with, derived from a palette."""

    background: QColor
    line: QColor
    thick_line: QColor
    given: QColor
    entered: QColor      # a digit the network (or search) wrote
    selection: QColor
    peers: QColor        # row, column and box of the selection
    conflict: QColor
    changed: QColor      # a cell that changed since the previous step
    diff: QColor         # a cell the search changed from the network's answer
    confidence: QColor   # tinted by per-cell confidence
    wall: QColor
    open: QColor
    start: QColor
    goal: QColor
    path: QColor
    muted: QColor

    @classmethod
    def from_palette(cls, p: QPalette) -> BoardColors:
        dark = is_dark(p)
        text = p.color(QPalette.ColorRole.Text)
        hl = p.color(QPalette.ColorRole.Highlight)

        def alpha(c: QColor, a: int) -> QColor:
            c = QColor(c)
            c.setAlpha(a)
            return c

        return cls(
            background=p.color(QPalette.ColorRole.Base),
            line=alpha(text, 70),
            thick_line=alpha(text, 210),
            given=text,
            entered=QColor("#7fb2ff" if dark else "#1f5fbf"),
            selection=alpha(hl, 110),
            peers=alpha(hl, 28),
            conflict=QColor("#ff6b6b" if dark else "#d62828"),
            changed=QColor("#ffb347" if dark else "#e07b00"),
            diff=QColor("#ff4d6d" if dark else "#c9184a"),
            confidence=QColor("#4a8fe7" if dark else "#2d6fd6"),
            wall=QColor("#d0d3da" if dark else "#2f3138"),
            open=QColor("#1e1f22" if dark else "#ffffff"),
            start=QColor("#2ecc71" if dark else "#1e9e50"),
            goal=QColor("#ff5e5e" if dark else "#d62828"),
            path=QColor("#ffc233" if dark else "#f4a100"),
            muted=alpha(text, 140),
        )
