"""Where the app keeps its files: platformdirs locations, overridable for tests and portable installs."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from solver import library
from solver.resources import ICONS, SAMPLES, resource_path

from . import APP_NAME

SAMPLES_DIR = resource_path(SAMPLES)
ICONS_DIR = resource_path(ICONS)


def config_dir() -> Path:
    """Settings folder; env TRM_CONFIG_DIR overrides it."""
    override = os.environ.get("TRM_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Data folder (library, log); env TRM_DATA_DIR overrides it (the library reads the same variable)."""
    return library.data_dir()


def log_path() -> Path:
    return data_dir() / "trm-app.log"


def samples(kind: str) -> list[Path]:
    """The bundled sample files of a kind, sorted by name."""
    folder = SAMPLES_DIR / kind
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
