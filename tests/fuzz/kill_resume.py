"""Kill -9 then --resume, proved on the real command (issue 26).

    python -m tests.fuzz.kill_resume --kills 20 [--seed S] [--saves 20] [--interrupts 10]

Trains a small Sudoku model once without interruption, then, per trial, starts the same `trm train`,
kills it with SIGKILL at a random moment, checks that what it left is whole (state.pt loads; best.*
loads), runs `--resume`, checks that it said "resumed at step N" with N the saved state's step (or that
there was nothing to resume), and that the finished run's weights equal the uninterrupted run's.
`--saves K` also kills a process that keeps overwriting one model file with two alternating models,
K times, and checks the file left is always one of the two, complete. `--interrupts N` sends SIGINT
(Ctrl-C) instead of SIGKILL in N more trials: exit 130 with "interrupted; the run is saved", then the same
checks. The test suite runs a trial or two (tests/training/test_kill_resume.py); by hand, a larger
number. Prints one JSON summary.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch



def train_args(steps: int = 60) -> list[str]:
    """`trm train` flags of a small run from scratch: a checkpoint every 7 steps, three validations."""
    return ["--kind", "sudoku", "--base", "scratch", "--max-steps", str(steps), "--checkpoint-every", "7",
            "--eval-every", str(steps // 3), "--batch-size", "4", "--seed", "0", "--T", "1", "--n", "1",
            "--N-sup", "3", "--device", "cpu", "--no-augment"]



INTERRUPTED = 130  # `trm train`'s exit status when interrupted (SIGINT)
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONFAULTHANDLER": "0"}


def trm() -> list[str]:
    return [sys.executable, "-m", "training.cli"]


def write_data(folder: Path, count: int = 24) -> Path:
    from solver.puzzles import sudoku
    from solver.puzzles.sudoku_generate import generate

    rng = np.random.default_rng(0)
    lines = []
    for _ in range(count):
        p = generate(rng, "easy")
        lines.append(sudoku.format(p))
    path = folder / "puzzles.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def _default_sigint() -> None:
    """In the child: SIGINT as in a terminal. A shell's background job (nohup cmd &) inherits it ignored,
    and Python then never raises KeyboardInterrupt, so an interruption trial would test nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def train(data: Path, out: Path, resume: bool = False, kill_after: float | None = None,
          once: Path | None = None, steps: int = 60, sig: int = signal.SIGKILL) -> tuple[int, str, float]:
    """(exit status, stderr, seconds); sent `sig` (SIGKILL, or SIGINT as Ctrl-C) `kill_after` seconds
    after the start, or after the file `once` appears."""
    cmd = trm() + ["train", "--data", str(data), "--out", str(out), *train_args(steps)]
    cmd += ["--resume"] if resume else []
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=ENV, preexec_fn=_default_sigint)
        while once is not None and not once.exists() and proc.poll() is None:
            time.sleep(0.005)
        if kill_after is not None:
            try:
                proc.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                proc.send_signal(sig)
        rc = proc.wait(timeout=600)
        err.seek(0)
        return rc, err.read().decode(errors="replace"), time.perf_counter() - t


def state(out: Path) -> dict | None:
    from solver.checkpoint import torch_load_state

    p = out / "state.pt"
    return torch_load_state(p) if p.exists() else None


def same_weights(a: dict, b: dict) -> float:
    """The largest difference between two state dicts (inf when their names differ)."""
    if a.keys() != b.keys():
        return float("inf")
    return max(float((a[k].float() - b[k].float()).abs().max()) for k in a)


