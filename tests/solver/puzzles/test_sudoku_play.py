"""solver.puzzles.sudoku_play: the saved game's text, the rules' candidates, marks after an entry."""
from __future__ import annotations

import numpy as np
import pytest

from solver.puzzles import sudoku_play
from solver.puzzles.base import PuzzleError

GIVENS = np.zeros((9, 9), np.int8)
GIVENS[0, 0] = 5


def test_saved_game_round_trip_and_checks():
    entries = np.zeros((9, 9), np.int8)
    entries[4, 4] = 7
    marks = np.zeros((9, 9, 10), bool)
    marks[0, 1, [2, 9]] = True
    text = sudoku_play.encode(entries, marks)
    back = sudoku_play.decode(text, GIVENS)
    assert np.array_equal(back.entries, entries) and np.array_equal(back.marks, marks)
    with pytest.raises(PuzzleError, match="not in a form"):
        sudoku_play.decode("v0:" + text[3:], GIVENS)
    entries[0, 0] = 3
    with pytest.raises(PuzzleError, match="writes over a given"):
        sudoku_play.decode(sudoku_play.encode(entries, marks), GIVENS)


def test_rule_candidates_and_marks_after_an_entry():
    cand = sudoku_play.rule_candidates(GIVENS)
    assert not cand[0, 0].any() and not cand[0, 8, 5] and not cand[8, 0, 5] and not cand[2, 2, 5]
    assert cand[4, 4, 5] and cand[4, 4].sum() == 9
    after = sudoku_play.after_entry(cand, 4, 4, 3)
    assert not after[4, 4].any() and not after[4, :, 3].any() and not after[:, 4, 3].any()
    assert not after[3:6, 3:6, 3].any() and after[0, 1, 3]


def test_wrong_entries():
    sol = np.ones((9, 9), np.int8)
    entries = np.zeros((9, 9), np.int8)
    entries[1, 2], entries[3, 3] = 2, 1
    assert sudoku_play.wrong_entries(entries, sol) == {(1, 2)}
    assert sudoku_play.wrong_entries(entries, None) == set()
