"""Where the bundled read-only files are: models, samples and icons (the `resources` folder).

One answer for each way the program runs, so that no other module computes these paths:

- a checkout (plain, or `pip install -e .`): <repo>/resources, beside solver/;
- an installed wheel: site-packages/resources, the package data of the `resources` package, again
  beside solver/ (both come from the same wheel, so they are always installed together);
- a PyInstaller bundle (sys.frozen): sys._MEIPASS/resources, where packaging/trm-puzzle-studio.spec
  puts it.

The environment variable TRM_RESOURCES overrides all three (a distribution that keeps data elsewhere,
a test). The folder is found by location, not by `import resources`: an unrelated top-level
`resources` module on sys.path (say, a folder of that name in the current directory) cannot win.
Qt-free: the engine and the app both ask here.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "TRM_RESOURCES"
MODELS, SAMPLES, ICONS = "models", "samples", "icons"


def resources_dir() -> Path:
    """The resources folder (it may be missing in a broken install; callers say so when they need a
    file from it)."""
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        return Path(meipass) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder, e.g. resource_path("models", "digits.safetensors")."""
    return resources_dir().joinpath(*parts)
