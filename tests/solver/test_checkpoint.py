import json
import pickle

import pytest
import torch

from solver.checkpoint import ModelFileError, list_models, load_model, read_info, resolve, save_model
from solver.model import TRM


def test_round_trip_and_registry(tmp_path, tiny_sudoku_config, monkeypatch):
    monkeypatch.setenv("TRM_USER_MODELS", str(tmp_path))
    m = TRM(tiny_sudoku_config)
    p = save_model(m, tmp_path / "mine", "sudoku", {"validation": {"exact_accuracy": 0.5}})
    loaded, info = load_model(p)
    assert info.kind == "sudoku" and info.config == tiny_sudoku_config and info.meta["validation"]
    for a, b in zip(m.state_dict().values(), loaded.state_dict().values()):
        assert torch.equal(a, b)
    assert any(x.name == "mine" and not x.bundled for x in list_models("sudoku"))
    assert resolve("mine", "sudoku").path == p
    with pytest.raises(ModelFileError, match="cannot solve maze"):
        resolve(str(p), "maze")
    with pytest.raises(ModelFileError, match="no model named"):
        resolve("nope", "sudoku")


def test_truncated_and_garbage_files_are_refused(tmp_path, tiny_sudoku_config):
    p = save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku")
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="damaged"):
        load_model(p)
    p.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(ModelFileError, match="damaged"):
        load_model(p)
    p.with_suffix(".json").write_text("{not json")
    with pytest.raises(ModelFileError, match="not valid JSON"):
        read_info(p)


def test_pickle_files_are_refused_without_running_them(tmp_path):
    ran = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (open, (str(ran), "w"))

    bad = tmp_path / "evil.pt"
    bad.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(ModelFileError, match="refused"):
        read_info(bad)
    # Even renamed to .safetensors, a pickle is not read as one.
    fake = tmp_path / "evil.safetensors"
    fake.write_bytes(pickle.dumps(Evil()))
    fake.with_suffix(".json").write_text(json.dumps({"kind": "sudoku", "config": {"vocab_size": 11, "seq_len": 81}}))
    with pytest.raises(ModelFileError):
        load_model(fake)
    assert not ran.exists()


def test_mismatched_weights_are_refused(tmp_path, tiny_sudoku_config):
    p = save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku")
    meta = json.loads(p.with_suffix(".json").read_text())
    meta["config"]["hidden_size"] = 64
    p.with_suffix(".json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="do not match"):
        load_model(p)


def test_registry_skips_other_networks_and_reports_broken_ones(tmp_path, monkeypatch, tiny_sudoku_config):
    from solver.checkpoint import problems

    monkeypatch.setenv("TRM_USER_MODELS", str(tmp_path))
    (tmp_path / "digits.safetensors").write_bytes(b"x")
    (tmp_path / "digits.json").write_text(json.dumps({"kind": "digits"}))
    (tmp_path / "broken.safetensors").write_bytes(b"x")
    save_model(TRM(tiny_sudoku_config), tmp_path / "ok", "sudoku")
    assert [m.name for m in list_models() if not m.bundled] == ["ok"]
    assert any("broken" in p for p in problems()) and not any("digits" in p for p in problems())


def test_the_bundled_sudoku_model_loads_and_solves(monkeypatch):
    from solver.checkpoint import BUNDLED_DIR
    from solver.puzzles import sudoku
    from solver.solve import options_for, solve

    monkeypatch.delenv("TRM_BUNDLED_MODELS")
    info = resolve(None, "sudoku")
    # A bundled model that fails to load fails here (it used to skip).
    assert info is not None and info.bundled and info.path.parent == BUNDLED_DIR
    model, info = load_model(info)
    opts = options_for(info, neural_only=True)
    assert opts.ensemble >= 1
    p = sudoku.from_string("53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79")
    r = solve(p, "sudoku", model, opts)
    assert r.solved_by == "network" and r.verified


def test_the_bundled_sudoku_x_model_loads_and_with_repair_solves_an_x_puzzle(monkeypatch):
    import numpy as np

    from solver.puzzles import sudoku_x
    from solver.solve import options_for, solve

    monkeypatch.delenv("TRM_BUNDLED_MODELS")
    info = resolve(None, "sudoku-x")
    assert info is not None and info.bundled and info.kind == "sudoku-x" and info.name == "sudoku-x"
    model, info = load_model(info)
    p = sudoku_x.generate(np.random.default_rng(1), "easy")
    r = solve(p, "sudoku-x", model, options_for(info))
    assert r.verified and r.solved_by in ("network", "network+search") and np.array_equal(r.answer, p.solution)


def test_the_bundled_maze_model_finds_a_shortest_path_on_its_own(monkeypatch):
    from solver.puzzles import maze
    from solver.resources import resource_path
    from solver.solve import options_for, solve

    monkeypatch.delenv("TRM_BUNDLED_MODELS")
    info = resolve(None, "maze")
    assert info is not None and info.bundled
    model, info = load_model(info)
    assert model.cfg.mixer == "conv"
    p = maze.parse(resource_path("samples", "maze", "medium.txt").read_text())[0]
    r = solve(p, "maze", model, options_for(info, neural_only=True))
    assert r.solved_by == "network" and r.verified and r.verdict.details["shortest"]


def test_the_bundled_arc_model_loads_with_its_tasks_and_adaptation_defaults(monkeypatch):
    from solver.checkpoint import problems
    from solver.solve import options_for

    monkeypatch.delenv("TRM_BUNDLED_MODELS")
    assert problems() == []
    info = resolve(None, "arc")
    assert info is not None and info.bundled and info.name == "arc"
    model, info = load_model(info, "arc")
    assert model.cfg.puzzle_emb_len == 1 and model.puzzle_emb.weight.shape[0] == info.config.num_puzzle_ids
    opts = options_for(info)
    assert opts.adapt.steps == info.meta["inference"]["adapt_steps"] and opts.adapt.max_seconds == 240
