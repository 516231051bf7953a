import json
import subprocess
import sys
from pathlib import Path

import pytest

from solver.checkpoint import save_model
from solver.model import TRM
from solver.puzzles import sudoku
from training.cli import main

ROOT = Path(__file__).resolve().parents[2]
PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_generate_then_solve_many_as_jsonl(tmp_path, capsys):
    f = tmp_path / "s.txt"
    assert run(capsys, "generate", "--kind", "sudoku", "--count", "4", "--difficulty", "hard", "--seed", "1",
               "--out", str(f))[0] == 0
    code, out, err = run(capsys, "solve", str(f), "--format", "jsonl")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 4 and "exact search" in err
    for i, r in enumerate(rows):
        assert r["index"] == i and r["kind"] == "sudoku" and r["verified"] and r["solved_by"] == "search"
        assert {"solution", "steps", "seconds"} <= set(r) and r["matches_expected"]
        p = sudoku.parse(r["puzzle"])[0]
        assert sudoku.check(p, sudoku.parse(r["solution"])[0].givens).ok


def test_solve_with_a_model_and_trace(tmp_path, capsys, tiny_sudoku_config):
    save_model(TRM(tiny_sudoku_config), tmp_path / "user_models" / "sudoku", "sudoku")
    f = tmp_path / "one.txt"
    f.write_text(PUZ + "\n")
    code, out, _ = run(capsys, "solve", str(f), "--format", "jsonl", "--trace")
    r = json.loads(out)
    assert r["solved_by"] == "network+search" and r["verified"] and len(r["trace"]) >= 2
    assert {"step", "cycle", "answer", "halt_prob", "rules_ok", "changed"} <= set(r["trace"][0])
    code, out, _ = run(capsys, "solve", str(f), "--format", "json", "--neural-only")
    assert code == 1 and json.loads(out)["solved_by"] == "none"


def test_maze_and_arc_files(capsys):
    code, out, _ = run(capsys, "solve", str(ROOT / "resources/samples/maze/hard.txt"), "--format", "jsonl")
    r = json.loads(out)
    assert code == 0 and r["kind"] == "maze" and r["shortest"] and r["verified"]
    code, out, err = run(capsys, "solve", str(ROOT / "resources/samples/arc/mirror.json"), "--format", "jsonl")
    r = json.loads(out)
    assert code == 0 and r["solved_by"] == "search" and r["program"] == "flip left-right" and "arc" in err


@pytest.mark.parametrize("content, needle", [
    ("hello world\n", "bad.txt:1:"), (PUZ[:60] + "\n", "60"), ("{\"train\": [", "line"),
    ("#####\n#S  #\n#####\n", "G"),
])
def test_bad_input_is_one_clear_line(tmp_path, capsys, content, needle):
    f = tmp_path / "bad.txt"
    f.write_text(content)
    kind = "arc" if content.startswith("{") else "auto"
    code, out, err = run(capsys, "solve", str(f), "--kind", kind)
    assert code == 2 and err.count("\n") == 1 and str(f) in err and needle in err


def test_missing_binary_and_oversized_files(tmp_path, capsys, monkeypatch):
    assert "no such file" in run(capsys, "solve", str(tmp_path / "none.txt"))[2]
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    assert "binary" in run(capsys, "solve", str(b))[2]
    import solver.puzzles.base as base
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text((PUZ + "\n") * 5)
    code, _, err = run(capsys, "solve", str(big))
    assert code == 2 and "refused" in err


def test_eval_reports_the_contract_fields(tmp_path, capsys, tiny_sudoku_config):
    f = tmp_path / "s.txt"
    run(capsys, "generate", "--kind", "sudoku", "--count", "3", "--seed", "2", "--out", str(f))
    save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku")
    code, out, _ = run(capsys, "eval", str(f), "--kind", "sudoku", "--model", str(tmp_path / "m.safetensors"),
                       "--neural-only", "--format", "json")
    r = json.loads(out)
    assert code == 0 and {"n", "exact_accuracy", "cell_accuracy", "mean_steps", "puzzles_per_second"} <= set(r)
    assert r["n"] == 3 and 0 <= r["cell_accuracy"] <= 1


def test_models_lists_user_models(tmp_path, capsys, tiny_sudoku_config):
    save_model(TRM(tiny_sudoku_config), tmp_path / "user_models" / "mine", "sudoku")
    code, out, _ = run(capsys, "models", "--format", "json")
    assert code == 0 and any(m["name"] == "mine" for m in json.loads(out)["models"])


def test_real_process_never_prints_a_traceback(tmp_path):
    f = tmp_path / "g.txt"
    f.write_bytes(b"\xff\xfe not utf8 \x80")
    p = subprocess.run([sys.executable, "-m", "training.cli", "solve", str(f)], cwd=ROOT, capture_output=True,
                       text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "UTF-8" in p.stderr
    p = subprocess.run([sys.executable, "-m", "training.cli", "solve", "--format", "jsonl"], cwd=ROOT,
                       input="\n".join([PUZ] * 3), capture_output=True, text=True)
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 3
