"""Hostile inputs for every entry point of `trm` (issue 26), and a driver that runs them.

    python -m tests.fuzz.corpus [--mutations N] [--seed S]     (the suite runs it with a small N)

Each case is a `trm` command line over a file made here and the exit statuses it may end with (0 solved,
1 unsolved, 2 bad input, 3 no grid). A case passes when the command returns one of them within its time,
raises nothing, and writes only one-line `trm: ...` messages to stderr that name the file. The fixed cases
are the issue's (a 10 MB line, a 20000x20000 image, 100,000-deep JSON, crafted sidecars, ...); `--mutations`
adds seeded random corruptions of valid files of every format. All run in one process, whose peak memory
is reported. Prints a JSON summary; exit 1 on any failure.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.bombs import png_bomb

SUDOKU = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"
MAZE = "#######\n#S  # #\n# # # #\n# #   #\n# ### #\n#    G#\n#######\n"
ARC = {"train": [{"input": [[1, 0], [0, 1]], "output": [[2, 0], [0, 2]]}], "test": [{"input": [[1, 1]]}]}
BAD, NO_GRID = {2}, {2, 3}
# Lines of stderr that are not errors: trm's own messages, and trm train's account of its data and progress.
CHATTER = re.compile(r"trm: |unreadable: |skipped |step \d|validation at|resumed at|nothing to resume|"
                     r"fine-tuning |no \w+ model installed|\d+ (puzzles|task)|finished after|model: |use it: ")
LIMIT_S = 30          # CPU seconds per case; the slowest fixed case takes about 1 s here
WALL_LIMIT_S = 300    # wall seconds per case: a wait that burns no CPU (a deadlock) is a hang too


class CaseTimeout(BaseException):
    """A case over its limit. Not an OSError (as TimeoutError is): trm's own handlers must not catch it."""


@dataclass
class Case:
    name: str
    argv: list[str]
    statuses: set[int]
    file: str            # what the error must name


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


