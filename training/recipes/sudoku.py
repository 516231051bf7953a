"""Recipe of the bundled Sudoku model, in two stages, the second a campaign that outlives a session.

    python -m training.recipes.sudoku --stage base [--minutes 120]     # from scratch: the first model
    python -m training.recipes.sudoku [--resume] [--minutes M]         # the campaign (the default stage)
    python -m training.recipes.sudoku --resume --save-campaign         # ... and write its state for git

Stage `base` reproduces the first bundled model on a 2-core CPU; the settings were chosen by measurement
on this machine (resources/models/README.md):
- a D=128 TRM-MLP, T=2, n=3 (0.52M parameters): the DESIGN's measurement showed this width reaching 93%
  exact on mixed puzzles in 35 CPU-minutes; the paper's D=512, T=3, n=6 costs ~10x more per step here.
- batch 32, lr 1e-3 with 200 warm-up steps, gradient clipping 1.0, EMA 0.999 with its warm-up: a higher
  lr without EMA spiked and lost 16 points in the DESIGN's measurement.
- data: generated puzzles with unique solutions, weighted towards the hard levels, augmented on the fly
  by the Sudoku symmetry group (digit relabelling, band/stack/line shuffles, transpose).

Stage `campaign` continues from the base model (its EMA weights) on the same mix plus the generator's
levels that imitate real hard lists (diabolical, nightmare, 17-clue-like), each hard puzzle drawn
HARD_WEIGHT times as often as a base one. Those puzzles cost seconds each to make (a local search), so
they are made once and committed (training/campaigns/sudoku/hard_*.txt.gz); the base levels are
regenerated from their seed. A session lasts 3 hours: `--save-campaign` writes the run's state without
its batch in flight (weights, EMA, optimizer, data position, step, validation history), the best model
and the log to training/campaigns/sudoku/, and `--resume` on a fresh clone continues from there.
Validation is per level (`log.jsonl`: step, CPU-hours, exact per level).
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

from solver.checkpoint import ModelFileError, atomic_write_bytes, load_model, torch_load_state
from solver.model import TRMConfig
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import DIFFICULTIES
from training.config import TrainConfig
from training.data.sudoku_sets import disjoint_validation, generate_set, load_set, save_set
from training.trainer import BEST_MODEL, STATE_FILE, Callbacks, Trainer

TRAIN_COUNTS = {"easy": 1500, "medium": 2500, "hard": 8000, "extreme": 600}
VAL_COUNTS = {"easy": 200, "medium": 200, "hard": 300, "extreme": 100}
TRAIN_SEED, VAL_SEED = 1, 2
MODEL = TRMConfig(vocab_size=sudoku.VOCAB_SIZE, seq_len=sudoku.SEQ_LEN, hidden_size=128, mixer="mlp",
                  T=2, n=3, N_sup=16)
TRAIN = TrainConfig(kind="sudoku", model=MODEL, batch_size=32, lr=1e-3, warmup_steps=200, weight_decay=0.1,
                    grad_clip=1.0, ema_decay=0.999, loss="softmax", replace_halted=True, augment=True,
                    max_steps=1_000_000, max_minutes=120, eval_every=1000, eval_limit=200,
                    checkpoint_every=200, seed=0)

CAMPAIGN = Path(__file__).resolve().parents[1] / "campaigns" / "sudoku"
BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "models"
LOG = "log.jsonl"
CAMPAIGN_FILES = (STATE_FILE, f"{BEST_MODEL}.safetensors", f"{BEST_MODEL}.json", LOG)
# The campaign's base set keeps fewer of the levels the base model already solves (100% of easy and medium).
CAMPAIGN_BASE_COUNTS = {"easy": 500, "medium": 1000, "hard": 8000, "extreme": 600}
CAMPAIGN_VAL_BASE = {"easy": 30, "medium": 30, "hard": 60, "extreme": 40}
HARD_WEIGHT = 20
CAMPAIGN_TRAIN = TRAIN.with_(eval_every=500, eval_limit=400, max_minutes=None, seed=1)


def _cached_set(cache: Path, name: str, counts: dict, seed: int, log=print) -> list:
    tag = "-".join(f"{k}{v}" for k, v in counts.items())
    path = cache / f"sudoku_{name}_{tag}.txt"
    if not path.exists():
        t = time.time()
        items = generate_set(counts, seed, processes=2)
        save_set(path, items)
        log(f"generated {len(items)} {name} puzzles in {time.time() - t:.0f}s -> {path}")
    return load_set(path)


def datasets(cache: Path, log=print, train_counts=TRAIN_COUNTS, val_counts=VAL_COUNTS, hard: bool = False):
    """(training puzzles, validation (puzzle, level) pairs). `hard`: add the committed hard levels."""
    train = _cached_set(cache, "train", train_counts, TRAIN_SEED, log)
    val = _cached_set(cache, "val", val_counts, VAL_SEED, log)
    if hard:
        val += load_set(CAMPAIGN / "hard_val.txt.gz")
        # The hard training set grows between sessions (it is slow to make); until it exists the campaign
        # trains on the base mix.
        if (CAMPAIGN / "hard_train.txt.gz").exists():
            train += load_set(CAMPAIGN / "hard_train.txt.gz") * HARD_WEIGHT
        else:
            log(f"no {CAMPAIGN / 'hard_train.txt.gz'} yet: the base mix only")
    train_puzzles = [p for p, _ in train]
    val = disjoint_validation(train_puzzles, val)
    order = np.random.default_rng(0).permutation(len(val))  # mixed levels in every evaluation subset
    return train_puzzles, [val[i] for i in order]


class LineLog(Callbacks):
    """Progress lines on stdout; with `levels` (the validation puzzles' levels, in order) each evaluation
    also gives exact accuracy per level, printed and appended to `log` as a JSON line."""

    def __init__(self, every: int = 50, levels: list[str] | None = None, log: Path | None = None):
        self.every = every
        self.levels = levels
        self.log = log
        self.seconds = 0.0

    def on_step(self, i):
        self.seconds = i.seconds
        if i.step % self.every == 0:
            print(f"step {i.step} loss {i.loss:.4f} lm {i.lm_loss:.4f} halt {i.halt_loss:.4f} "
                  f"tok {i.token_accuracy:.3f} exact {i.exact_accuracy:.3f} lr {i.lr:.2e} "
                  f"t {i.seconds / 60:.1f}min threads {torch.get_num_threads()}", flush=True)

    def on_eval(self, e):
        curve = " ".join(f"{v:.3f}" for v in e.exact_by_step)
        per = by_level(e.solved, self.levels) if self.levels else {}
        print(f"EVAL step {e.step} exact {e.exact_accuracy:.4f} cell {e.cell_accuracy:.4f} "
              f"halt@{e.mean_halt_step:.1f} best {e.best} ({e.seconds:.0f}s) by-step {curve}"
              + "".join(f" {k} {v:.3f}" for k, v in per.items()), flush=True)
        if self.log is not None:
            row = {"step": e.step, "exact": round(e.exact_accuracy, 4), "cell": round(e.cell_accuracy, 4),
                   "by_level": {k: round(v, 4) for k, v in per.items()}, "best": e.best,
                   "training_hours": round(self.seconds / 3600, 3), "threads": torch.get_num_threads(),
                   "date": time.strftime("%Y-%m-%d %H:%M")}
            with open(self.log, "a") as f:
                f.write(json.dumps(row) + "\n")


def by_level(solved: list[bool], levels: list[str]) -> dict[str, float]:
    hits, counts = Counter(), Counter()
    for ok, lv in zip(solved, levels):
        counts[lv] += 1
        hits[lv] += ok
    return {lv: hits[lv] / counts[lv] for lv in counts}


def _stop_on_signals() -> dict:
    """SIGINT/SIGTERM stop the run cooperatively: the trainer evaluates, saves its state and the best model."""
    stop = {"asked": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.update(asked=True))
    return stop


def _base(args) -> int:
    train, val = datasets(args.cache)
    print(f"{len(train)} training puzzles, {len(val)} validation puzzles", flush=True)
    cfg = TRAIN.with_(max_minutes=args.minutes, max_steps=args.max_steps)
    meta = {"recipe": "python -m training.recipes.sudoku --stage base",
            "data": {"train": TRAIN_COUNTS, "val": VAL_COUNTS, "train_seed": TRAIN_SEED, "val_seed": VAL_SEED}}
    stop = _stop_on_signals()
    trainer = Trainer(cfg, sudoku.KIND, train, [p for p, _ in val], args.out, callbacks=LineLog(), meta=meta,
                      should_stop=lambda: stop["asked"])
    print(f"model: {trainer.model.num_parameters()} parameters", flush=True)
    result = trainer.run(resume=args.resume)
    print(f"DONE {result.stopped} after {result.steps} steps, {result.seconds / 60:.1f} min; "
          f"best validation exact {result.best_exact:.4f} -> {result.best_path}", flush=True)
    return 0


def start_from_committed(run: Path, campaign: Path) -> None:
    """A fresh clone resuming: the run folder starts as the committed campaign (its best model is the one to
    beat). A run folder with a state of its own is left as it is."""
    if (run / STATE_FILE).exists() or not (campaign / STATE_FILE).exists():
        return
    run.mkdir(parents=True, exist_ok=True)
    for name in CAMPAIGN_FILES:
        if (campaign / name).exists():
            shutil.copyfile(campaign / name, run / name)
    print(f"resuming the committed campaign state {campaign / STATE_FILE}", flush=True)


def save_campaign(run: Path, dest: Path) -> None:
    """The run's state without the batch in flight, its best model and the new lines of its log, into
    `dest` (each file written whole, then renamed)."""
    state = torch_load_state(run / STATE_FILE)
    state.pop("carry", None)
    dest.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    torch.save(state, buf)
    atomic_write_bytes(dest / STATE_FILE, buf.getvalue())
    for name in CAMPAIGN_FILES[1:-1]:
        atomic_write_bytes(dest / name, (run / name).read_bytes())
    old = (dest / LOG).read_text().splitlines() if (dest / LOG).exists() else []
    last = max((json.loads(line)["step"] for line in old if line.strip()), default=-1)
    new = [line for line in (run / LOG).read_text().splitlines()
           if line.strip() and json.loads(line)["step"] > last] if (run / LOG).exists() else []
    atomic_write_bytes(dest / LOG, "".join(line + "\n" for line in old + new).encode())


def grow(name: str, counts: dict[str, int], seed: int, log=print) -> Path:
    """Add `counts` more puzzles per level to the committed set `name` (the generator's next indices of
    `seed`, so the set is the same however many sessions made it)."""
    path = CAMPAIGN / f"{name}.txt.gz"
    items = load_set(path) if path.exists() else []
    have = Counter(lv for _, lv in items)
    t = time.time()
    items += generate_set(counts, seed, processes=2, start=dict(have),
                          progress=lambda i, n: log(f"{i}/{n} {time.time() - t:.0f}s") if i % 10 == 0 else None)
    save_set(path, items)
    log(f"{path}: {dict(Counter(lv for _, lv in items))}")
    return path


def _campaign(args) -> int:
    train, val = datasets(args.cache, train_counts=CAMPAIGN_BASE_COUNTS, val_counts=CAMPAIGN_VAL_BASE, hard=True)
    levels = [lv for _, lv in val][: CAMPAIGN_TRAIN.eval_limit]
    print(f"{len(train)} training puzzles (hard ones x{HARD_WEIGHT}), {len(val)} validation puzzles: "
          f"{dict(Counter(levels))}", flush=True)
    if args.resume:
        start_from_committed(args.out, CAMPAIGN)
    try:
        base, info = load_model(args.init, "sudoku")
    except ModelFileError as e:
        sys.exit(f"training.recipes.sudoku: --init: {e}")
    if base.cfg != MODEL:
        sys.exit(f"training.recipes.sudoku: --init: {args.init} is not this recipe's network")
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("training.recipes.sudoku: --device cuda: no CUDA GPU is available on this machine")
    cfg = CAMPAIGN_TRAIN.with_(max_minutes=args.minutes, max_steps=args.max_steps, device=args.device,
                               batch_size=args.batch_size or CAMPAIGN_TRAIN.batch_size, decay_from=args.decay_from)
    meta = {"recipe": "python -m training.recipes.sudoku (campaign)",
            "data": {"base": CAMPAIGN_BASE_COUNTS, "hard": "training/campaigns/sudoku/hard_train.txt.gz",
                     "hard_weight": HARD_WEIGHT, "train_seed": TRAIN_SEED, "val_seed": VAL_SEED},
            "init": {"model": str(args.init), "trained_steps": info.meta.get("trained_steps"),
                     "training_seconds": info.meta.get("training_seconds")}}
    stop = _stop_on_signals()
    trainer = Trainer(cfg, sudoku.KIND, train, [p for p, _ in val], args.out, base_model=base,
                      callbacks=LineLog(levels=levels, log=args.out / LOG), meta=meta,
                      should_stop=lambda: stop["asked"])
    result = trainer.run(resume=args.resume)
    print(f"DONE {result.stopped} after {result.steps} steps, {result.seconds / 60:.1f} min; "
          f"best validation exact {result.best_exact:.4f} -> {result.best_path}", flush=True)
    if args.save_campaign:
        save_campaign(args.out, CAMPAIGN)
        print(f"campaign state -> {CAMPAIGN}", flush=True)
    return 0


def bundle(campaign: Path = CAMPAIGN, models: Path = BUNDLED) -> Path:
    """The campaign's best model becomes the bundled one: its weights as they are, its sidecar with the
    bundled model's inference defaults and report kept, and the campaign's steps and hours so far."""
    old = json.loads((models / "sudoku.json").read_text())
    side = json.loads((campaign / f"{BEST_MODEL}.json").read_text())
    rows = [json.loads(line) for line in (campaign / LOG).read_text().splitlines() if line.strip()]
    side.update(inference=old["inference"], evaluation_report=old.get("evaluation_report", "sudoku.eval.json"),
                campaign={"folder": "training/campaigns/sudoku", "steps_so_far": rows[-1]["step"],
                          "training_hours_so_far": rows[-1]["training_hours"]})
    # the sidecar first, as save_model orders it: a reader never pairs new weights with an old sidecar's hash
    atomic_write_bytes(models / "sudoku.json", json.dumps(side, indent=2).encode())
    atomic_write_bytes(models / "sudoku.safetensors", (campaign / f"{BEST_MODEL}.safetensors").read_bytes())
    return models / "sudoku.safetensors"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.recipes.sudoku")
    ap.add_argument("--stage", choices=("base", "campaign"), default="campaign")
    ap.add_argument("--out", type=Path, help="run folder (default runs/sudoku or runs/sudoku_campaign)")
    ap.add_argument("--cache", type=Path, default=Path("runs/data"))
    ap.add_argument("--init", type=Path, default=CAMPAIGN / "base.safetensors",
                    help="campaign: the model it starts from (default: the base stage's, kept there)")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--save-campaign", action="store_true",
                    help="campaign: at the end, write the compact state, best model and log for git")
    ap.add_argument("--minutes", type=float, default=None,
                    help="stop when the run has trained this many minutes in all (earlier sessions count)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"),
                    help="campaign: cuda for a session lent a GPU (training/campaigns/gpu.sh sudoku)")
    ap.add_argument("--batch-size", type=int, help="campaign: instead of 32 (a larger one on a GPU)")
    ap.add_argument("--max-steps", type=int, default=TRAIN.max_steps,
                    help="stop at this step (with --resume and the saved step: evaluate and finish now)")
    ap.add_argument("--decay-from", type=int, metavar="STEP",
                    help="campaign: a cosine decay of the rate from STEP to --max-steps, to settle a session's "
                         "end (the next session's run may start from the full rate again)")
    ap.add_argument("--bundle", action="store_true",
                    help="instead of training: make the committed campaign best the bundled model")
    ap.add_argument("--grow", metavar="LEVEL=N,...",
                    help="instead of training: add N generated puzzles per level to the committed hard_train set")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.bundle:
        print(f"bundled {bundle()}", flush=True)
        return 0
    if args.grow:
        try:
            counts = {lv: int(n) for lv, n in (item.split("=") for item in args.grow.split(","))}
        except ValueError:
            counts = {}
        if not counts or any(lv not in DIFFICULTIES or n < 0 for lv, n in counts.items()):
            sys.exit(f"training.recipes.sudoku: --grow {args.grow}: expected LEVEL=N,... (diabolical=100), "
                     f"levels {', '.join(DIFFICULTIES)}")
        grow("hard_train", counts, TRAIN_SEED)
        return 0
    if args.stage == "base":
        args.out = args.out or Path("runs/sudoku")
        args.minutes = TRAIN.max_minutes if args.minutes is None else args.minutes
        return _base(args)
    args.out = args.out or Path("runs/sudoku_campaign")
    return _campaign(args)


if __name__ == "__main__":
    sys.exit(main())
