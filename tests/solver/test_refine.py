import numpy as np
import torch

from solver.model import TRM
from solver.puzzles import maze, sudoku
from solver.refine import RefineStep, refine, refine_batch
from tests.solver.stub_network import StubNetwork, confidence

PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_refine_streams_every_answer_update(tiny_sudoku_config):
    torch.manual_seed(0)
    m = TRM(tiny_sudoku_config).eval()
    p = sudoku.from_string(PUZ)
    steps = list(refine(p, m, sudoku.KIND, stop_on_halt=False))
    cfg = tiny_sudoku_config
    assert len(steps) == cfg.T * cfg.N_sup
    assert [(s.step, s.cycle) for s in steps[:3]] == [(0, 0), (0, 1), (1, 0)]
    s = steps[0]
    assert isinstance(s, RefineStep) and s.answer.shape == (9, 9) and s.confidence.shape == (9, 9)
    assert s.changed.all()  # everything is new at the first update
    for a, b in zip(steps, steps[1:]):
        assert np.array_equal(b.changed, a.answer != b.answer)
    assert all(0.0 <= s.halt_prob <= 1.0 for s in steps)


def test_halting_stops_arc_but_never_a_sudoku_that_breaks_the_rules(tiny_sudoku_config):
    from solver.model import TRMConfig
    from solver.puzzles import arc

    m = TRM(tiny_sudoku_config).eval()
    with torch.no_grad():
        m.halt_head.bias.fill_(10.0)  # "done" at once
    steps = list(refine(sudoku.from_string(PUZ), m, sudoku.KIND))
    assert not steps[-1].rules_ok  # a random network's answer...
    assert len(steps) == tiny_sudoku_config.T * tiny_sudoku_config.N_sup  # ...runs every step
    a = TRM(TRMConfig(vocab_size=12, seq_len=900, hidden_size=8, ffn_multiple=8, mixer="conv", T=2, n=1,
                      N_sup=3)).eval()
    with torch.no_grad():
        a.halt_head.bias.fill_(10.0)
    task = arc.ArcTask("t", ((np.zeros((2, 2)), np.ones((2, 2))),), (np.zeros((2, 2)),), (None,))
    assert len(list(refine(arc.ArcPuzzle(task), a, arc.KIND))) == 2  # one supervision step of T=2


def _solving_copies_only(*puzzles: sudoku.SudokuPuzzle, N_sup: int = 2) -> StubNetwork:
    """A network that solves every augmented copy in its own orientation (givens sure, the rest less so),
    and echoes the unaugmented puzzles (blanks stay blank: rules broken), so only a copy mapped back right
    gives the solution and the confidences of the givens."""
    plain = {sudoku.encode_input(p).tobytes() for p in puzzles}

    def answer(tokens):
        margin = np.where(tokens > 1, 9.0, 2.0)
        if tokens.tobytes() in plain:
            return tokens, margin
        copy = sudoku.SudokuPuzzle((tokens - 1).reshape(9, 9).astype(np.int8))
        return sudoku.encode_target(copy, sudoku.solve_exact(copy)), margin

    return StubNetwork(answer, sudoku.VOCAB_SIZE, N_sup)


def test_ensemble_maps_answers_back():
    p = sudoku.from_string(PUZ)
    steps = list(refine(p, _solving_copies_only(p), sudoku.KIND, ensemble=4))
    assert len(steps) == 1 and steps[0].rules_ok  # an augmented copy's answer, mapped back, obeys the rules
    assert np.array_equal(steps[0].answer, sudoku.solve_exact(p))
    # Its confidences moved back with its cells: high exactly on this puzzle's givens.
    sure = np.isclose(steps[0].confidence, confidence(9.0, sudoku.VOCAB_SIZE))
    assert np.array_equal(sure, p.givens > 0)


def test_batch_matches_single(tiny_sudoku_config):
    torch.manual_seed(1)
    m = TRM(tiny_sudoku_config).eval()
    rng = np.random.default_rng(0)
    from solver.puzzles.sudoku_generate import generate
    ps = [generate(rng, "easy") for _ in range(3)]
    res = refine_batch(ps, m, sudoku.KIND, batch_size=2, stop_on_halt=False, stop_on_rules=False)
    for p, a in zip(ps, res.answers):
        last = list(refine(p, m, sudoku.KIND, stop_on_halt=False, stop_on_rules=False))[-1]
        assert np.array_equal(last.answer, a)
    assert res.exact_by_step.shape == (tiny_sudoku_config.N_sup,)


def test_maze_confidence_is_laid_out_like_the_grid(tiny_maze_config):
    m = TRM(tiny_maze_config).eval()
    p = maze.generate(np.random.default_rng(0), "easy")
    s = next(refine(p, m, maze.KIND))
    assert s.answer.shape == p.grid.shape == s.confidence.shape


