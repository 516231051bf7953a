"""Smoke test of the FROZEN app: `python packaging/smoke_test.py [BUNDLE] [--platform offscreen|xcb]`.

BUNDLE is the PyInstaller folder (default dist/trm-puzzle-studio; on macOS the .app's Contents/MacOS).
Everything runs from an empty temporary directory, with fresh user folders, so nothing of the
checkout or of a previous session can stand in for what the bundle lacks. It runs:

1. `trm-app -m trm_frozen_check`: resources, Qt plugins (SVG icon), torch on the CPU, OpenCV, the
   digit model;
2. `trm-app --screenshot` with no file: the time to the first window;
3. `trm-app SAMPLE --screenshot PNG --solve` for a sample of each kind (Sudoku, maze, ARC);
4. `trm solve` on a sample, and on a photo when the checkout has resources/photos (OpenCV + digits);
5. the training wizard's process, started the way the frozen app starts it
   (training.run_process.launch with python=trm-app), for two optimizer steps.

It fails on a non-zero exit, a missing picture, or any sign of trouble in the output (a traceback,
an import error, a Qt plugin that did not load, a missing file). Prints the timings and the folder's
size at the end. The host Python only needs the checkout importable (for step 5's run folder).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
PHOTO = ROOT / "resources" / "photos" / "sudoku_upright.jpg"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
TIMEOUT_S = 600

# Signs of a broken bundle, whatever the exit code says.
BAD_OUTPUT = re.compile(
    r"Traceback \(most recent call last\)|ModuleNotFoundError|ImportError|No module named"
    r"|qt\.qpa\.plugin|Could not (?:find|load) the Qt platform plugin|Cannot load library"
    r"|Failed to execute script|\[PYI-\d+:ERROR\]|FileNotFoundError|No such file or directory"
    r"|is missing|cannot open shared object file")


class SmokeFailure(Exception):
    pass


def folder_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


class Runner:
    def __init__(self, bundle: Path, work: Path, platform: str):
        self.bundle, self.work = bundle, work
        self.env = dict(os.environ)
        for var in ("PYTHONPATH", "PYTHONHOME", "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH"):
            self.env.pop(var, None)  # the bundle must not lean on the build environment
        self.env.update({
            "QT_QPA_PLATFORM": platform,
            "TRM_USER_MODELS": str(work / "user_models"),
            "TRM_DATA_DIR": str(work / "data"),
            "TRM_CONFIG_DIR": str(work / "config"),
            "XDG_CONFIG_HOME": str(work / "xdg_config"),
            "XDG_DATA_HOME": str(work / "xdg_data"),
            "XDG_CACHE_HOME": str(work / "xdg_cache"),
            "TRM_TRAIN_THREADS": "1",
        })
        self.timings: dict[str, float] = {}

    def exe(self, name: str) -> Path:
        p = self.bundle / f"{name}{EXE_SUFFIX}"
        if not p.exists():
            raise SmokeFailure(f"{p} is missing from the bundle")
        return p

    def run(self, label: str, argv: list[str], ok_codes=(0,)) -> str:
        t0 = time.monotonic()
        try:
            proc = subprocess.run(argv, cwd=self.work, env=self.env, capture_output=True, text=True,
                                  timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise SmokeFailure(f"{label}: no answer within {TIMEOUT_S} s") from e
        self.timings[label] = time.monotonic() - t0
        out = (proc.stdout or "") + (proc.stderr or "")
        if proc.returncode not in ok_codes:
            raise SmokeFailure(f"{label}: exit code {proc.returncode}\n{out[-4000:]}")
        self.check_output(label, out)
        print(f"ok  {label}  ({self.timings[label]:.1f} s)")
        return out

    @staticmethod
    def check_output(label: str, out: str) -> None:
        m = BAD_OUTPUT.search(out)
        if m:
            start = max(0, m.start() - 1500)
            raise SmokeFailure(f"{label}: the output shows trouble ({m.group(0)!r}):\n{out[start:m.end() + 2500]}")

    def screenshot(self, label: str, args: list[str], png: Path) -> None:
        self.run(label, [str(self.exe("trm-app")), *args, "--screenshot", str(png), "--size", "1200x800"])
        if not png.is_file() or png.stat().st_size < 1000 or png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            raise SmokeFailure(f"{label}: no picture at {png}")


def samples() -> list[Path]:
    picked = []
    for kind, pattern in (("sudoku", "*.txt"), ("maze", "*.txt"), ("arc", "*.json")):
        files = sorted((SAMPLES / kind).glob(pattern))
        if not files:
            raise SmokeFailure(f"no {kind} sample matching {pattern} in {SAMPLES / kind}")
        picked.append(files[0])
    return picked


def train_like_the_wizard(r: Runner) -> None:
    """Starts the training process exactly as the frozen wizard does, and waits for its 'done'."""
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from solver.puzzles import sudoku
    from solver.puzzles.sudoku_generate import generate
    from training import run_process, runs

    data = r.work / "puzzles.txt"
    data.write_text("\n".join(sudoku.to_line(generate(np.random.default_rng(i), "easy").givens)
                              for i in range(14)) + "\n")
    run_dir = r.work / "data" / "runs" / "sudoku-smoke"
    run_dir.mkdir(parents=True)
    argv = ("--kind", "sudoku", "--data", str(data), "--base", "scratch", "--max-steps", "2", "--T", "1",
            "--n", "1", "--N-sup", "2", "--batch-size", "4", "--out", str(run_dir))
    runs.write_spec(run_dir, runs.RunSpec(kind="sudoku", argv=argv, title="smoke test", base_name=""))
    old_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(r.env)  # launch() passes os.environ on to the child
    t0 = time.monotonic()
    try:
        proc = run_process.launch(run_dir, session="smoke", python=str(r.exe("trm-app")))
        code = proc.wait(TIMEOUT_S)
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    r.timings["training process (2 steps)"] = time.monotonic() - t0
    log = (run_dir / runs.LOG_FILE).read_text(errors="replace") if (run_dir / runs.LOG_FILE).exists() else ""
    events = [json.loads(line) for line in (run_dir / runs.PROGRESS_FILE).read_text().splitlines()
              if line.strip()] if (run_dir / runs.PROGRESS_FILE).exists() else []
    done = [e for e in events if e.get("event") == "done"]
    if code != 0 or not done:
        raise SmokeFailure(f"training process: exit code {code}, events {[e.get('event') for e in events]}\n"
                           f"{log[-4000:]}")
    Runner.check_output("training process", log)
    if not (run_dir / "best.safetensors").exists():
        raise SmokeFailure(f"training process: no best.safetensors in {run_dir}")
    print(f"ok  training process (2 steps)  ({r.timings['training process (2 steps)']:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "trm-puzzle-studio")
    ap.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (default %(default)s; "
                    "xcb under xvfb-run checks the X11 plugin and its libraries)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (pictures, logs)")
    args = ap.parse_args(argv)
    bundle = args.bundle.resolve()
    if not bundle.is_dir():
        print(f"smoke_test: {bundle} is not a folder; build it first (packaging/README.md)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="trm-smoke-"))
    r = Runner(bundle, work, args.platform)
    try:
        out = r.run("self-check", [str(r.exe("trm-app")), "-m", "trm_frozen_check"])
        check = json.loads(out[out.index("{"):out.rindex("}") + 1])
        if not check.get("frozen"):
            raise SmokeFailure("self-check: the program does not run frozen")
        r.screenshot("first window (no file)", [], work / "first.png")
        for sample in samples():
            r.screenshot(f"open and solve {sample.parent.name}/{sample.name}", [str(sample), "--solve"],
                         work / f"{sample.parent.name}.png")
        maze = SAMPLES / "maze" / "small.txt"
        out = r.run("trm solve maze/small.txt", [str(r.exe("trm")), "solve", str(maze)])
        if "G" not in out:
            raise SmokeFailure(f"trm solve printed no maze:\n{out}")
        if PHOTO.exists():
            r.run(f"trm solve photos/{PHOTO.name}", [str(r.exe("trm")), "solve", str(PHOTO)])
        r.run("-m of another module is refused", [str(r.exe("trm-app")), "-m", "json.tool"], ok_codes=(2,))
        train_like_the_wizard(r)
    except SmokeFailure as e:
        print(f"FAIL {e}", file=sys.stderr)
        print(f"(work folder kept: {work})", file=sys.stderr)
        return 1
    size = folder_size(bundle)
    print(f"\nall passed; bundle {bundle}: {size / 2**20:.0f} MiB")
    for label, s in r.timings.items():
        print(f"  {s:6.1f} s  {label}")
    if args.keep:
        print(f"work folder: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
