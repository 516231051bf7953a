"""The training process the app starts: `python -m training.run_process RUN_DIR [--resume] [--session ID]`.

It runs `trm train` with the arguments in RUN_DIR/run.json (the same parser, the same TrainConfig, the
same data loading and split) and reports as JSON lines appended to RUN_DIR/progress.jsonl:

    start     kind, train/val counts, skipped entries, the preview puzzle (and its answer), budget
    baseline  the base model's validation accuracy (neural only), before any training
    step      step, loss, token and exact accuracy, lr, seconds, eta_seconds   (a few per second)
    eval      validation accuracy of the EMA weights, and their answer to the preview puzzle
    done      how it stopped, and the result (also in result.json; finished.json when the run is over)
    error     a sentence for the person (a traceback, if any, is in process.log)

Every event carries the session id, so a reader tells this session's events from an earlier one's.
It runs in its own process (and session) so that a crash cannot take the app down and the run can go
on after the app closes. It stops at the next step, saving its state, when RUN_DIR/stop appears or on
SIGTERM; `--resume` continues exactly where the saved state left off.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from pathlib import Path

import numpy as np

from solver import cli as solver_cli
from solver.checkpoint import ModelFileError, load_model
from solver.evaluate import evaluate
from solver.puzzles import get_kind
from solver.puzzles.base import PuzzleError
from solver.refine import refine_batch
from solver.solve import SolveOptions

from . import runs
from .cli import build_parser, prepare_training
from .trainer import Callbacks, EvalInfo, StepInfo, Trainer, validation_accuracy

STEP_EVENT_INTERVAL_S = 0.25   # step events at most this often (the last step is always reported)
THREADS_ENV = "TRM_TRAIN_THREADS"  # torch threads of the training process (default: torch's choice)
ROOT = Path(__file__).resolve().parent.parent


class EventWriter:
    def __init__(self, path: Path, session: str):
        self.path = path
        self.session = session

    def emit(self, event: str, **data) -> None:
        line = json.dumps({"event": event, "session": self.session, "t": round(time.time(), 3), **data})
        # One write per line, flushed: a reader sees whole lines, or a last partial one it waits out.
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def _grid(a) -> list | None:
    return None if a is None else np.asarray(a).astype(int).tolist()


def _puzzle_grid(kind: str, p) -> list:
    return _grid(get_kind(kind).input_grid(p))


def _accuracy(puzzles, kind: str, model, ids=None) -> dict | None:
    if model is None or not puzzles:
        return None
    if get_kind(kind).per_task:
        # solve() would adapt to every task again: the run's measure reads what its rows learned (before
        # training: the fresh rows test-time adaptation starts from).
        exact, cells, _ = validation_accuracy(model, get_kind(kind), puzzles, ids)
        return {"exact": exact, "cells": cells, "n": len(puzzles)}
    r = evaluate(puzzles, kind, model, SolveOptions(neural_only=True))
    return {"exact": r["exact_accuracy"], "cells": r["cell_accuracy"], "n": r["n"]}


class _Reporter(Callbacks):
    """The trainer's callbacks as events; the preview answer comes from the EMA weights at each eval."""

    def __init__(self, events: EventWriter, kind: str, preview, preview_id: int | None = None):
        self.events, self.kind, self.preview, self.preview_id = events, kind, preview, preview_id
        self.trainer: Trainer | None = None
        self.last_emit = 0.0
        self.pending: StepInfo | None = None

    def answer(self) -> list | None:
        if self.preview is None or self.trainer is None:
            return None
        res = refine_batch([self.preview], self.trainer.ema.model, self.trainer.kind, stop_on_halt=False,
                           stop_on_rules=False,
                           puzzle_ids=None if self.preview_id is None else [self.preview_id])
        return _grid(res.answers[0])

    def on_step(self, i: StepInfo) -> None:
        now = time.monotonic()
        self.pending = i
        if i.step == 1 or now - self.last_emit >= STEP_EVENT_INTERVAL_S:
            self.flush()

    def flush(self) -> None:
        i, self.pending = self.pending, None
        if i is None:
            return
        self.last_emit = time.monotonic()
        self.events.emit("step", step=i.step, max_steps=i.max_steps, loss=i.loss, lm_loss=i.lm_loss,
                         halt_loss=i.halt_loss, token_accuracy=i.token_accuracy, exact_accuracy=i.exact_accuracy,
                         lr=i.lr, seconds=i.seconds, eta_seconds=i.eta_seconds)

    def on_eval(self, e: EvalInfo) -> None:
        self.flush()
        self.events.emit("eval", step=e.step, exact=e.exact_accuracy, cells=e.cell_accuracy, best=e.best,
                         mean_halt_step=e.mean_halt_step, seconds=e.seconds, answer=self.answer())

    def on_checkpoint(self, path: Path) -> None:
        self.events.emit("checkpoint", step=self.trainer.step if self.trainer else 0)


