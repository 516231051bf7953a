"""Training runs started by the app: one folder each, what is in it, and the registry of runs.

A run folder holds the run's `trm train` arguments (run.json), the trainer's state (state.pt) and best
model (best.safetensors + .json), the training process's events (progress.jsonl, one JSON object a line),
its log, and small marker files that say how it ended. The status of a run is read from those files
alone, so a run that kept going after the app closed, or was killed with the machine, is found again at
the next start. Qt-free: the app, the training process and scripts share it.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from solver.library import data_dir

from .cli import Overrides, build_config
from .config import TrainConfig
from .progress import BEST_MODEL, STATE_FILE

RUN_FILE = "run.json"            # the RunSpec
PROGRESS_FILE = "progress.jsonl"  # the training process's events, appended by every session
LOG_FILE = "process.log"          # the training process's stdout and stderr (tracebacks of bugs)
PID_FILE = "pid"                  # the process id of the latest session
SESSION_FILE = "session"          # the id of the latest session (its events carry it)
STOP_FILE = "stop"                # present: the training process stops at the next step, keeping its state
RESULT_FILE = "result.json"       # written at every exit: steps, before/after accuracy
FINISHED_FILE = "finished.json"   # the run used its budget (time or steps): nothing left to resume
CANCELLED_FILE = "cancelled"      # the person cancelled the run: not offered for resumption
SEEN_FILE = "seen"                # the person saw the result of the finished run
LIBRARY_FILE = "library.txt"      # the puzzles picked from the app's library, as one more data file
BASELINE_FILE = "baseline.json"   # the base model's validation accuracy, measured once per run


def runs_root() -> Path:
    """Where the app's runs live: the data dir (env TRM_DATA_DIR overrides it) / runs."""
    return data_dir() / "runs"


# --- the run's settings ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunOptions:
    """The wizard's choices, exactly the flags of `trm train` (nothing the command lacks)."""
    kind: str
    data: tuple[str, ...]
    base: str                    # a model file, or "scratch"
    out: str
    preset: str = "quick"
    batch_size: int = 32
    seed: int = 0
    max_minutes: float | None = None
    overrides: Overrides = Overrides()

    def argv(self) -> list[str]:
        """`trm train` arguments (without "trm train"); only advanced flags that are set appear."""
        a = ["--kind", self.kind, "--data", *self.data, "--base", self.base, "--preset", self.preset,
             "--batch-size", str(self.batch_size), "--seed", str(self.seed), "--out", self.out]
        if self.max_minutes is not None:
            a += ["--max-minutes", _num(self.max_minutes)]
        o = self.overrides
        for flag, value in (("--lr", o.lr), ("--max-steps", o.max_steps), ("--ema-decay", o.ema_decay),
                            ("--eval-every", o.eval_every), ("--T", o.T), ("--n", o.n), ("--N-sup", o.N_sup)):
            if value is not None:
                a += [flag, _num(value)]
        if not o.augment:
            a.append("--no-augment")
        return a

    def train_config(self, base_cfg, device: str = "cpu") -> TrainConfig:
        """The TrainConfig that `trm train` builds from these flags (the same function)."""
        return build_config(self.kind, self.preset, base_cfg, self.max_minutes, device, self.batch_size,
                            self.seed, self.overrides)


def _num(v: float | int) -> str:
    return str(v) if isinstance(v, int) else repr(float(v))


def command_line(argv: list[str], resume: bool = False) -> str:
    """The shell command that does what the app does (POSIX quoting)."""
    return shlex.join(["trm", "train", *argv, *(["--resume"] if resume else [])])


@dataclass(frozen=True)
class RunSpec:
    kind: str
    argv: tuple[str, ...]        # `trm train` arguments, --out included, --resume never
    title: str                   # for people: "Fine-tune sudoku-small"
    base_name: str               # the base model's name, or "" from scratch
    created: float = field(default_factory=time.time)
    preview_index: int = 0       # the validation puzzle whose answer is shown as the model learns

    def to_dict(self) -> dict:
        d = asdict(self)
        d["argv"] = list(self.argv)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> RunSpec:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["argv"] = tuple(known.get("argv", ()))
        return cls(**known)

    def command_line(self, resume: bool = False) -> str:
        return command_line(list(self.argv), resume)


