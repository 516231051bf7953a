"""`trm train`, added to the engine's `trm` parser (the console script points here).

    trm train --kind sudoku --data my_puzzles.txt [--base NAME|PATH|scratch] [--preset quick]
              [--max-minutes M] [--out DIR] [--device auto|cpu|cuda] [--resume]
              [--lr LR] [--max-steps N] [--ema-decay D] [--no-augment] [--eval-every N]
              [--T T] [--n n] [--N-sup N]          (T and n only with --base scratch)

Under `torchrun --nproc_per_node K -m training.cli train ...` it trains data-parallel (gloo on CPU,
NCCL on GPUs); rank 0 alone prints and writes the model.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING

import platformdirs

from solver import cli as solver_cli
from solver.checkpoint import APP_NAME, ModelFileError, ModelInfo, load_model, resolve
from solver.model_config import TRMConfig
from solver.puzzles import KIND_NAMES, get_kind

from .config import TrainConfig
from .data.user_files import load_training_files, split_validation
from .progress import Callbacks, EvalInfo, StepInfo

if TYPE_CHECKING:  # `trm` loads torch only for the commands that run a network (solver.cli)
    from solver.model import TRM

    from .arc_run import ArcRun
    from .trainer import Trainer


@dataclass(frozen=True)
class Preset:
    minutes: float
    lr_scratch: float
    lr_finetune: float
    eval_every: int


# Fine-tuning at the bundled recipes' own lr, 1e-3: measured on the quick preset (resources/models/README.md),
# it raised held-out hard Sudokus most (3e-4 and 1e-4 left them where they were); the EMA, starting at
# full decay from the base, and the base kept as the first candidate guard against a run that only hurts.
PRESETS = {
    "quick": Preset(5, 1e-3, 1e-3, 100),
    "standard": Preset(30, 1e-3, 1e-3, 250),
    "thorough": Preset(120, 1e-3, 1e-3, 500),
}


# Kinds `trm train` cannot train, with the reason (the app's training wizard shows it too). None now.
UNAVAILABLE_KINDS: dict[str, str] = {}


@dataclass(frozen=True)
class Overrides:
    """Settings that replace the preset's (the advanced flags); None keeps the preset's value."""
    lr: float | None = None
    max_steps: int | None = None
    ema_decay: float | None = None
    augment: bool = True
    eval_every: int | None = None
    T: int | None = None          # from scratch only: a fine-tuned model keeps its recursion
    n: int | None = None
    N_sup: int | None = None      # may change when fine-tuning too
    checkpoint_every: int | None = None


def default_model_config(kind: str) -> TRMConfig:
    """From-scratch shapes sized for a CPU, the kind's own (those of the bundled models' recipes: a test
    holds them equal). An ARC config gets its puzzle-embedding rows from the run (training.arc_run)."""
    k = get_kind(kind)
    return TRMConfig(vocab_size=k.vocab_size, seq_len=k.seq_len, **k.scratch_shape)


def build_config(kind: str, preset: str, base_cfg: TRMConfig | None, minutes: float | None, device: str,
                 batch_size: int, seed: int, overrides: Overrides = Overrides(),
                 scratch_cfg: TRMConfig | None = None) -> TrainConfig:
    """`scratch_cfg` replaces default_model_config(kind) from scratch (ARC: with the run's rows)."""
    p = PRESETS[preset]
    o = overrides
    if base_cfg is not None and (o.T is not None or o.n is not None):
        raise solver_cli.CliError("--T and --n only apply when training from scratch (--base scratch): "
                                  "a fine-tuned model keeps its shape")
    model = base_cfg or scratch_cfg or default_model_config(kind)
    shape = {k: v for k, v in (("T", o.T), ("n", o.n), ("N_sup", o.N_sup)) if v is not None}
    if shape:
        model = replace(model, **shape)
    return TrainConfig(kind=kind, model=model, batch_size=batch_size,
                       lr=o.lr if o.lr is not None else p.lr_finetune if base_cfg else p.lr_scratch,
                       warmup_steps=50 if base_cfg else 200,
                       max_steps=o.max_steps if o.max_steps is not None else 10_000_000,
                       max_minutes=minutes or p.minutes,
                       ema_decay=o.ema_decay if o.ema_decay is not None else TrainConfig.ema_decay,
                       augment=o.augment, eval_every=o.eval_every or p.eval_every, eval_limit=256,
                       checkpoint_every=o.checkpoint_every or 100, seed=seed, device=device)


def overrides_from_args(a) -> Overrides:
    return Overrides(lr=a.lr, max_steps=a.max_steps, ema_decay=a.ema_decay, augment=not a.no_augment,
                     eval_every=a.eval_every, T=a.T, n=a.n, N_sup=a.N_sup,
                     checkpoint_every=a.checkpoint_every)


def resolve_base(name: str | None, kind: str) -> ModelInfo | None:
    """The model to fine-tune: one of the kind's, else one of a kind it fine-tunes from (a Sudoku model for
    Sudoku X: the same tokens). A name no kind has gets the kind's own "no model named ..." error."""
    kinds = (kind, *get_kind(kind).fine_tunes_from)
    for i, k in enumerate(kinds):
        try:
            info = resolve(name, k)
        except ModelFileError:
            if i == len(kinds) - 1:
                resolve(name, kind)  # raises
            continue
        if info is not None:
            return info
    return None


def load_and_split(kind: str, paths, seed: int):
    """The data of a run and its validation split, as `trm train` and the app's wizard both make it.
    ARC: one training entry per task (its demonstrations), the test pairs with outputs as validation."""
    from .arc_run import split_tasks

    rep = load_training_files(kind, paths)
    if not rep.puzzles:
        return rep, [], []
    train, val = split_tasks(rep.puzzles) if get_kind(kind).per_task else split_validation(kind, rep.puzzles, seed=seed)
    return rep, train, val


class ProgressBar(Callbacks):
    """One line on the terminal: steps, loss, accuracy, ETA; evaluations on lines of their own."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # looked up now: sys.stderr may have been replaced since import
        self.tty = self.stream.isatty()
        self.last = 0.0

    def on_step(self, i: StepInfo) -> None:
        now = time.monotonic()
        if now - self.last < (0.2 if self.tty else 10.0):
            return
        self.last = now
        import torch  # loaded by the trainer already

        eta = f"{i.eta_seconds / 60:.1f} min left" if i.eta_seconds is not None else ""
        # Training keeps torch's own thread count (its batches are large); the line says what it is.
        line = (f"step {i.step}  loss {i.loss:.4f}  cell acc {i.token_accuracy:.3f}  "
                f"exact {i.exact_accuracy:.3f}  {i.seconds / 60:.1f} min  {torch.get_num_threads()} threads  {eta}")
        print(("\r" + line.ljust(100)) if self.tty else line, end="" if self.tty else "\n",
              file=self.stream, flush=True)

    def on_resume(self, step: int) -> None:
        print(f"resumed at step {step}", file=self.stream, flush=True)

    def on_eval(self, e: EvalInfo) -> None:
        print(("\n" if self.tty else "") + f"validation at step {e.step}: exact {e.exact_accuracy:.1%}, "
              f"cells {e.cell_accuracy:.1%}{'  (best so far, saved)' if e.best else ''}",
              file=self.stream, flush=True)


def _device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise solver_cli.CliError("--device cuda: no CUDA GPU is available on this machine")
    return name


def _init_distributed(device: str) -> None:
    import torch
    import torch.distributed as dist

    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if device == "cuda" else "gloo")
        if device == "cuda":
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))


@dataclass
class PreparedRun:
    """Everything a run needs, made from `trm train`'s arguments (the app's training process uses it too)."""
    cfg: TrainConfig
    train: list
    val: list
    out: Path
    base: TRM | None = None
    base_info: ModelInfo | None = None
    problems: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    arc: ArcRun | None = None          # ARC: the examples' sampler and the validation rows

    def trainer(self, callbacks: Callbacks, should_stop=None) -> Trainer:
        from .trainer import Trainer

        return Trainer(self.cfg, get_kind(self.cfg.kind), self.train, self.val, self.out, base_model=self.base,
                       callbacks=callbacks, should_stop=should_stop, meta=self.meta,
                       source=self.arc.source if self.arc else None,
                       val_ids=self.arc.val_ids if self.arc else None)


def prepare_training(a, recipe: str, say=lambda s: None) -> PreparedRun:
    from solver.arc_adapt import AdaptOptions

    from .arc_run import prepare as prepare_arc

    kind = a.kind
    if kind in UNAVAILABLE_KINDS:
        raise solver_cli.CliError(UNAVAILABLE_KINDS[kind])
    device = _device(a.device)
    rep, train, val = load_and_split(kind, a.data, a.seed)
    for problem in rep.problems:
        say(f"skipped {problem}")
    if not rep.puzzles:
        raise solver_cli.CliError(f"no usable {kind} puzzles in {', '.join(map(str, a.data))}")
    per_task = get_kind(kind).per_task
    if per_task:
        say(f"{len(train)} task(s) from {rep.files} file(s) ({len(rep.problems)} skipped), trained on their "
            f"demonstrations; {len(val)} test pair(s) with answers held out for validation")
    else:
        say(f"{len(rep.puzzles)} puzzles from {rep.files} files ({len(rep.problems)} skipped): "
            f"{len(train)} for training, {len(val)} held out for validation")

    base, info = None, None
    if a.base != "scratch":
        info = resolve_base(None if a.base in (None, "default") else a.base, kind)
        if info is None:
            if a.base not in (None, "default"):
                raise solver_cli.CliError(f"no model {a.base!r} for {kind}")
            say(f"no {kind} model installed to fine-tune; training from scratch")
        else:
            base, info = load_model(info, info.kind)
            say(f"fine-tuning {info.name} ({info.path})" + (f", a {info.kind} model" if info.kind != kind else ""))
    # The base's inference defaults (ensemble, ARC adaptation) stay those of the model made from it.
    inference = dict(info.meta.get("inference", {})) if base is not None else {}
    arc = None
    scratch_cfg = None
    if per_task:
        # --no-augment: each task as it is (the identity row alone); the model's adaptation default stays.
        A = int(inference.get("augmentations", AdaptOptions.augmentations)) if not a.no_augment else 1
        try:
            arc, base, scratch_cfg = prepare_arc(train, val, base, default_model_config(kind), A, a.seed)
        except ValueError as e:
            raise solver_cli.CliError(f"{info.path}: {e}") from None
        say(f"{len(arc.source.items)} demonstration samples ({A} augmentation(s) per task)")
    cfg = build_config(kind, a.preset, base.cfg if base is not None else None, a.max_minutes, device,
                       a.batch_size, a.seed, overrides_from_args(a), scratch_cfg)
    if base is not None and base.cfg != cfg.model:
        base.cfg = cfg.model  # only N_sup can differ: the weights are the same
    out = a.out or Path(platformdirs.user_data_dir(APP_NAME)) / "runs" / kind
    meta = {"recipe": recipe,
            "data": {"files": [str(p) for p in a.data], "train": len(train), "val": len(val)}}
    if inference:
        meta["inference"] = inference
    if arc is not None:
        meta["arc_tasks"] = arc.meta
    return PreparedRun(cfg, train, val, Path(out), base, info, rep.problems, meta, arc)


class StopAfterTheStep:
    """While in use, the first Ctrl-C asks the run to stop once the step in progress is done (cut in half,
    a step leaves a batch drawn and no update made: the saved state would resume differently); a second
    one interrupts at once. Where SIGINT is ignored (nohup), it stays ignored."""

    def __init__(self):
        self.stop = False
        self.previous = None

    def asked(self) -> bool:
        return self.stop

    def _ask(self, signum, frame) -> None:
        self.stop = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self) -> StopAfterTheStep:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self._ask)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def cmd_train(a) -> int:
    import torch.distributed as dist

    device = _device(a.device)
    _init_distributed(device)
    rank = dist.get_rank() if dist.is_initialized() else 0
    say = (lambda s: print(s, file=sys.stderr, flush=True)) if rank == 0 else (lambda s: None)
    run = prepare_training(a, "trm " + " ".join(sys.argv[1:]), say)
    out = run.out
    # One process: Ctrl-C stops the run between steps. Across processes (DDP) the ranks must stop at the
    # same step, so there it interrupts as Python does.
    ctrl_c = contextlib.nullcontext() if dist.is_initialized() else StopAfterTheStep()
    trainer = run.trainer(ProgressBar() if rank == 0 else Callbacks(), getattr(ctrl_c, "asked", None))
    if a.resume and not (out / "state.pt").exists():
        say(f"nothing to resume in {out}; starting a new run")
    try:
        with ctrl_c:
            result = trainer.run(resume=a.resume)
    except KeyboardInterrupt:
        # Mid-step: a state saved now would resume differently, so the last checkpoint is what resumes.
        say(f"\ninterrupted; resume from the last checkpoint with --resume --out {out}")
        return 130
    if result.stopped == "cancelled":
        say(f"\ninterrupted; the run is saved: resume with --resume --out {out}")
        return 130
    say(f"\n{result.stopped} after {result.steps} steps ({result.seconds / 60:.1f} min); best validation "
        f"exact {max(result.best_exact, 0):.1%}")
    if result.best_path is not None:
        say(f"model: {result.best_path}\nuse it: trm solve --model {result.best_path} PUZZLES")
    if dist.is_initialized():
        dist.destroy_process_group()
    return 0


def _fraction(v: str) -> float:
    x = float(v)
    if not 0 <= x < 1:
        raise argparse.ArgumentTypeError("must be at least 0 and below 1")
    return x


def build_parser():
    ap = solver_cli.build_parser()
    sub = next(a for a in ap._actions if a.dest == "command")
    t = sub.add_parser("train", help="train or fine-tune a model on your own puzzles")
    t.add_argument("--kind", required=True, choices=KIND_NAMES)
    t.add_argument("--data", required=True, nargs="+", help="puzzle files or folders")
    t.add_argument("--base", default=None, help="model to fine-tune (name or path), or 'scratch'")
    t.add_argument("--preset", default="quick", choices=tuple(PRESETS))
    t.add_argument("--max-minutes", type=float)
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--out", type=Path, help="run folder (checkpoints and the trained model)")
    t.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    t.add_argument("--resume", action="store_true", help="continue the run saved in --out")
    adv = t.add_argument_group("advanced (default: the preset's)")
    adv.add_argument("--lr", type=solver_cli._positive_float, help="peak learning rate")
    adv.add_argument("--max-steps", type=solver_cli._positive, help="stop after this many optimizer steps")
    adv.add_argument("--ema-decay", type=_fraction, help="EMA decay of the kept weights, below 1")
    adv.add_argument("--no-augment", action="store_true", help="train without symmetry augmentation")
    adv.add_argument("--eval-every", type=solver_cli._positive, help="validate every N steps")
    adv.add_argument("--T", type=solver_cli._positive, help="answer updates per supervision step (scratch only)")
    adv.add_argument("--n", type=solver_cli._positive, help="latent updates per answer update (scratch only)")
    adv.add_argument("--N-sup", dest="N_sup", type=solver_cli._positive, help="supervision steps")
    adv.add_argument("--checkpoint-every", type=solver_cli._positive,
                     help="save the resumable state every N steps (default 100)")
    t.set_defaults(func=cmd_train)
    return ap


def main(argv: list[str] | None = None) -> int:
    try:
        return solver_cli.run(argv, build_parser())
    except ValueError as e:  # e.g. a resumed run whose model shape differs
        print(f"trm: {e}", file=sys.stderr)
        return 2
    except ModelFileError as e:
        print(f"trm: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
