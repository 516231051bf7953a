"""`trm --help`, `trm generate`, `trm models` and usage errors answer without importing torch (issue 25:
torch costs seconds of start-up)."""
from __future__ import annotations

import json
import subprocess
import sys

RUN = """
import contextlib, io, json, sys
from training.cli import main
seen = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            rc = main(argv)
        except SystemExit as e:
            rc = e.code
    seen[" ".join(argv)] = [rc, "torch" in sys.modules]
print(json.dumps(seen))
"""


def _run(commands: list[list[str]]) -> dict:
    p = subprocess.run([sys.executable, "-c", RUN, json.dumps(commands)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_commands_that_need_no_network_never_import_torch():
    seen = _run([["--help"], ["generate", "--kind", "sudoku", "--count", "1"], ["generate", "--kind", "maze"],
                 ["models"], ["solve", "--threads", "x", "-"], ["bench", "--kind", "nothing"], ["train", "--help"]])
    assert seen == {"--help": [0, False], "generate --kind sudoku --count 1": [0, False],
                    "generate --kind maze": [0, False], "models": [0, False],
                    "solve --threads x -": [2, False], "bench --kind nothing": [2, False],
                    "train --help": [0, False]}


def test_the_check_sees_torch_once_solve_loads_it(tmp_path):
    # trm solve imports the solve path (torch) even for the exact search: the check above can see torch
    f = tmp_path / "p.txt"
    f.write_text("53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79\n")
    assert _run([["solve", str(f)]]) == {f"solve {f}": [0, True]}
