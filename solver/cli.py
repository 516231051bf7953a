"""The `trm` command: solve, eval, generate, models, bench, read-photo, hint, rate.

`trm train` is added by training.cli, which builds on this parser: the engine does not depend on the
training package. Every error is one line on stderr naming the file, line or cell, with a non-zero exit:
2 for bad input or usage, 1 when some puzzle went unsolved, 3 for a photo without a grid.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

# Nothing here imports torch: `trm --help`, `trm generate`, `trm models` and usage errors answer without
# it (about 3 s of start-up on these machines); the commands that run a network import it when they run.
from .checkpoint import ModelFileError, list_models, problems, resolve
from .inputs import load_puzzles
from .puzzles import KIND_NAMES, get_kind
from .puzzles.base import PuzzleError
from .threads import AUTO


class CliError(Exception):
    """A message for the user and an exit status."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def _positive(v: str) -> int:
    n = int(v)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _threads(v: str) -> int | None:
    """--threads: `auto` (the policy of solver.threads) or a count."""
    if v == "auto":
        return AUTO
    try:
        return _positive(v)
    except ValueError:
        raise argparse.ArgumentTypeError("give auto or a number of threads, at least 1") from None


def _model_for(kind: str, a, quiet: bool = False):
    """The model and the solve options: the flags given, else the model's own inference defaults
    (see solve.options_for)."""
    from dataclasses import replace

    from .checkpoint import load_model
    from .solve import options_for

    info = resolve(a.model, kind)
    if info is None:
        if a.neural_only:
            raise CliError(f"no trained {kind} model is installed; --neural-only needs one (see trm models)")
        if not quiet:
            how = "only the program search answers" if get_kind(kind).per_task else "solving by exact search"
            print(f"trm: no trained {kind} model yet; {how}", file=sys.stderr)
        return None, options_for(None, a.neural_only, a.max_steps, a.ensemble, getattr(a, "trace", False),
                                 rounds=getattr(a, "rounds", None))
    model, info = load_model(info, kind)
    opts = options_for(info, a.neural_only, a.max_steps, a.ensemble, getattr(a, "trace", False),
                       a.adapt_steps, a.adapt_minutes, getattr(a, "network_second", False),
                       getattr(a, "rounds", None))
    return model, replace(opts, threads=a.threads)


