"""Data-parallel training: 2 CPU processes (gloo) match one process on the same global batch."""
import os
import subprocess
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import os, sys, numpy as np, torch, torch.distributed as dist
torch.set_num_threads(1)
from solver.model import TRMConfig
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import generate
from training.config import TrainConfig
from training.trainer import Trainer
out = sys.argv[1]
if int(os.environ.get("WORLD_SIZE", "1")) > 1:
    # A rendezvous file, not a TCP port: no port to find free and then lose to another process.
    dist.init_process_group("gloo", init_method="file://" + os.environ["INIT_FILE"],
                            rank=int(os.environ["RANK"]), world_size=int(os.environ["WORLD_SIZE"]))
rng = np.random.default_rng(0)
ps = [generate(rng, "easy") for _ in range(8)]
mc = TRMConfig(vocab_size=11, seq_len=81, hidden_size=16, ffn_multiple=16, mixer="mlp", T=1, n=1, N_sup=2)
cfg = TrainConfig(kind="sudoku", model=mc, batch_size=4, max_steps=4, replace_halted=False, eval_every=100,
                  checkpoint_every=100, warmup_steps=1, seed=0)
t = Trainer(cfg, sudoku.KIND, ps, [], out)
t.run()
if not dist.is_initialized() or dist.get_rank() == 0:
    torch.save(t.model.state_dict(), out + "/weights.pt")
"""


def test_two_processes_match_one(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    one = tmp_path / "one"
    subprocess.run([sys.executable, str(script), str(one)], check=True, env=env, cwd=ROOT, timeout=300)
    two = tmp_path / "two"
    rendezvous = tmp_path / "rendezvous"
    procs = [subprocess.Popen([sys.executable, str(script), str(two)], cwd=ROOT,
                              env={**env, "WORLD_SIZE": "2", "RANK": str(r), "LOCAL_RANK": str(r),
                                   "INIT_FILE": str(rendezvous)}) for r in range(2)]
    assert all(p.wait(timeout=300) == 0 for p in procs)
    a = torch.load(one / "weights.pt", weights_only=True)
    b = torch.load(two / "weights.pt", weights_only=True)
    for k in a:
        assert torch.allclose(a[k], b[k], atol=1e-5), k
