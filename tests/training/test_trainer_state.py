"""The files a run leaves behind, under failure (issue 26): a full disk or a crash mid-write keeps the old
file whole, and a damaged, foreign or malicious state.pt is refused in one line, never executed."""
import errno
import os
import pickle

import numpy as np
import pytest
import torch

from solver import checkpoint
from solver.checkpoint import ModelFileError, atomic_write_bytes, load_model, save_model
from solver.model import TRM
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import generate
from training.config import TrainConfig
from training.trainer import Trainer


def _full_disk(monkeypatch):
    """os.fsync fails as on a full disk, after part of the file went out."""
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(checkpoint.os, "fsync", fsync)


def test_a_full_disk_mid_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "f.bin"
    atomic_write_bytes(path, b"old contents")
    _full_disk(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(path, b"new contents, longer than before")
    assert path.read_bytes() == b"old contents" and [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_save_model_on_a_full_disk_keeps_the_old_model_loadable(tmp_path, monkeypatch, tiny_sudoku_config):
    torch.manual_seed(0)
    old = TRM(tiny_sudoku_config)
    path = save_model(old, tmp_path / "m", "sudoku", {"trained_steps": 1})
    _full_disk(monkeypatch)
    with pytest.raises(OSError):
        save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku", {"trained_steps": 2})
    monkeypatch.undo()
    loaded, info = load_model(path)
    assert info.meta["trained_steps"] == 1
    assert all(torch.equal(a, b) for a, b in zip(old.state_dict().values(), loaded.state_dict().values()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.safetensors"]


def test_a_crash_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "f.bin"
    atomic_write_bytes(path, b"old")

    def crash(src, dst):
        raise KeyboardInterrupt   # as a signal would, after the new bytes are on disk, before the rename
    monkeypatch.setattr(checkpoint.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory):
    """A Trainer factory for one run folder, and the bytes of the state.pt a 2-step run left there (run once
    for every case below: each case damages its own copy)."""
    from solver.model import TRMConfig

    rng = np.random.default_rng(0)
    puzzles = [generate(rng, "easy") for _ in range(6)]
    model = TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=1, n=1, N_sup=2)
    cfg = TrainConfig(kind="sudoku", model=model, batch_size=2, max_steps=2, checkpoint_every=1, warmup_steps=1,
                      seed=0)
    folder = tmp_path_factory.mktemp("saved") / "run"
    Trainer(cfg, sudoku.KIND, puzzles, [], folder).run()
    return (lambda out: Trainer(cfg, sudoku.KIND, puzzles, [], out)), (folder / "state.pt").read_bytes()


class Evil:
    def __reduce__(self):
        return (open, ("/tmp/trm-evil-ran", "w"))


@pytest.mark.parametrize("content, words", [
    (b"", "damaged training checkpoint"),
    (b"PK\x03\x04" + b"0" * 100, "damaged training checkpoint"),
    (pickle.dumps(Evil()), "damaged training checkpoint"),
    ("truncated", "damaged training checkpoint"),
    ("list", "not a training state of this app"),
    ("no model", "not a training state of this app"),
    ("bad step", "damaged training checkpoint (ValueError: step -5"),
    ("bad weights", "damaged training checkpoint (RuntimeError"),
    ("bad carry", "batch in flight does not fit"),
])
def test_a_damaged_or_malicious_state_is_refused_in_one_line(saved_run, content, words, tmp_path):
    trainer, saved = saved_run
    path = tmp_path / "run" / "state.pt"
    path.parent.mkdir()
    path.write_bytes(saved)
    good = torch.load(path, weights_only=True)
    if content == "truncated":
        content = path.read_bytes()[:-200]
    elif content == "list":
        torch.save([1, 2], path)
    elif content == "no model":
        torch.save({"config": {}}, path)
    elif content in ("bad step", "bad weights", "bad carry"):
        if content == "bad step":
            good["step"] = -5
        elif content == "bad weights":
            good["model"]["embed.weight"] = torch.zeros(2, 2)
        else:
            good["carry"]["x"] = good["carry"]["x"][:1]
        torch.save(good, path)
    if isinstance(content, bytes):
        path.write_bytes(content)
    if os.path.exists("/tmp/trm-evil-ran"):
        os.unlink("/tmp/trm-evil-ran")
    with pytest.raises(ModelFileError) as e:
        trainer(path.parent).load_state()
    assert str(e.value).startswith(str(path)) and words in str(e.value) and "\n" not in str(e.value)
    assert not os.path.exists("/tmp/trm-evil-ran")


def test_a_kill_between_the_two_renames_of_a_save_is_finished_by_the_next_reader(tmp_path, monkeypatch,
                                                                                   tiny_sudoku_config):
    torch.manual_seed(0)
    path = save_model(TRM(tiny_sudoku_config), tmp_path / "m", "sudoku", {"trained_steps": 1})
    new = TRM(tiny_sudoku_config)
    real_replace = checkpoint.os.replace

    def killed_after_the_weights(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(".safetensors"):
            raise KeyboardInterrupt   # the weights are in place; the sidecar's rename never happens
    monkeypatch.setattr(checkpoint.os, "replace", killed_after_the_weights)
    with pytest.raises(KeyboardInterrupt):
        save_model(new, path, "sudoku", {"trained_steps": 2})
    monkeypatch.undo()
    loaded, info = load_model(path)          # the new weights with their own sidecar, not the old one's
    assert info.meta["trained_steps"] == 2
    assert all(torch.equal(a, b) for a, b in zip(new.state_dict().values(), loaded.state_dict().values()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.safetensors"]