def _adapt_progress(label: str):
    """A stderr line for ARC test-time adaptation: live on a terminal, every 15 s otherwise."""
    tty, last = sys.stderr.isatty(), [0.0]

    def show(p) -> None:
        if not tty and p.seconds - last[0] < 15 and p.step < p.steps:
            return
        last[0] = p.seconds
        line = (f"adapting to {label}: step {p.step}/{p.steps}{p.limit()}, demonstration cells "
                f"{p.demo_accuracy:.1%}, {p.seconds:.0f} s" + (f", {p.reproduced()}" if p.demo_exact else ""))
        print(("\r" + line.ljust(90)) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    return show


def cmd_solve(a) -> int:
    if a.explain:
        from .cli_logic import cmd_explain

        return cmd_explain(a)
    from .report import result_json, result_text
    from .solve import solve

    kind, puzzles, _ = load_puzzles(a.path, a.kind)
    model, opts = _model_for(kind, a)
    unsolved = 0
    results = []
    for i, p in enumerate(puzzles):
        on_adapt = _adapt_progress(getattr(p, "name", f"#{i}")) if get_kind(kind).per_task else None
        r = solve(p, kind, model, opts, on_adapt=on_adapt)
        if r.adapt_steps and sys.stderr.isatty():
            print(file=sys.stderr)
        unsolved += r.solved_by == "none"
        if a.format == "jsonl":
            print(json.dumps(result_json(i, p, r, a.trace)), flush=True)
        elif a.format == "json":
            results.append(result_json(i, p, r, a.trace))
        else:
            print(result_text(i, p, r, a.trace) + "\n", flush=True)
    if a.format == "json":
        print(json.dumps(results if len(results) != 1 else results[0], indent=1))
    return 1 if unsolved else 0


def cmd_eval(a) -> int:
    from .evaluate import evaluate

    kind, puzzles, _ = load_puzzles(a.path, a.kind)
    if a.limit:
        puzzles = puzzles[: a.limit]
    model, opts = _model_for(kind, a, quiet=a.format == "json")
    tty = sys.stderr.isatty()

    def progress(i: int, n: int) -> None:
        if tty:
            print(f"\r{i}/{n}", end="" if i < n else "\n", file=sys.stderr, flush=True)

    res = evaluate(puzzles, kind, model, opts, progress)
    if a.format == "json":
        print(json.dumps(res, indent=1))
    else:
        for k in ("n", "exact_accuracy", "cell_accuracy", "mean_steps", "puzzles_per_second"):
            v = res[k]
            print(f"{k:20s} {v:.4f}" if isinstance(v, float) else f"{k:20s} {v}")
        if "solved_by" in res:
            print(f"{'solved_by':20s} {res['solved_by']}")
    return 0


def cmd_generate(a) -> int:
    kind = get_kind(a.kind)
    if a.difficulty not in kind.difficulties:
        raise CliError(f"--difficulty {a.difficulty}: {kind.name} puzzles come in {', '.join(kind.difficulties)}")

    def one(rng):
        return kind.format(kind.generate(rng, a.difficulty))
    rng = np.random.default_rng(a.seed)
    out = open(a.out, "w") if a.out else sys.stdout
    tty = sys.stderr.isatty() and a.out is not None
    try:
        out.write(kind.file_header)
        for i in range(a.count):
            out.write(one(rng) + (kind.file_separator if i < a.count - 1 else "\n"))
            if tty:
                print(f"\r{i + 1}/{a.count}", end="", file=sys.stderr, flush=True)
    finally:
        if a.out:
            out.close()
    if tty:
        print(file=sys.stderr)
    return 0


def cmd_models(a) -> int:
    models = list_models()
    rows = []
    for m in models:
        acc = m.meta.get("validation", {}).get("exact_accuracy")
        rows.append({"name": m.name, "kind": m.kind, "bundled": m.bundled, "path": str(m.path),
                     "hidden_size": m.config.hidden_size, "mixer": m.config.mixer,
                     "validation_exact": acc})
    if a.format == "json":
        print(json.dumps({"models": rows, "problems": problems()}, indent=1))
        return 0
    if not rows:
        print("no models installed; trm solve uses the exact search")
    for r in rows:
        acc = f"{r['validation_exact']:.1%} exact on validation" if r["validation_exact"] is not None else ""
        where = "bundled" if r["bundled"] else "user"
        print(f"{r['name']:16s} {r['kind']:7s} D={r['hidden_size']:<4d} {r['mixer']:9s} {where:7s} {acc}  {r['path']}")
    for p in problems():
        print(f"unreadable: {p}", file=sys.stderr)
    return 0


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_bench(a) -> int:
    if a.busy:
        from . import bench_busy

        res = bench_busy.run((a.kind,) if a.kind else bench_busy.KINDS, a.threads, a.repeat, log=_log)
        if not res["cases"]:
            raise CliError("no trained model is installed to time (see trm models)")
    else:
        from . import bench

        if (a.kind is not None and a.kind not in bench.BENCHES) or len(a.threads) > 1:
            raise CliError("--kind arc and several --threads are for trm bench --busy")
        res = bench.run(a.kind, log=_log, threads=a.threads[0])
    print(json.dumps(res, indent=1))
    return 0


def _read_photos(a) -> int:
    """Several photos (or a folder, or --format jsonl): one JSON line a photo, as each is read; the exit
    status is 0 when all were read, else the worst of 2 (unreadable) and 3 (no grid)."""
    from .vision import batch

    status = 0
    for row in batch.read_many(batch.photo_paths(a.image), a.kind):
        print(json.dumps(row), flush=True)
        if "error" in row:
            status = 2 if 2 in (status, row["status"]) else row["status"]
    return status


def cmd_read_photo(a) -> int:
    from .vision import DIGIT_GRIDS, NoGridFound, read_photo

    several = len(a.image) > 1 or a.format == "jsonl" or Path(a.image[0]).is_dir()
    if a.corners is not None and several:
        raise PuzzleError("--corners is for one photo at a time")
    if several:
        return _read_photos(a)
    try:
        r = read_photo(a.image[0], a.kind, corners=a.corners)
    except (NoGridFound, PuzzleError) as e:
        if a.format != "json":
            if isinstance(e, NoGridFound) and e.best_corners is not None:
                print(f"trm: the nearest outline to a grid was at --corners "
                      f"{','.join(f'{v:.0f}' for v in e.best_corners.ravel())}", file=sys.stderr)
            raise
        print(json.dumps(e.to_json() if isinstance(e, NoGridFound) else {"error": str(e)}))
        return getattr(e, "status", 2)
    if a.format == "json":
        print(json.dumps(r.to_json(), indent=1))
        return 0
    if r.kind in DIGIT_GRIDS:
        from .puzzles import sudoku

        print(sudoku.format_grid(r.grid))
    else:
        print(r.grid_text())
    low = [(i, float(c)) for i, c in enumerate(r.confidence.ravel()) if c < 0.8]
    cols = r.grid.shape[1]
    print(f"\n{r.kind} {r.grid.shape[0]}x{cols}, read in {r.seconds:.2f}s; lowest confidence "
          f"{float(r.confidence.min()):.2f}" + (", unsure: " + ", ".join(
              f"r{i // cols + 1}c{i % cols + 1} ({c:.2f})" for i, c in low[:12]) if low else ""))
    for note in r.details.get("repairs", []):
        print(f"read by the rules: {note}")
    for p in r.details.get("problems", []):
        print(f"trm: {r.source}: {p}", file=sys.stderr)
    return 0


def _corners_arg(v: str) -> list[list[float]]:
    """--corners x1,y1,...,x4,y4 -> 4 [x, y] pairs."""
    try:
        xs = [float(t) for t in v.replace(";", ",").split(",") if t.strip()]
    except ValueError:
        xs = []
    if len(xs) != 8:
        raise argparse.ArgumentTypeError("give 8 numbers: x1,y1,x2,y2,x3,y3,x4,y4 (TL TR BR BL, photo pixels)")
    return [xs[i:i + 2] for i in range(0, 8, 2)]


def _positive_float(v: str) -> float:
    x = float(v)
    if not x > 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return x


def _threads_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--threads", type=_threads, default=AUTO, metavar="auto|N",
                   help="threads of the network (default auto: one for small calls, which is fastest beside "
                   "other programs, more for large ones)")


