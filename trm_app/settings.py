"""App settings in an ini file in the platformdirs config dir (QSettings, IniFormat)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from solver.threads import AUTO

from .paths import config_dir

MAX_RECENT = 10
THEMES = ("system", "light", "dark")


class Settings(QObject):
    """Typed access to the few values the app keeps; emits `recentChanged` for the File menu."""

    recentChanged = Signal()

    def __init__(self, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path or config_dir() / "settings.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _str(self, key: str, default: str = "") -> str:
        value = self._q.value(key, default)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)
        self._q.sync()

    # --- recent files ----------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self._q.value("recent/files", [])
        # QSettings gives a str for a one-element list in ini files, a list otherwise.
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(v) for v in items if v][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        items = [p] + [f for f in self.recent_files() if f != p]
        self._set("recent/files", items[:MAX_RECENT])
        self.recentChanged.emit()

    def clear_recent(self) -> None:
        self._set("recent/files", [])
        self.recentChanged.emit()

    # --- simple values -----------------------------------------------------------------------------

    def theme(self) -> str:
        t = self._str("view/theme", "system")
        return t if t in THEMES else "system"

    def set_theme(self, name: str) -> None:
        self._set("view/theme", name)

    def last_dir(self) -> str:
        return self._str("files/last_dir", str(Path.home()))

    def set_last_dir(self, folder: str | Path) -> None:
        self._set("files/last_dir", str(folder))

    def model_for(self, kind: str) -> str:
        """The model last picked for a kind: a file path, "" for the default, or "search"."""
        return self._str(f"models/{kind}")

    def set_model_for(self, kind: str, value: str) -> None:
        self._set(f"models/{kind}", value)

    def choice(self, key: str, default: str) -> str:
        return self._str(f"choices/{key}", default)

    def set_choice(self, key: str, value: str) -> None:
        self._set(f"choices/{key}", value)

    def threads(self) -> int | None:
        """Network threads for a solve: None ("auto", solver.threads's policy) or a count the user set."""
        value = self._str("solve/threads", "auto")
        return int(value) if value.isdigit() and int(value) >= 1 else AUTO

    def set_threads(self, threads: int | None) -> None:
        self._set("solve/threads", "auto" if threads is AUTO else str(int(threads)))

    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self._set("window/geometry", data)
