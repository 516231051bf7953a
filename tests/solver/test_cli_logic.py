"""trm hint, trm rate, trm solve --explain."""
import json
from pathlib import Path

from solver.puzzles.sudoku_logic import Board, find_step
from training.cli import main

ROOT = Path(__file__).resolve().parents[2]
HARD = ROOT / "resources/samples/sudoku/hard.txt"
Q = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
A = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def singles_done() -> str:
    """Q with every single placed: its next step is an elimination."""
    b = Board.from_digits([0 if c == "." else int(c) for c in Q])
    while (s := find_step(b, [int(c) for c in A])).placements:
        s.apply(b)
    return "".join(str(d) if d else "." for d in b.digits)


def test_hint_text_names_technique_region_and_cell(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(Q + "\n")
    code, out, _ = run(capsys, "hint", f)
    assert code == 0
    assert out.splitlines() == ["Hidden single (box 2): r2c5 is the only place for 4 in box 2: the other empty "
                                "cells of box 2 see a 4.", "-> r2c5 = 4"]


def test_hint_on_my_entries_leads_to_the_next_digit(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(Q + "\n")
    code, out, _ = run(capsys, "hint", f, "--entries", singles_done(), "--format", "json")
    row = json.loads(out)
    assert code == 0 and row["step"]["eliminations"] and not row["step"]["placements"]
    assert row["then"] and row["then"][-1]["placements"]  # the steps up to the next digit
    for s in [row["step"]] + row["then"]:
        for p in s["placements"]:
            r, c = int(p["cell"][1]), int(p["cell"][3])
            assert A[(r - 1) * 9 + c - 1] == str(p["digit"])


def test_hint_points_out_a_wrong_entry(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(Q + "\n")
    mine = "9" + Q[1:]  # r1c1 is 4
    code, out, _ = run(capsys, "hint", f, "--entries", mine)
    assert code == 0 and out.startswith("Mistake: r1c1 does not fit")


def test_hint_refuses_bad_input_in_one_line(tmp_path, capsys):
    empty = tmp_path / "e.txt"
    empty.write_text("." * 81 + "\n")
    code, _, err = run(capsys, "hint", empty)
    assert code == 2 and err.strip() == (f"trm: {empty}:1: the puzzle has more than one solution, so no step "
                                         "can be proved from it alone")
    code, _, err = run(capsys, "hint", HARD, "--entries", Q)
    assert code == 2 and "for a file of one puzzle" in err
    code, _, err = run(capsys, "hint", ROOT / "resources/samples/maze/small.txt")
    assert code == 2 and "for Sudoku" in err and "Traceback" not in err


def test_rate_prints_one_row_per_puzzle(capsys):
    code, out, _ = run(capsys, "rate", HARD, "--format", "jsonl")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 10
    for r in rows:
        assert r["technique"] and r["grade"] and r["search_guesses"] >= 1 and r["steps"] == sum(r["counts"].values())
    code, out, _ = run(capsys, "rate", HARD)
    assert "hardest technique" in out.splitlines()[0] and len(out.splitlines()) == 11


def test_solve_explain_numbers_every_step(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(Q + "\n")
    code, out, _ = run(capsys, "solve", f, "--explain")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("puzzle 1 (") and "steps, hardest:" in lines[0]
    assert lines[1].startswith("  1. Hidden single (box 2)")
    code, out, _ = run(capsys, "solve", f, "--explain", "--format", "json")
    row = json.loads(out)
    assert row["solution"] == A and row["verified"] and row["solved_by"] == "logic"
    assert len(row["explanation"]) == row["steps"]