def test_batched_ensemble_keeps_a_rule_abiding_copy():
    from solver.puzzles.sudoku_generate import generate
    from solver.refine import refine_batch_ensemble

    ps = [generate(np.random.default_rng(i), "easy") for i in range(2)]
    res = refine_batch_ensemble(ps, _solving_copies_only(*ps, N_sup=3), sudoku.KIND, ensemble=3)
    assert [np.array_equal(a, sudoku.solve_exact(p)) for a, p in zip(res.answers, ps)] == [True, True]
    assert res.exact_by_step is None and res.steps.tolist() == [1, 1]  # stopped when a copy obeyed the rules


def test_a_valid_detour_is_not_a_finished_maze():
    from solver.refine import _acceptable

    p = maze.parse("S..\n.#.\n..G\n")[0]
    short = maze.bfs_path(p)
    detour = maze.parse("Soo\n.#o\n..G\n")[0].solution  # also 4 moves: equally short
    assert _acceptable(maze.KIND, p, short) and _acceptable(maze.KIND, p, detour)
    q = maze.parse("Soooo\n.###o\nGoooo\n")[0]  # a valid path of 10 moves where 2 would do
    v = maze.check(q, q.solution)
    assert v.ok and not v.details["shortest"]
    assert not _acceptable(maze.KIND, q, q.solution)



def _solving_after(calls: int, always_givens: int = -1, N_sup: int = 3) -> StubNetwork:
    """A network that echoes every copy (blanks stay blank: rules broken) for its first `calls` answers,
    then solves every copy in its own orientation; a copy with `always_givens` givens (augmentations keep
    the count: it is one puzzle's copies) it solves from the start."""
    seen = [0]

    def answer(tokens):
        seen[0] += 1
        copy = sudoku.SudokuPuzzle((tokens - 1).reshape(9, 9).astype(np.int8))
        if seen[0] > calls or int((copy.givens > 0).sum()) == always_givens:
            return sudoku.encode_target(copy, sudoku.solve_exact(copy)), np.full(81, 5.0)
        return tokens, np.full(81, 5.0)

    return StubNetwork(answer, sudoku.VOCAB_SIZE, N_sup)


def test_a_round_that_misses_is_followed_by_fresh_copies():
    p = sudoku.from_string(PUZ)
    # Round 1 (2 copies x 3 steps = 6 answers) echoes the puzzle; the second round's first step solves it.
    steps = list(refine(p, _solving_after(6), sudoku.KIND, ensemble=2, rounds=2))
    assert [s.step for s in steps] == [0, 1, 2, 3] and [s.rules_ok for s in steps] == [False] * 3 + [True]
    assert np.array_equal(steps[-1].answer, sudoku.solve_exact(p))  # a fresh copy's answer, mapped back
    one = list(refine(p, _solving_after(6), sudoku.KIND, ensemble=2, rounds=1))
    assert len(one) == 3 and not one[-1].rules_ok
    # An answer that obeys the rules in the first round ends it: no second round.
    assert len(list(refine(p, _solving_copies_only(p), sudoku.KIND, ensemble=4, rounds=3))) == 1


def test_batched_rounds_run_again_only_the_puzzles_missed():
    from solver.puzzles.sudoku_generate import generate
    from solver.refine import refine_batch_ensemble

    a, b = (generate(np.random.default_rng(i), "easy") for i in range(2))
    if (a.givens > 0).sum() == (b.givens > 0).sum():  # one more given tells a's copies from b's
        r, c = np.argwhere(a.givens == 0)[0]
        g = a.givens.copy()
        g[r, c] = sudoku.solve_exact(a)[r, c]
        a = sudoku.SudokuPuzzle(g)
    n_a = int((a.givens > 0).sum())
    # Round 1, 2 copies each: a's solved at step 0; b's echoed at steps 0-2 (4 + 2 + 2 = 8 answers).
    res = refine_batch_ensemble([a, b], _solving_after(8, n_a), sudoku.KIND, ensemble=2, rounds=2)
    assert [np.array_equal(x, sudoku.solve_exact(p)) for x, p in zip(res.answers, (a, b))] == [True, True]
    assert res.steps.tolist() == [1, 3 + 1]  # b: all of round 1, then the first step of round 2
    once = refine_batch_ensemble([a, b], _solving_after(8, n_a), sudoku.KIND, ensemble=2)
    assert [np.array_equal(x, sudoku.solve_exact(p)) for x, p in zip(once.answers, (a, b))] == [True, False]
    assert once.steps.tolist() == [1, 3]