def fixed_cases(d: Path) -> list[Case]:
    cases: list[Case] = []

    def solve(name, data, kind="auto", statuses=BAD, extra=()):
        p = _write(d, name, data)
        cases.append(Case(f"solve {name}", ["solve", str(p), "--kind", kind, *extra], statuses, p.name))

    big_line = "1" * (10 * 1024 * 1024)
    for kind in ("sudoku", "maze", "arc", "auto"):
        solve(f"line10mb.{kind}.txt", big_line + "\n", kind)
    solve("deep.json", "[" * 100_000 + "]" * 100_000, "arc")
    solve("deep_obj.json", '{"train": ' + "[" * 100_000 + "]" * 100_000 + "}", "arc")
    solve("bigint.json", '{"train": [{"input": [[1' + "0" * 5000 + "]]}]}", "arc")
    solve("nan.json", '{"train": [{"input": [[NaN]], "output": [[1]]}], "test": [{"input": [[1]]}]}', "arc")
    solve("floats.json", json.dumps({**ARC, "test": [{"input": [[1.5]]}]}), "arc")
    solve("huge_grid.json", json.dumps({**ARC, "test": [{"input": [[1] * 31] * 31}]}), "arc")
    solve("colour.json", json.dumps({**ARC, "test": [{"input": [[10, -1]]}]}), "arc")
    solve("ragged.json", json.dumps({**ARC, "test": [{"input": [[1, 2], [3]]}]}), "arc")
    solve("empty_lists.json", json.dumps({"train": [], "test": []}), "arc")
    solve("strings.json", json.dumps({"train": "x", "test": [{"input": "abc"}]}), "arc")
    solve("null.json", "null", "arc")
    solve("many_tests.json", json.dumps({**ARC, "test": [{"input": [[1]]}] * 100}), "arc", {0, 1, 2})
    solve("empty.txt", "")
    solve("nul.txt", b"\x00" * 1000)
    solve("binary.txt", bytes(range(256)) * 64)
    solve("utf16.txt", SUDOKU.encode("utf-16"), "sudoku")
    solve("bom.txt", "\ufeff" + SUDOKU + "\n", "sudoku", {0})
    solve("latin1.txt", SUDOKU[:-1].encode() + b"\xe9\n", "sudoku")
    solve("short.txt", SUDOKU[:80] + "\n", "sudoku")
    solve("contradiction.txt", "55" + SUDOKU[2:] + "\n", "sudoku", {1, 2})
    solve("letters.txt", "x" * 81 + "\n", "sudoku")
    solve("bad_solution.txt", SUDOKU + " " + "9" * 81 + "\n", "sudoku")
    solve("sdk8.sdk", "\n".join(SUDOKU[i:i + 9] for i in range(0, 72, 9)) + "\n", "sudoku")
    solve("wide.sdk", "\n".join(SUDOKU[i:i + 9] + "99" for i in range(0, 81, 9)) + "\n", "sudoku")
    solve("csv_cols.csv", "source,q,a,rating\nx," + SUDOKU + "\n", "sudoku")
    solve("csv_header.csv", "a,b\n1,2\n", "sudoku")
    solve("million_lines.txt", "\n" * 1_000_000, "sudoku")
    solve("many_sudokus.txt", (SUDOKU + "\n") * 20000, "sudoku", {0, 1, 2})
    solve("maze_no_start.txt", MAZE.replace("S", " "), "maze")
    solve("maze_two_goals.txt", MAZE.replace("#    G#", "#G   G#"), "maze")
    solve("maze_big.txt", "\n".join(["#" * 400] * 400) + "\n", "maze")
    solve("maze_walled.txt", MAZE.replace("# #   #", "#######"), "maze", {1, 2})
    solve("maze_chars.txt", MAZE.replace(" ", "~"), "maze")
    cases.append(Case("solve missing", ["solve", str(d / "missing.txt")], BAD, "missing.txt"))
    cases.append(Case("solve folder", ["solve", str(d), "--kind", "sudoku"], BAD, d.name))

    def photo(name, data, statuses=BAD):
        p = _write(d, name, data)
        cases.append(Case(f"read-photo {name}", ["read-photo", str(p), "--format", "json"], statuses, p.name))
        cases.append(Case(f"read-photo text {name}", ["read-photo", str(p)], statuses, p.name))

    for side in (20000, 32768, 65535):
        photo(f"bomb{side}.png", png_bomb(side))
    photo("wide_bomb.png", png_bomb(200_000, 1))
    photo("empty.png", b"")
    photo("text.png", "not an image\n")
    photo("truncated.png", _png(200)[:300])
    photo("header_only.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20)
    photo("tiny.png", _png(4))
    photo("clear.png", _png(300, transparent=True), NO_GRID)
    photo("blank.png", _png(300), NO_GRID)
    cases.append(Case("read-photo missing", ["read-photo", str(d / "nope.png")], BAD, "nope.png"))
    return cases


def _png(side: int, transparent: bool = False) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA" if transparent else "RGB", (side, side), (0, 0, 0, 0) if transparent else "white").save(
        buf, "PNG")
    return buf.getvalue()


