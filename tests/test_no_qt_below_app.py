"""The engine contract: nothing under solver/ or training/ imports Qt (or the app)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_engine_imports_with_qt_blocked():
    code = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'trm_app'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import solver, training
for pkg in (solver, training):
    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):
        importlib.import_module(m.name)
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr


def test_no_qt_import_statements_in_the_engine():
    offenders = []
    for f in list((ROOT / "solver").rglob("*.py")) + list((ROOT / "training").rglob("*.py")):
        for n, line in enumerate(f.read_text().splitlines(), 1):
            s = line.strip()
            if s.startswith(("import ", "from ")) and any(q in s for q in ("PySide", "PyQt", "trm_app")):
                offenders.append(f"{f}:{n}: {s}")
    assert not offenders
