"""The logical solver end to end: hints on a person's grid, whole solutions, ratings, and that no step
ever disagrees with the unique solution."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from solver.puzzles.sudoku_generate import generate
from solver.puzzles.sudoku_logic import FALLBACKS, LogicError, explain, hint, rate
from solver.puzzles.sudoku_logic.board import Board, bit
from solver.puzzles.sudoku_logic.fallback import trial_and_error
from solver.puzzles.sudoku_logic.solver import FINDERS, agrees, find_step

ROOT = Path(__file__).resolve().parents[4]
# A minimal puzzle that needs more than singles (resources/samples/sudoku/hard.txt, line 1)
HARD = "...71....6.25....1.......49..42...9...9..3...2.18.5..6.2...4.....6....1.7.......5"
HARD_SOLUTION = "438719652692548371517632849364271598859463127271895436125984763986357214743126985"


def cells(s: str) -> list[int]:
    return [0 if ch == "." else int(ch) for ch in s]


def test_hint_on_the_givens_is_the_easiest_step():
    h = hint(cells(HARD))
    assert not h.solved and h.step.technique in ("Full house", "Hidden single", "Naked single")
    (i, d), = h.step.placements
    assert HARD_SOLUTION[i] == str(d)


def test_a_wrong_entry_is_pointed_out_without_revealing_the_digit():
    entries = cells(HARD)
    i = entries.index(0)
    entries[i] = 1 if HARD_SOLUTION[i] != "1" else 2
    step = hint(cells(HARD), entries).step
    assert step.technique == "Mistake" and step.clears == (i,) and not step.placements
    assert HARD_SOLUTION[i] not in step.explanation.split(":")[-1]


def test_candidates_that_lose_the_right_digit_are_a_mistake():
    g = cells(HARD)
    marks = [0] * 81
    i = g.index(0)
    marks[i] = 0x1FF & ~bit(int(HARD_SOLUTION[i]))
    step = hint(g, marks=marks).step
    assert step.technique == "Mistake" and step.clears == (i,)


def test_hints_build_on_the_persons_candidates():
    """After an elimination the person applied (in their marks), the next hint does not repeat it."""
    g = cells(HARD)
    b = Board.from_digits(g)
    sol = cells(HARD_SOLUTION)
    while True:
        step = find_step(b, sol)
        if step.eliminations:
            break
        step.apply(b)
    step.apply(b)
    again = hint(g, b.digits, b.cands).step
    assert set(again.eliminations).isdisjoint(step.eliminations) or again.placements


def test_a_solved_grid_has_no_hint():
    h = hint(cells(HARD), cells(HARD_SOLUTION))
    assert h.solved and h.step is None


def test_puzzles_without_one_solution_are_refused():
    with pytest.raises(LogicError, match="more than one solution"):
        hint([0] * 81)
    bad = cells(HARD)
    bad[1] = bad[3]  # 7 twice in row 1
    with pytest.raises(LogicError, match="no solution"):
        explain(bad)


def test_a_changed_given_is_refused():
    g = cells(HARD)
    entries = list(g)
    entries[3] = 0
    with pytest.raises(LogicError, match="r1c4 is a given 7"):
        hint(g, entries)


def test_explain_solves_and_ends_on_the_solution():
    ex = explain(cells(HARD), strict=True)
    b = Board.from_digits(cells(HARD))
    for s in ex.steps:
        s.apply(b)
    assert ex.solved and b.digits == cells(HARD_SOLUTION)
    assert ex.hardest.level >= 2  # more than singles


def test_rate_names_the_hardest_technique():
    r = rate(cells(HARD))
    assert r.technique == explain(cells(HARD)).hardest.technique
    assert r.steps == sum(r.counts.values())
    easy = generate(np.random.default_rng(5), "easy")
    assert rate(easy.givens.ravel().tolist()).level == 1


def test_the_fallback_steps_only_when_no_pattern_applies():
    lines = gzip.open(ROOT / "training/campaigns/sudoku/hard_val.txt.gz", "rt").read().split("\n")
    checked = 0
    for line in lines[:40]:
        if not line.strip():
            continue
        q, a = line.split()[:2]
        sol = cells(a)
        b = Board.from_digits(cells(q))
        while not b.solved():
            step = find_step(b, sol, strict=True)
            if step.technique in FALLBACKS:
                assert all(f(b) is None for f in FINDERS)
                (i, d), = step.eliminations
                assert sol[i] != d and b.cands[i] & bit(d)
                checked += 1
            step.apply(b)
    assert checked > 0


def test_trial_and_error_is_always_a_true_elimination():
    sol = cells(HARD_SOLUTION)
    b = Board.from_digits(cells(HARD))
    step = trial_and_error(b, sol)
    assert step is not None and agrees(step, b, sol)


@pytest.mark.parametrize("level", ["easy", "medium", "hard", "extreme"])
def test_no_step_disagrees_with_the_solution_on_generated_puzzles(level):
    rng = np.random.default_rng(29)
    for _ in range(12):
        p = generate(rng, level)
        ex = explain(p.givens.ravel().tolist(), strict=True, solution=p.solution.ravel().tolist())
        assert ex.solved


def test_no_step_disagrees_with_the_solution_on_the_committed_hard_sets():
    lines = gzip.open(ROOT / "training/campaigns/sudoku/hard_val.txt.gz", "rt").read().split()
    puzzles = [(lines[k], lines[k + 1]) for k in range(0, len(lines), 3)]
    assert len(puzzles) == 80
    for q, a in puzzles:
        assert explain(cells(q), strict=True, solution=cells(a)).solved