def model_cases(d: Path) -> list[Case]:
    """`trm solve --model X` with crafted sidecars and damaged weights; `trm models` with all of them
    in the user's folder; `trm train --resume` over damaged states."""
    import torch

    from solver.checkpoint import save_model
    from solver.model import TRM, TRMConfig
    from tests.solver.test_sidecar_validation import BAD_FIELDS

    torch.manual_seed(0)
    cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=1, n=1, N_sup=2)
    users = d / "user_models"
    puzzle = _write(d, "one.txt", SUDOKU + "\n")
    cases = []
    variants = [(f"field{i}", change) for i, (change, _) in enumerate(BAD_FIELDS)]
    raw = {"deep": "[" * 100_000, "bigint": '{"kind": "sudoku", "config": {"T": 1' + "0" * 5000 + "}}",
           "list": "[]", "nul": "\0", "huge": '{"x": "' + "y" * (5 * 2**20) + '"}'}
    for name, change in variants + [(k, None) for k in raw]:
        p = save_model(TRM(cfg), users / name, "sudoku", {"inference": {"ensemble": 2}, "validation": {}})
        side = p.with_suffix(".json")
        if change is None:
            side.write_text(raw[name])
        else:
            meta = json.loads(side.read_text())
            change(meta)
            side.write_text(json.dumps(meta))
        cases.append(Case(f"solve --model {name}", ["solve", str(puzzle), "--model", str(p)], {0, 1, 2}, p.stem))
    for name, data in (("truncated", None), ("garbage", b"\x00garbage" * 100), ("header", b"\xff" * 8 + b"{}")):
        p = save_model(TRM(cfg), users / name, "sudoku")
        p.write_bytes(p.read_bytes()[:200] if data is None else data)
        cases.append(Case(f"solve --model weights {name}", ["solve", str(puzzle), "--model", str(p)], BAD, p.name))
    pickle_file = _write(d, "evil.pt", b"\x80\x04cos\nsystem\n(S'touch /tmp/trm-fuzz-ran'\ntR.")
    cases.append(Case("solve --model pickle", ["solve", str(puzzle), "--model", str(pickle_file)], BAD, "evil.pt"))
    # With every broken model above beside the user's good ones: listed, never fatal.
    cases.append(Case("models (broken user models)", ["models", "--format", "json"], {0}, ""))
    cases.append(Case("solve beside broken user models", ["solve", str(puzzle)], {0}, ""))
    return cases


def training_cases(d: Path) -> list[Case]:
    """`trm train` over hostile data files and damaged resume states (refused before training)."""
    cases = []
    common = ["--base", "scratch", "--max-steps", "1", "--batch-size", "2", "--device", "cpu", "--T", "1",
              "--n", "1", "--N-sup", "1"]
    for name, kind, data in (("bad.txt", "sudoku", "x" * 81 + "\n"), ("deep.json", "arc", "[" * 100_000),
                             ("big.txt", "sudoku", "1" * (10 * 2**20)), ("nul.txt", "maze", b"\0" * 5000),
                             ("empty.json", "arc", "{}"), ("colours.json", "arc", json.dumps({**ARC, "train": [
                                 {"input": [[11]], "output": [[1]]}]}))):
        p = _write(d, f"train_{name}", data)
        cases.append(Case(f"train {name}", ["train", "--kind", kind, "--data", str(p), "--out", str(d / "run_x"),
                                            *common], BAD, p.name))
    from tests.fuzz.kill_resume import write_data

    good = write_data(d)
    for name, data in (("empty", b""), ("garbage", b"PK\x03\x04" + b"0" * 64),
                       ("pickle", b"\x80\x04cos\nsystem\n(S'touch /tmp/trm-fuzz-ran'\ntR.")):
        run = d / f"run_{name}"
        run.mkdir()
        (run / "state.pt").write_bytes(data)
        cases.append(Case(f"train --resume state {name}",
                          ["train", "--kind", "sudoku", "--data", str(good), "--out", str(run), "--resume", *common],
                          BAD, "state.pt"))
    return cases


def mutated_cases(d: Path, count: int, seed: int) -> list[Case]:
    """Valid files of every format with random bytes flipped, cut, repeated or inserted."""
    rng = random.Random(seed)
    seeds = [("sudoku", "txt", (SUDOKU + "\n") * 3), ("sudoku", "sdk", "\n".join(SUDOKU[i:i + 9]
             for i in range(0, 81, 9)) + "\n"), ("sudoku", "csv", f"source,q,a,rating\nx,{SUDOKU},,1\n"),
             ("maze", "txt", MAZE + "\n" + MAZE), ("arc", "json", json.dumps(ARC))]
    cases = []
    for i in range(count):
        kind, ext, text = seeds[i % len(seeds)]
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 6)):
            op, at = rng.randrange(5), rng.randrange(max(1, len(data)))
            if op == 0 and data:
                data[at] = rng.randrange(256)
            elif op == 1:
                del data[at:at + rng.randint(1, 40)]
            elif op == 2:
                data[at:at] = data[at:at + rng.randint(1, 20)] * rng.randint(2, 50)
            elif op == 3:
                data[at:at] = rng.choice([b"[", b"{", b'"', b"\n", b"\0", b"\xff", b"-1", b"1e999", b"S", b"G"])
            else:
                data = data[:at]
        p = _write(d, f"mut{i}.{ext}", bytes(data))
        cases.append(Case(f"solve mut{i}.{ext}", ["solve", str(p), "--kind", rng.choice([kind, "auto"])],
                          {0, 1, 2}, p.name))
    return cases


