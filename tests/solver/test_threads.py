"""The thread policy (solver.threads): who gets how many intra-op threads, the override, and that the
engine's network calls run under it."""
import pytest
import torch

from solver import threads
from solver.model import TRM
from solver.model_config import TRMConfig, parameter_count, tensor_shapes
from solver.puzzles import sudoku
from solver.solve import SolveOptions, solve

PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


@pytest.fixture
def passive_two_cores(monkeypatch):
    monkeypatch.setattr(threads, "passive", lambda: True)
    monkeypatch.setattr(threads, "cores", lambda: 2)


def test_small_calls_get_one_thread_and_large_ones_the_cores(passive_two_cores):
    sud = TRMConfig(vocab_size=11, seq_len=81, mixer="mlp")
    maze = TRMConfig(vocab_size=6, seq_len=900, hidden_size=64, num_heads=4)
    assert threads.choose(sud, SolveOptions(ensemble=8)) == 1
    assert threads.choose(maze, SolveOptions(ensemble=8)) == threads.choose(maze, batch=256) == 2


def test_spinning_threads_always_get_one(monkeypatch):
    monkeypatch.setattr(threads, "passive", lambda: False)
    monkeypatch.setattr(threads, "cores", lambda: 2)
    maze = TRMConfig(vocab_size=6, seq_len=900, hidden_size=64, num_heads=4)
    assert threads.choose(maze, batch=256) == 1


def test_an_override_wins_and_the_old_count_comes_back(passive_two_cores):
    cfg = TRMConfig(vocab_size=11, seq_len=81, mixer="mlp")
    old = torch.get_num_threads()
    with threads.use_threads(3, cfg) as n:
        assert n == 3 and torch.get_num_threads() == 3
    assert torch.get_num_threads() == old
    assert threads.describe(threads.AUTO, cfg) == "1 (auto)" and threads.describe(2, cfg) == "2"


def test_solve_runs_the_network_with_the_chosen_threads(tiny_sudoku_config):
    m = TRM(tiny_sudoku_config).eval()
    seen = []
    old = torch.get_num_threads()
    solve(sudoku.from_string(PUZ), "sudoku", m, SolveOptions(threads=2, max_steps=2),
          on_step=lambda s: seen.append(torch.get_num_threads()))
    assert seen and set(seen) == {2}
    assert torch.get_num_threads() == old


@pytest.mark.parametrize("cfg", [
    TRMConfig(vocab_size=11, seq_len=81, hidden_size=64, mixer="mlp", ffn_multiple=32),
    TRMConfig(vocab_size=6, seq_len=900, hidden_size=64, num_heads=4),
    TRMConfig(vocab_size=12, seq_len=900, hidden_size=64, num_heads=4, puzzle_emb_len=16, num_puzzle_ids=5),
    TRMConfig(vocab_size=12, seq_len=900, hidden_size=64, mixer="conv", conv_kernel=5, puzzle_emb_len=1,
              num_puzzle_ids=3),
])
def test_shapes_and_parameter_count_are_what_the_network_holds(cfg):
    with torch.device("meta"):
        net = TRM(cfg)
    assert tensor_shapes(cfg) == {k: tuple(v.shape) for k, v in net.state_dict().items()}
    assert parameter_count(cfg) == net.num_parameters()
