"""Self-check of a frozen build: `trm-app -m trm_frozen_check` prints one JSON object and exits 0 when
everything a person's first session needs is inside the bundle (1 otherwise).

It looks at what a screenshot cannot show: the bundled resources (models, samples, icons) found
through solver.resources, the Qt plugins (a platform, the SVG icon engine), the window icon really
drawn, PyTorch working on the CPU without CUDA, OpenCV and the digit model of the photo reader.
packaging/smoke_test.py runs it; it is shipped so that a user's report can include its output.
"""
from __future__ import annotations

import json
import os
import sys


def check() -> dict:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no desktop: check without one
    out: dict = {"frozen": bool(getattr(sys, "frozen", False)), "problems": []}
    problems = out["problems"]

    from solver.resources import ICONS, MODELS, SAMPLES, resource_path, resources_dir

    out["resources"] = str(resources_dir())
    for kind in ("sudoku", "maze", "arc"):
        files = sorted(p.name for p in resource_path(SAMPLES, kind).glob("*"))
        out[f"samples_{kind}"] = files
        if not files:
            problems.append(f"no {kind} samples in {resource_path(SAMPLES, kind)}")
    models = sorted(p.name for p in resource_path(MODELS).glob("*.safetensors"))
    out["models"] = models
    if "digits.safetensors" not in models:
        problems.append(f"digits.safetensors missing from {resource_path(MODELS)}")
    icon = resource_path(ICONS, "app.svg")
    if not icon.is_file():
        problems.append(f"{icon} missing")

    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    out["qt_platform"] = app.platformName()
    formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    out["qt_image_formats"] = formats
    if "svg" not in formats:
        problems.append("Qt cannot read SVG (imageformats/qsvg plugin or libQt6Svg missing)")
    pixmap = QIcon(str(icon)).pixmap(64, 64)
    out["icon_drawn"] = not pixmap.isNull() and pixmap.toImage().pixelColor(32, 32).alpha() > 0
    if not out["icon_drawn"]:
        problems.append("the window icon does not draw (iconengines/qsvgicon plugin missing?)")

    import torch

    out["torch"] = torch.__version__
    out["torch_cuda"] = torch.version.cuda
    if torch.version.cuda is not None:
        problems.append(f"a CUDA build of torch ({torch.version.cuda}) was bundled")
    x = torch.ones(4, 4)
    if float((x @ x).sum()) != 64.0:
        problems.append("torch computes wrongly")

    import cv2

    out["opencv"] = cv2.__version__
    from solver.vision import digits

    try:
        digits.load()
        out["digit_model"] = "loaded"
    except Exception as e:  # noqa: BLE001 - reported, not raised
        problems.append(f"digit model: {e}")
    return out


def main() -> int:
    result = check()
    print(json.dumps(result, indent=1))
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