def _rounds_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rounds", type=_positive,
                   help="Sudoku, maze: when no copy's answer obeys the rules after all the steps, up to R-1 more "
                   "rounds of K fresh copies (default: the model's)")


def _adapt_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("ARC test-time adaptation (default: the model's)")
    g.add_argument("--adapt-steps", type=_positive, help="optimizer steps of adaptation per task")
    g.add_argument("--adapt-minutes", type=_positive_float, help="stop adapting after this many minutes")
    g.add_argument("--network-second", action="store_true",
                   help="when only one program of the search reproduces the demonstrations, still adapt the "
                   "network for the second attempt (minutes)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="trm", description="Solve Sudoku, mazes and ARC grids with a Tiny "
                                 "Recursive Model, on the CPU.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("solve", help="solve the puzzles of a file (or stdin)")
    s.add_argument("path", nargs="?", default="-", help="puzzle file, or - for standard input")
    s.add_argument("--kind", default="auto", choices=("auto",) + KIND_NAMES)
    s.add_argument("--model", help="model name (see trm models) or .safetensors path")
    s.add_argument("--neural-only", action="store_true", help="the network's own answer: no repair or search")
    s.add_argument("--max-steps", type=_positive, help="supervision steps (default: the model's N_sup)")
    s.add_argument("--ensemble", type=_positive,
                   help="run K symmetry-augmented copies and keep the best answer (default: the model's)")
    _rounds_flag(s)
    s.add_argument("--format", default="text", choices=("text", "json", "jsonl"))
    s.add_argument("--trace", action="store_true", help="include every refinement step")
    s.add_argument("--explain", action="store_true",
                   help="Sudoku: the whole logical solution as numbered steps (techniques, no network)")
    _threads_flag(s)
    _adapt_flags(s)
    s.set_defaults(func=cmd_solve)

    e = sub.add_parser("eval", help="accuracy and speed on a file of puzzles")
    e.add_argument("path")
    e.add_argument("--kind", default="auto", choices=("auto",) + KIND_NAMES)
    e.add_argument("--model")
    e.add_argument("--neural-only", action="store_true")
    e.add_argument("--limit", type=_positive)
    e.add_argument("--max-steps", type=_positive)
    e.add_argument("--ensemble", type=_positive, help="K augmented copies (default: the model's)")
    _rounds_flag(e)
    e.add_argument("--format", default="text", choices=("text", "json"))
    _threads_flag(e)
    _adapt_flags(e)
    e.set_defaults(func=cmd_eval)

    g = sub.add_parser("generate", help="generate puzzles with their solutions")
    g.add_argument("--kind", required=True, choices=tuple(k for k in KIND_NAMES if get_kind(k).difficulties))
    g.add_argument("--count", type=_positive, default=1)
    g.add_argument("--difficulty", default="medium",   # solver.puzzles.sudoku_generate.DIFFICULTIES
                   choices=("easy", "medium", "hard", "extreme", "diabolical", "nightmare", "17-clue-like"))
    g.add_argument("--seed", type=int, default=None)
    g.add_argument("--out", type=Path)
    g.set_defaults(func=cmd_generate)

    m = sub.add_parser("models", help="list bundled and user models")
    m.add_argument("--format", default="text", choices=("text", "json"))
    m.set_defaults(func=cmd_models)

    b = sub.add_parser("bench", help="time the solvers and networks on this machine")
    b.add_argument("--kind", choices=("sudoku", "maze", "arc"), help="only this kind (--busy: also arc)")
    b.add_argument("--busy", action="store_true",
                   help="the latency set idle and beside a CPU-bound process the bench starts and stops itself, "
                   "alternated in one run, with the busy/idle ratio per model")
    b.add_argument("--threads", type=_threads, nargs="+", default=[AUTO], metavar="auto|N",
                   help="network threads; --busy times each value given (e.g. --threads auto 1 2)")
    b.add_argument("--repeat", type=_positive, default=3, help="--busy: idle and busy samples per case")
    b.set_defaults(func=cmd_bench)

    r = sub.add_parser("read-photo", help="read a puzzle from a photo or screenshot (exit status 3: no grid)")
    r.add_argument("image", nargs="+", help="JPEG, PNG, BMP, TIFF or WebP files, or folders of them; "
                   "several: one JSON line a photo")
    r.add_argument("--kind", choices=KIND_NAMES, help="what the photo shows (default: guess)")
    r.add_argument("--format", default="text", choices=("text", "json", "jsonl"))
    r.add_argument("--corners", type=_corners_arg, metavar="x1,y1,x2,y2,x3,y3,x4,y4",
                   help="read the Sudoku grid at these outer corners (photo pixels, TL TR BR BL) instead of "
                   "looking for it; a no-grid error's best_corners is a place to start")
    r.set_defaults(func=cmd_read_photo)

    from .cli_logic import add_parsers  # trm hint, trm rate

    add_parsers(sub)
    return ap


def run(argv: list[str] | None, parser: argparse.ArgumentParser) -> int:
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (PuzzleError, ModelFileError, CliError) as e:
        print(f"trm: {e}", file=sys.stderr)
        return getattr(e, "status", 2)
    except BrokenPipeError:
        # The reader went away (`trm solve ... | head`): not an error; silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        print(f"trm: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("trm: interrupted", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    return run(argv, build_parser())


if __name__ == "__main__":
    sys.exit(main())
