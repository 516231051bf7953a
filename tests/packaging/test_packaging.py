"""Fast checks of the packaging (no PyInstaller run, no wheel build): what the spec keeps and drops, the
package data, the frozen entry point, and the Linux desktop files and their installer."""
from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX_SHARE = PACKAGING / "linux" / "share"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux desktop integration")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


cfg = _load("freeze_config", PACKAGING / "freeze_config.py")


def imported_top_level_file(f: Path) -> set[str]:
    """Every module name one file imports (AST: also imports inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(f.read_text(), str(f))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def imported_top_level(folder: Path) -> set[str]:
    """Every module name imported anywhere under a folder."""
    return set().union(*(imported_top_level_file(f) for f in folder.rglob("*.py")))


# --- package data (the wheel) -------------------------------------------------------------------------------

def test_the_wheel_and_the_bundle_take_the_same_resource_globs():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = project["tool"]["setuptools"]
    assert "resources" in setuptools["packages"]["find"]["include"]
    assert tuple(setuptools["package-data"]["resources"]) == cfg.RESOURCE_GLOBS
    assert (ROOT / "resources" / "__init__.py").is_file()


def test_the_globs_carry_models_samples_and_icons_but_no_photos():
    dests = {Path(src).relative_to(ROOT / "resources").as_posix()
             for src, _ in cfg.resource_datas(ROOT / "resources")}
    assert {"models/digits.safetensors", "models/digits.json", "icons/app.svg"} <= dests
    for kind in ("sudoku", "maze", "arc"):
        assert any(d.startswith(f"samples/{kind}/") for d in dests)
    assert not any(d.startswith("photos/") for d in dests)
    for src, dest in cfg.resource_datas(ROOT / "resources"):
        assert Path(dest) == Path("resources") / Path(src).relative_to(ROOT / "resources").parent


# --- what the bundle keeps and drops --------------------------------------------------------------------------

def test_the_qt_modules_kept_are_the_ones_the_app_imports():
    used = {n.split(".")[1] for n in imported_top_level(ROOT / "trm_app") if n.startswith("PySide6.")}
    assert used == set(cfg.QT_USED)
    available = ["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtQml", "QtSvg", "QtWebEngineCore"]
    excluded = cfg.qt_excludes(available)
    assert excluded == ["PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtSvg", "PySide6.QtWebEngineCore"]


def test_the_installed_pyside6_modules_are_found(tmp_path):
    for name in ("QtCore.abi3.so", "QtGui.pyd", "QtSvg.cpython-311-x86_64-linux-gnu.so", "__init__.py",
                 "QtCore.pyi"):
        (tmp_path / name).write_text("")
    assert cfg.pyside6_modules(tmp_path) == ["QtCore", "QtGui", "QtSvg"]


def test_no_excluded_module_is_imported_by_the_project():
    imported = set()
    for pkg in ("solver", "training", "trm_app"):
        imported |= imported_top_level(ROOT / pkg)
    hit = sorted(n for n in imported for ex in cfg.EXCLUDED_MODULES if n == ex or n.startswith(ex + "."))
    assert set(hit) <= set(cfg.RECIPE_ONLY_IMPORTS)
    for name, importer in cfg.RECIPE_ONLY_IMPORTS.items():
        # Only the named file imports it, and only recipes import that file.
        users = [f for f in ROOT.glob("*/**/*.py") if f.parts[len(ROOT.parts)] in ("solver", "training", "trm_app")
                 and name in imported_top_level_file(f)]
        assert [str(f.relative_to(ROOT)) for f in users] == [importer]
        module = importer.removesuffix(".py").replace("/", ".")
        for f in ROOT.glob("*/**/*.py"):
            if f.parts[len(ROOT.parts)] in ("solver", "training", "trm_app") and "recipes" not in f.parts:
                assert module not in imported_top_level_file(f), f


@pytest.mark.parametrize("dest", [
    "torch/lib/libtorch_cpu.so", "torch/lib/libc10.so", "torch/lib/libgomp.so.1", "torch\\lib\\torch_cpu.dll",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6/Qt/plugins/imageformats/libqsvg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "cv2/cv2.abi3.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "resources/models/digits.safetensors", "torch/_C.cpython-311-x86_64-linux-gnu.so",
    "torch/bin/torch_shm_manager",  # import torch checks that it is there
])
def test_kept(dest):
    assert not cfg.dropped(dest)


@pytest.mark.parametrize("dest", [
    "torch/lib/libtorchbind_test.so", "torch/lib/libjitbackend_test.so", "torch/lib/libbackend_with_compiler.so",
    "torch/lib/libaoti_custom_ops.so", "torch/bin/protoc", "torch/test/test_api", "torch/include/ATen/ATen.h",
    "torch/share/cmake/Torch/TorchConfig.cmake", "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6\\translations\\qtbase_fr.qm", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "cv2/data/haarcascade_frontalface_default.xml",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
])
def test_dropped(dest):
    assert cfg.dropped(dest)


def test_filter_toc_splits_entries():
    toc = [("torch/bin/protoc", "/x/protoc", "BINARY"), ("torch/lib/libc10.so", "/x/libc10.so", "BINARY")]
    kept, gone = cfg.filter_toc(toc)
    assert kept == toc[1:] and gone == toc[:1]


def test_gpu_libraries_are_recognised():
    assert cfg.gpu_library("torch/lib/libtorch_cuda.so")
    assert cfg.gpu_library("nvidia/cublas/lib/libcublas.so.12")
    assert cfg.gpu_library("torch/lib/libcudart-1234.so.12")
    assert not cfg.gpu_library("torch/lib/libtorch_cpu.so")
    assert not cfg.gpu_library("PySide6/Qt/lib/libQt6Gui.so.6")


def test_the_spec_is_python_and_names_files_that_exist():
    spec = PACKAGING / "trm-puzzle-studio.spec"
    text = spec.read_text()
    compile(text, str(spec), "exec")
    for rel in ("pyinstaller/entry.py", "pyinstaller/trm_frozen_check.py", "icons/app.ico", "icons/app.icns",
                "linux/install.sh"):
        assert (PACKAGING / rel).is_file(), rel
    assert "COLLECT(" in text and "exclude_binaries=True" in text  # one folder, not one file


# --- the frozen entry point -----------------------------------------------------------------------------------

@pytest.fixture
def entry():
    return _load("trm_frozen_entry", PACKAGING / "pyinstaller" / "entry.py")


def test_entry_runs_only_known_modules(entry, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/opt/trm-app", "-m", "json.tool"])
    assert entry.main() == 2
    assert "runs only" in capsys.readouterr().err


def test_entry_runs_the_training_process_module(entry, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/opt/trm-app", "-m", "training.run_process", "--help"])
    assert entry.main() == 0
    assert "run_process" in capsys.readouterr().out


def test_entry_is_the_command_line_when_started_as_trm(entry, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/trm", "--help"])
    with pytest.raises(SystemExit) as e:
        entry.main()
    assert e.value.code == 0
    assert "solve" in capsys.readouterr().out


# --- Linux: launcher, file types, icons, installer ----------------------------------------------------------

def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(LINUX_SHARE / "applications" / f"{cfg.APP_NAME}.desktop")
    return parser["Desktop Entry"]


def mime_types() -> dict[str, list[str]]:
    root = ET.parse(LINUX_SHARE / "mime" / "packages" / f"{cfg.APP_NAME}.xml").getroot()
    return {t.get("type"): [g.get("pattern") for g in t.iter(f"{MIME_NS}glob")]
            for t in root.iter(f"{MIME_NS}mime-type")}


def test_the_launcher_opens_the_registered_file_types():
    d = desktop_entry()
    assert d["Icon"] == cfg.APP_NAME and d["Exec"].startswith("trm-app ") and d["Exec"].endswith("%f")
    assert d["Terminal"] == "false"
    assert set(filter(None, d["MimeType"].split(";"))) == set(cfg.MIME_TYPES)
    assert mime_types() == {t: [g] for t, g in cfg.MIME_TYPES.items()}
    assert not any("*.json" in globs for globs in mime_types().values())  # plain JSON stays JSON


@linux_only
def test_the_launcher_validates():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed (desktop-file-utils)")
    out = subprocess.run(["desktop-file-validate", str(LINUX_SHARE / "applications" / f"{cfg.APP_NAME}.desktop")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "error" not in out.stdout, out.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_icons_come_in_every_size():
    hicolor = LINUX_SHARE / "icons" / "hicolor"
    make_icons = _load("make_icons", PACKAGING / "make_icons.py")
    for size in make_icons.PNG_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{cfg.APP_NAME}.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / f"{cfg.APP_NAME}.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "app.svg").read_bytes()


def test_the_icons_can_be_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    make_icons = _load("make_icons", PACKAGING / "make_icons.py")
    made = make_icons.make_all(tmp_path / "share", tmp_path / "icons")
    rel = sorted(p.relative_to(tmp_path / "share").as_posix() for p in made if "share" in p.parts)
    committed = sorted(p.relative_to(LINUX_SHARE).as_posix() for p in (LINUX_SHARE / "icons").rglob("*.*"))
    assert rel == committed
    assert png_size(make_icons.hicolor_png(tmp_path / "share", 48)) == (48, 48)
    assert (tmp_path / "icons" / "app.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (tmp_path / "icons" / "app.icns").read_bytes()[:4] == b"icns"


def fake_bundle(folder: Path) -> Path:
    (folder / "_internal").mkdir(parents=True)
    for exe in ("trm-app", "trm"):
        p = folder / exe
        p.write_text("#!/bin/sh\necho ok\n")
        p.chmod(0o755)
    return folder


@linux_only
def test_install_and_uninstall_at_user_level(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    bundle = fake_bundle(tmp_path / "my bundle")
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    script = PACKAGING / "linux" / "install.sh"
    out = subprocess.run(["sh", str(script), str(bundle)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    local = home / ".local"
    app = local / "lib" / cfg.APP_NAME
    desktop = local / "share" / "applications" / f"{cfg.APP_NAME}.desktop"
    assert (app / "trm-app").is_file() and (app / "_internal").is_dir()
    assert os.readlink(local / "bin" / "trm") == str(app / "trm")
    assert f"Exec={app}/trm-app %f" in desktop.read_text()
    assert (local / "share" / "mime" / "packages" / f"{cfg.APP_NAME}.xml").is_file()
    assert (local / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{cfg.APP_NAME}.png").is_file()

    if shutil.which("update-mime-database"):
        code = ("from PySide6.QtCore import QMimeDatabase as D; d = D(); "
                "print(d.mimeTypeForFile('a.arc.json', D.MatchMode.MatchExtension).name(), "
                "d.mimeTypeForFile('a.json', D.MatchMode.MatchExtension).name(), "
                "d.mimeTypeForFile('a.sdk', D.MatchMode.MatchExtension).name(), "
                "d.mimeTypeForFile('a.maze', D.MatchMode.MatchExtension).name())")
        q = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                           env={**env, "XDG_DATA_HOME": str(local / "share"), "XDG_DATA_DIRS": "/usr/share"})
        assert q.stdout.split() == ["application/x-trm-arc+json", "application/json", "text/x-sudoku",
                                    "text/x-trm-maze"], q.stderr

    out = subprocess.run(["sh", str(script), "--uninstall"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert not app.exists() and not desktop.exists() and not (local / "bin" / "trm").exists()
    assert not list((local / "share" / "icons").rglob(f"{cfg.APP_NAME}.*"))
    assert bundle.is_dir()  # the source bundle is left alone


@linux_only
def test_install_exec_mode_registers_an_existing_program(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "XDG_DATA_HOME": str(tmp_path / "d")}
    out = subprocess.run(["sh", str(PACKAGING / "linux" / "install.sh"), "--exec", "/opt/venv/bin/trm-app"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    desktop = (tmp_path / "d" / "applications" / f"{cfg.APP_NAME}.desktop").read_text()
    assert "Exec=/opt/venv/bin/trm-app %f" in desktop and "TryExec=/opt/venv/bin/trm-app" in desktop
    assert not (home / ".local" / "lib").exists()