def train(run_dir: Path, resume: bool, events: EventWriter, stop_requested) -> int:
    spec = runs.read_spec(run_dir)
    argv = ["train", *spec.argv, *(["--resume"] if resume else [])]
    try:
        a = build_parser().parse_args(argv)
    except SystemExit:
        raise solver_cli.CliError(f"{run_dir / runs.RUN_FILE}: the run's settings are not valid "
                                  f"(see {run_dir / runs.LOG_FILE})") from None
    a.out = run_dir  # the run folder is where this process writes, whatever run.json says
    prep = prepare_training(a, spec.command_line(), lambda s: print(s, file=sys.stderr, flush=True))
    preview = prep.val[spec.preview_index] if spec.preview_index < len(prep.val) else None
    resumed = resume and (run_dir / runs.STATE_FILE).exists()
    events.emit("start", kind=a.kind, train=len(prep.train), val=len(prep.val), skipped=len(prep.problems),
                resumed=resumed, max_steps=prep.cfg.max_steps, max_minutes=prep.cfg.max_minutes,
                eval_every=prep.cfg.eval_every, base=prep.base_info.name if prep.base_info else "",
                preview=None if preview is None else {"puzzle": _puzzle_grid(a.kind, preview),
                                                      "solution": _grid(preview.solution)},
                command=spec.command_line(resumed))

    val_ids = prep.arc.val_ids if prep.arc else None
    baseline_path = run_dir / runs.BASELINE_FILE
    baseline = runs.read_json(baseline_path)
    if baseline is None:
        # Measured on the untouched base model, before the trainer changes its weights.
        baseline = {"before": _accuracy(prep.val, a.kind, prep.base, val_ids)}
        runs.write_json(baseline_path, baseline)
    events.emit("baseline", accuracy=baseline["before"])

    reporter = _Reporter(events, a.kind, preview,
                         val_ids[spec.preview_index] if val_ids and preview is not None else None)
    trainer = prep.trainer(reporter, stop_requested)
    reporter.trainer = trainer
    if not resumed and prep.base is None:  # a fine-tune's trainer evaluates its base model at step 0
        events.emit("eval", step=0, exact=None, cells=None, best=False, mean_halt_step=None, seconds=0.0,
                    answer=reporter.answer())
    result = trainer.run(resume=resumed)
    reporter.flush()

    after = None
    if result.best_path is not None:
        model, _ = load_model(result.best_path, a.kind)
        after = _accuracy(prep.val, a.kind, model, val_ids)
    summary = {"stopped": result.stopped, "steps": result.steps, "seconds": result.seconds,
               "best_exact": result.best_exact, "best_path": str(result.best_path) if result.best_path else None,
               "before": baseline["before"], "after": after, "train": len(prep.train), "val": len(prep.val),
               "base": prep.base_info.name if prep.base_info else ""}
    runs.write_json(run_dir / runs.RESULT_FILE, summary)
    if result.stopped != "cancelled":
        runs.write_json(run_dir / runs.FINISHED_FILE, summary)
    events.emit("done", **summary)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.run_process",
                                 description="Run the training described in RUN_DIR/run.json.")
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--session", default=None, help="id stamped on every event (default: a new one)")
    args = ap.parse_args(argv)
    threads = os.environ.get(THREADS_ENV)
    if threads:
        import torch
        torch.set_num_threads(max(1, int(threads)))
    run_dir = args.run_dir.resolve()
    session = args.session or uuid.uuid4().hex[:12]
    (run_dir / runs.PID_FILE).write_text(f"{os.getpid()}\n")
    (run_dir / runs.SESSION_FILE).write_text(session + "\n")
    events = EventWriter(run_dir / runs.PROGRESS_FILE, session)

    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop_file = run_dir / runs.STOP_FILE

    def stop_requested() -> bool:
        return stop.is_set() or stop_file.exists()

    try:
        return train(run_dir, args.resume, events, stop_requested)
    except (PuzzleError, ModelFileError, solver_cli.CliError, OSError, ValueError) as e:
        # Expected failures (bad data, a model file, a full disk): one sentence, no traceback.
        message = f"{e.filename}: {e.strerror}" if isinstance(e, OSError) and e.filename else str(e)
        print(f"training failed: {message}", file=sys.stderr, flush=True)
        events.emit("error", message=message)
        return 2
    except Exception as e:  # noqa: BLE001 - a bug: the traceback goes to the log, a sentence to the app
        traceback.print_exc()
        events.emit("error", message=f"unexpected error ({type(e).__name__}: {e}); details in "
                                     f"{run_dir / runs.LOG_FILE}")
        return 1


def launch(run_dir: Path, resume: bool = False, session: str | None = None,
           python: str = sys.executable) -> subprocess.Popen:
    """Start the training process for a run folder, detached: in its own session, output to the run's
    log, so it keeps going if the app closes. The caller polls it (or just forgets it)."""
    run_dir = Path(run_dir).resolve()
    runs.clear_stop(run_dir)
    env = dict(os.environ)
    # The engine must import from wherever the app runs it (a checkout or an installed package).
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    cmd = [python, "-m", "training.run_process", str(run_dir)]
    if resume:
        cmd.append("--resume")
    if session:
        cmd += ["--session", session]
    kwargs: dict = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS
    else:
        kwargs["start_new_session"] = True
    with open(run_dir / runs.LOG_FILE, "ab") as log:
        proc = subprocess.Popen(cmd, cwd=run_dir, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, **kwargs)
    # Written here too (the process rewrites it): the run reads as running from this moment on.
    (run_dir / runs.PID_FILE).write_text(f"{proc.pid}\n")
    return proc


if __name__ == "__main__":
    sys.exit(main())