def trial(data: Path, out: Path, ref: dict, moment: float, sig: int = signal.SIGKILL) -> dict:
    """One kill (or, with SIGINT, an interruption), `moment` seconds after the start."""
    from solver.checkpoint import load_model

    rc, err, _ = train(data, out, kill_after=moment, sig=sig)
    row = {"moment_s": round(moment, 2), "signal": signal.Signals(sig).name,
           "killed": rc == (-signal.SIGKILL if sig == signal.SIGKILL else INTERRUPTED), "exit": rc}
    before = state(out)     # must load: a kill never leaves half a state file
    # Ctrl-C in the training loop: exit 130, the state saved, and the message; before the loop (reading the
    # data, building the model) 130 and "trm: interrupted", nothing to save. While Python still imports,
    # before trm runs at all, Python's own KeyboardInterrupt traceback: counted apart.
    saved = "interrupted; the run is saved" in err and before is not None
    interrupted_ok = sig != signal.SIGINT or rc != INTERRUPTED or saved or "trm: interrupted" in err
    row["traceback"] = "Traceback" in err
    row["saved_step"] = before["step"] if before else None
    if (out / "best.safetensors").exists():
        load_model(out / "best.safetensors", "sudoku")   # and never half a model
    rc, err, _ = train(data, out, resume=True)
    found = re.search(r"resumed at step (\d+)", err)
    row["resumed_at"] = int(found.group(1)) if found else None
    row["resume_rc"] = rc
    after = state(out)
    row["final_step"] = after["step"] if after else None
    row["max_weight_diff"] = same_weights(ref["model"], after["model"]) if after else None
    row["ok"] = (interrupted_ok and rc == 0 and row["final_step"] == ref["step"]
                 and row["max_weight_diff"] is not None and row["max_weight_diff"] <= 1e-5
                 and (row["resumed_at"] == row["saved_step"] if before else "nothing to resume" in err))
    if not row["ok"]:
        row["stderr_tail"] = err[-600:]
    return row


SAVER = """
import sys, torch
from solver.checkpoint import save_model
from solver.model import TRMConfig, TRM
cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=64, ffn_multiple=64, mixer="mlp", T=1, n=1, N_sup=2)
models = []
for seed in (1, 2):
    torch.manual_seed(seed)
    models.append(TRM(cfg))
print("ready", flush=True)
i = 0
while True:
    save_model(models[i % 2], sys.argv[1], "sudoku", {"which": i % 2})
    i += 1
"""


def save_kills(folder: Path, kills: int, rng: random.Random) -> list[dict]:
    """Kill a process mid-save of a model file, `kills` times: the file left is one of the two models."""
    from solver.checkpoint import load_model
    from solver.model import TRM, TRMConfig

    cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=64, ffn_multiple=64, mixer="mlp", T=1, n=1, N_sup=2)
    models = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        models.append(TRM(cfg).state_dict())
    path = folder / "saved.safetensors"
    rows = []
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, env=ENV)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        model, info = load_model(path, "sudoku")
        diffs = [same_weights(m, model.state_dict()) for m in models]
        leftovers = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
        which = int(np.argmin(diffs))
        rows.append({"loaded": True, "which_weights": which,
                     "exact": min(diffs) == 0 and info.meta.get("which") == which,
                     "sidecar_says": info.meta.get("which"), "temporary_files": leftovers})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--saves", type=int, default=0)
    ap.add_argument("--interrupts", type=int, default=0, help="also this many SIGINT trials (Ctrl-C)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    work = a.workdir or Path(tempfile.mkdtemp(prefix="trm-kill-resume-"))
    data = write_data(work)
    rc, err, seconds = train(data, work / "reference")
    if rc != 0:
        print(err, file=sys.stderr)
        return 1
    ref = state(work / "reference")
    trials = []
    for k in range(a.kills):
        # From before the first checkpoint (nothing to resume) to past the end (nothing lost either way).
        trials.append(trial(data, work / f"trial{k}", ref, rng.uniform(0.0, seconds * 1.05)))
    for k in range(a.interrupts):
        trials.append(trial(data, work / f"interrupt{k}", ref, rng.uniform(0.0, seconds * 1.05), signal.SIGINT))
    saves = save_kills(work, a.saves, rng) if a.saves else []
    summary = {"reference_seconds": round(seconds, 1), "reference_step": ref["step"], "trials": trials,
               "failed": sum(not t["ok"] for t in trials), "killed_mid_run": sum(t["killed"] for t in trials),
               "resumed_from_a_checkpoint": sum(bool(t["resumed_at"]) for t in trials),
               "tracebacks": sum(t["traceback"] for t in trials),
               "save_kills": saves, "save_failed": sum(not s["exact"] for s in saves)}
    print(json.dumps(summary, indent=1))
    return 0 if summary["failed"] == 0 and summary["save_failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