def new_run_dir(kind: str, root: Path | None = None) -> Path:
    root = root or runs_root()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    d, n = root / f"{kind}-{stamp}", 1
    while d.exists():
        n += 1
        d = root / f"{kind}-{stamp}-{n}"
    d.mkdir(parents=True)
    return d


def write_spec(run_dir: Path, spec: RunSpec) -> None:
    write_json(run_dir / RUN_FILE, spec.to_dict())


def read_spec(run_dir: Path) -> RunSpec:
    return RunSpec.from_dict(json.loads((Path(run_dir) / RUN_FILE).read_text()))


def write_library_file(run_dir: Path, kind: str, texts: list[str]) -> Path | None:
    """Puzzles picked from the library become a data file of the run (one more --data path), so the
    command line reads them too. Entries are separated by an empty line (maze blocks need it)."""
    path = Path(run_dir) / LIBRARY_FILE
    if not texts:
        path.unlink(missing_ok=True)
        return None
    body = "\n\n".join(t.strip("\n") for t in texts) + "\n"
    _atomic_write(path, body.encode())
    return path


# --- status ------------------------------------------------------------------------------------------

STATUSES = ("new", "running", "interrupted", "finished", "cancelled", "failed")


@dataclass(frozen=True)
class RunInfo:
    dir: Path
    spec: RunSpec
    status: str                  # one of STATUSES
    seen: bool
    result: dict | None          # result.json (the latest session's exit), if any

    @property
    def best_model(self) -> Path | None:
        p = self.dir / f"{BEST_MODEL}.safetensors"
        return p if p.exists() else None


def pid_alive(pid: int) -> bool:
    """Whether the process exists and is (on Linux, as far as /proc says) a training process."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes  # the standard library's only way to ask Windows without signalling
        k = ctypes.windll.kernel32
        h = k.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not h:
            return False
        code = ctypes.c_ulong()
        ok = k.GetExitCodeProcess(h, ctypes.byref(code))
        k.CloseHandle(h)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            # A reused pid belongs to another program; a zombie's command line is empty.
            return b"training.run_process" in cmdline.read_bytes()
        except OSError:
            return False
    return True


def read_pid(run_dir: Path) -> int:
    try:
        return int((Path(run_dir) / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return 0


def read_json(path: Path) -> dict | None:
    try:
        d = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return d if isinstance(d, dict) else None


def run_status(run_dir: Path) -> str:
    d = Path(run_dir)
    if (d / CANCELLED_FILE).exists():
        return "cancelled"
    if (d / FINISHED_FILE).exists():
        return "finished"   # (its process may still be exiting)
    if pid_alive(read_pid(d)):
        return "running"
    if (d / STATE_FILE).exists():
        return "interrupted"
    return "failed" if (d / PROGRESS_FILE).exists() else "new"


def run_info(run_dir: Path) -> RunInfo | None:
    d = Path(run_dir)
    try:
        spec = read_spec(d)
    except (OSError, ValueError, TypeError):
        return None
    return RunInfo(d, spec, run_status(d), (d / SEEN_FILE).exists(), read_json(d / RESULT_FILE))


def list_runs(root: Path | None = None) -> list[RunInfo]:
    """The app's runs, newest first (folders without a readable run.json are not runs of the app)."""
    root = root or runs_root()
    if not root.is_dir():
        return []
    infos = [run_info(d) for d in root.iterdir() if (d / RUN_FILE).is_file()]
    return sorted((i for i in infos if i is not None), key=lambda i: i.spec.created, reverse=True)


def pending_runs(root: Path | None = None) -> list[RunInfo]:
    """What to offer at start-up: runs to resume, runs still going in the background, and finished or
    failed runs whose outcome the person has not seen (e.g. they ended after the app closed)."""
    return [i for i in list_runs(root)
            if i.status in ("interrupted", "running") or (i.status in ("finished", "failed") and not i.seen)]