def run_case(case: Case) -> dict:
    from training.cli import main

    out, err = io.StringIO(), io.StringIO()
    row = {"name": case.name}
    t, cpu = time.perf_counter(), time.process_time()
    # CPU time, not wall time, for the limit: a loaded machine stretches a case's wall time tenfold, and an
    # interruption mid-import would leave a module half-initialised for every later case.
    signal.setitimer(signal.ITIMER_PROF, LIMIT_S)
    signal.alarm(WALL_LIMIT_S)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(case.argv)
        row["status"] = status
    except CaseTimeout:
        row["status"], row["hang"] = None, True
    except SystemExit as e:      # argparse: usage errors are exit 2 with its own message
        row["status"] = e.code
    except BaseException as e:  # noqa: BLE001 - the point of the driver: anything escaping is a failure
        row["status"], row["traceback"] = None, f"{type(e).__name__}: {str(e)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
    row["seconds"], row["cpu_seconds"] = round(time.perf_counter() - t, 2), round(time.process_time() - cpu, 2)
    lines = [ln for ln in err.getvalue().splitlines() if ln.strip()]
    problems = [ln for ln in lines if not CHATTER.match(ln)]
    if row["status"] not in case.statuses:
        row["wrong_status"] = f"{row['status']} not in {sorted(case.statuses)}"
    if problems or "Traceback" in err.getvalue():
        row["bad_stderr"] = problems[:3] or ["Traceback"]
    if row["status"] == 2 and case.file and lines and not any(case.file in ln for ln in lines) \
            and case.file not in out.getvalue():
        row["unnamed_file"] = case.file
    if any(len(ln) > 500 for ln in lines):
        row["long_line"] = True
    if any(k in row for k in ("wrong_status", "bad_stderr", "unnamed_file", "long_line")):
        row["stderr"] = err.getvalue()[-400:]
    row["ok"] = not any(k in row for k in ("hang", "traceback", "wrong_status", "bad_stderr", "unnamed_file",
                                           "long_line"))
    return row


def _alarm(signum, frame):
    raise CaseTimeout


def run(mutations: int = 40, seed: int = 0, folder: Path | None = None) -> dict:
    import torch

    torch.set_num_threads(1)
    d = folder or Path(tempfile.mkdtemp(prefix="trm-fuzz-"))
    os.environ["TRM_USER_MODELS"] = str(d / "user_models")
    os.environ.setdefault("TRM_BUNDLED_MODELS", str(d / "no_bundled"))
    os.environ["TRM_DATA_DIR"] = str(d / "data")
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    cases = fixed_cases(d) + model_cases(d) + training_cases(d) + mutated_cases(d, mutations, seed)
    rows = [run_case(c) for c in cases]
    failed = [r for r in rows if not r["ok"]]
    return {"cases": len(rows), "failed": len(failed), "failures": failed,
            "tracebacks": sum("traceback" in r for r in rows), "hangs": sum("hang" in r for r in rows),
            "wrong_status": sum("wrong_status" in r for r in rows),
            "slowest": sorted(((r["seconds"], r["name"]) for r in rows), reverse=True)[:5],
            "most_cpu": sorted(((r["cpu_seconds"], r["name"]) for r in rows), reverse=True)[:5],
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "ran_payload": os.path.exists("/tmp/trm-fuzz-ran")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutations", type=int, default=int(os.environ.get("TRM_FUZZ_MUTATIONS", 400)))
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    summary = run(a.mutations, a.seed)
    print(json.dumps(summary, indent=1))
    return 0 if summary["failed"] == 0 and not summary["ran_payload"] else 1


if __name__ == "__main__":
    sys.exit(main())
