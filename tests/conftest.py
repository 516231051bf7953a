"""Shared fixtures: user dirs isolated per test, a tiny random model per kind, fast torch settings."""
from __future__ import annotations

import os

import pytest
import torch
from hypothesis import settings

# Deterministic property tests: the same examples on every run and machine, no example database.
settings.register_profile("trm", derandomize=True, database=None, deadline=None)
settings.load_profile("trm")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("TRM_USER_MODELS", str(tmp_path / "user_models"))
    # Tests see no bundled TRM unless they ask for one: results must not change when a model lands.
    monkeypatch.setenv("TRM_BUNDLED_MODELS", str(tmp_path / "no_bundled_models"))
    monkeypatch.setenv("TRM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg_data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg_config"))
    yield


@pytest.fixture
def tiny_sudoku_config():
    from solver.model import TRMConfig

    return TRMConfig(vocab_size=11, seq_len=81, hidden_size=32, ffn_multiple=32, mixer="mlp", T=2, n=2, N_sup=3)


@pytest.fixture
def tiny_maze_config():
    from solver.model import TRMConfig

    return TRMConfig(vocab_size=6, seq_len=900, hidden_size=16, ffn_multiple=16, num_heads=2,
                     mixer="attention", T=1, n=1, N_sup=2)