def last_error(run_dir: Path, tail: int = 64 * 1024) -> str:
    """The message of the latest error event of a run, or ""."""
    path = Path(run_dir) / PROGRESS_FILE
    try:
        with open(path, "rb") as f:
            f.seek(max(0, path.stat().st_size - tail))
            lines = f.read().split(b"\n")
    except OSError:
        return ""
    for line in reversed(lines):
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if isinstance(ev, dict) and ev.get("event") == "error":
            return str(ev.get("message", ""))
    return ""


def mark(run_dir: Path, marker: str) -> None:
    (Path(run_dir) / marker).write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))


def request_stop(run_dir: Path) -> None:
    """Ask the training process to stop after the current step; it saves its state first."""
    mark(run_dir, STOP_FILE)


def clear_stop(run_dir: Path) -> None:
    (Path(run_dir) / STOP_FILE).unlink(missing_ok=True)


def discard(run_dir: Path) -> None:
    """Delete a run folder (its checkpoints and its best model)."""
    shutil.rmtree(run_dir, ignore_errors=False)


def forget_unstarted(run_dir: Path) -> bool:
    """Remove a run folder the wizard made but never trained in; True when removed."""
    d = Path(run_dir)
    if d.is_dir() and not any((d / f).exists() for f in (STATE_FILE, PROGRESS_FILE, PID_FILE)):
        shutil.rmtree(d, ignore_errors=True)
        return True
    return False


# --- events ------------------------------------------------------------------------------------------

class EventReader:
    """Reads the events appended to progress.jsonl since the last call (a half-written last line waits
    for the next call). At most `chunk` bytes a call, so a long history never blocks the caller."""

    def __init__(self, path: Path, chunk: int = 256 * 1024):
        self.path = Path(path)
        self.offset = 0
        self.chunk = chunk
        self._rest = b""

    def poll(self) -> list[dict]:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read(self.chunk)
        except FileNotFoundError:
            return []
        self.offset += len(data)
        lines = (self._rest + data).split(b"\n")
        self._rest = lines.pop()
        events = []
        for line in lines:
            try:
                ev = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash mid-write: the next one is whole
            if isinstance(ev, dict):
                events.append(ev)
        return events

    def at_end(self) -> bool:
        try:
            return self.offset >= self.path.stat().st_size
        except OSError:
            return True


# --- writing model files -------------------------------------------------------------------------------

def _write(f, data: bytes) -> None:
    """The one place bytes reach the disk (tests replace it to simulate a full disk)."""
    f.write(data)
    f.flush()
    os.fsync(f.fileno())


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, then rename; on any error the temporary file is removed and
    `path` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            _write(f, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json(path: Path, obj: dict) -> None:
    _atomic_write(Path(path), json.dumps(obj, indent=2).encode())


def copy_model(src: Path, dest: Path, meta: dict | None = None) -> Path:
    """Copy a model (NAME.safetensors + NAME.json) to `dest` (a .safetensors path), adding `meta` to its
    sidecar. Both files or neither: if the second write fails, the first is taken back (or the model that
    was there before is put back), so nothing half-written is left. Raises OSError."""
    src = Path(src).with_suffix(".safetensors")
    dest = Path(dest).with_suffix(".safetensors")
    side = read_json(src.with_suffix(".json"))
    if side is None:
        raise OSError(f"{src.with_suffix('.json')}: the model's description is missing or unreadable")
    side.update(meta or {})
    weights = src.read_bytes()
    dest_side = dest.with_suffix(".json")
    backup = dest.with_name(f".{dest.name}.old")
    had_old = dest.exists()
    if had_old:
        os.replace(dest, backup)
    try:
        _atomic_write(dest, weights)
        _atomic_write(dest_side, json.dumps(side, indent=2).encode())
    except BaseException:
        dest.unlink(missing_ok=True)
        if had_old:
            os.replace(backup, dest)
        raise
    backup.unlink(missing_ok=True)
    return dest
