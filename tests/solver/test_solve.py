import numpy as np
import torch

from solver.model import TRM
from solver.puzzles import arc, maze, sudoku
from solver.solve import SolveOptions, solve

PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"
SOL = "534678912672195348198342567859761423426853791713924856961537284287419635345286179"


def _sol():
    return np.array([int(c) for c in SOL], np.int8).reshape(9, 9)


def test_no_model_is_labelled_search():
    r = solve(sudoku.from_string(PUZ), "sudoku", None)
    assert r.solved_by == "search" and r.verified and np.array_equal(r.answer, _sol())
    assert "no trained sudoku model" in r.describe()


def test_untrained_network_is_repaired_and_counts_changes(tiny_sudoku_config):
    torch.manual_seed(0)
    m = TRM(tiny_sudoku_config).eval()
    r = solve(sudoku.from_string(PUZ), "sudoku", m, SolveOptions(keep_trace=True))
    assert r.verified and np.array_equal(r.answer, _sol())
    assert r.solved_by == "network+search" and r.cells_changed > 0
    assert r.cells_changed == int(np.count_nonzero(r.network_answer != r.answer))
    assert len(r.trace) >= 1 and r.describe().startswith("network + search fixed")


def test_neural_only_never_claims_a_wrong_answer(tiny_sudoku_config):
    m = TRM(tiny_sudoku_config).eval()
    r = solve(sudoku.from_string(PUZ), "sudoku", m, SolveOptions(neural_only=True))
    assert r.solved_by == "none" and not r.verified and r.cells_changed == 0



def test_a_correct_network_answer_is_labelled_network(tiny_sudoku_config, monkeypatch):
    m = TRM(tiny_sudoku_config).eval()
    target = torch.from_numpy(sudoku.encode_target(sudoku.from_string(PUZ), _sol()))

    def heads(y):
        logits = torch.full((y.shape[0], 81, 11), -10.0)
        logits[:, torch.arange(81), target] = 10.0
        return logits, torch.full((y.shape[0],), -5.0)

    monkeypatch.setattr(m, "heads", heads)
    r = solve(sudoku.from_string(PUZ), "sudoku", m)
    assert r.solved_by == "network" and r.verified and r.steps == 1


def test_contradictory_givens_say_which_cells():
    r = solve(sudoku.from_string("77" + "." * 79), "sudoku", None)
    assert r.solved_by == "none" and r.answer is None
    assert "r1c1 and r1c2 both hold 7" in r.describe()


def test_maze_falls_back_to_bfs(tiny_maze_config):
    m = TRM(tiny_maze_config).eval()
    p = maze.generate(np.random.default_rng(0), "easy")
    r = solve(p, "maze", m)
    assert r.verified and r.solved_by == "search" and r.verdict.details["shortest"]
    assert solve(p, "maze", m, SolveOptions(neural_only=True)).solved_by == "none"


def test_arc_without_model_is_answered_by_the_program_search():
    (p, *_) = arc.parse(open("resources/samples/arc/mirror.json").read(), "mirror.json")
    r = solve(p, "arc", None)
    assert r.solved_by == "search" and r.verified and r.program == "flip left-right"


def test_cancel_stops_without_repair(tiny_sudoku_config):
    m = TRM(tiny_sudoku_config).eval()
    r = solve(sudoku.from_string(PUZ), "sudoku", m, should_stop=lambda: True)
    assert r.cancelled and r.steps == 1 and r.solved_by == "none" and "cancelled" in r.describe()


def test_the_sidecars_adaptation_defaults_reach_the_options():
    from types import SimpleNamespace

    from solver.solve import options_for

    info = SimpleNamespace(meta={"inference": {"adapt_steps": 40, "augmentations": 4, "fine_tune_lr": 0.003,
                                               "adapt_minutes": 4}})
    a = options_for(info).adapt
    assert (a.steps, a.augmentations, a.fine_tune_lr, a.max_seconds) == (40, 4, 0.003, 240)
    asked = options_for(info, adapt_steps=5, adapt_minutes=0.5).adapt
    assert (asked.steps, asked.max_seconds) == (5, 30)
    assert options_for(None).adapt.fine_tune_lr == 0.0 and options_for(None).adapt.max_seconds is None
