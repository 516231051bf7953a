"""An ARC answer that nothing could check is labelled so (issue 26): `network` claims a verified answer."""
import numpy as np
import torch

from solver.model import TRM, TRMConfig
from solver.puzzles import arc
from solver.puzzles.arc import ArcPuzzle, ArcTask
from solver.report import result_json
from solver.solve import UNVERIFIED, solve


def _task(expected=None) -> ArcTask:
    # Outputs unrelated to their inputs: no program reproduces these demonstrations, only the network answers.
    rng = np.random.default_rng(3)
    pairs = tuple((rng.integers(0, 10, (3, 3)), rng.integers(0, 10, (2, 4))) for _ in range(3))
    return ArcTask("noise", pairs, (rng.integers(0, 10, (3, 3)),), (expected,))


def _model() -> TRM:
    torch.manual_seed(0)
    return TRM(TRMConfig(vocab_size=arc.VOCAB_SIZE, seq_len=arc.SEQ_LEN, hidden_size=8, num_layers=1,
                         ffn_multiple=8, mixer="conv", conv_kernel=3, T=1, n=1, N_sup=2))


def test_an_arc_answer_without_an_expected_output_is_network_unverified():
    model = _model()
    r = solve(ArcPuzzle(_task()), "arc", model)
    assert r.solved_by == UNVERIFIED == "network (unverified)" and not r.verified and r.answer is not None
    assert r.describe() == "network answer (not verifiable: no expected output)"
    d = result_json(0, ArcPuzzle(_task()), r, False)
    assert d["solved_by"] == "network (unverified)" and d["verified"] is False
    # The same answer given as the expected output is verified and plain "network"; another is "none".
    right = solve(ArcPuzzle(_task(r.answer)), "arc", model)
    assert right.solved_by == "network" and right.verified
    wrong = solve(ArcPuzzle(_task((r.answer + 1) % 10)), "arc", model)
    assert wrong.solved_by == "none" and not wrong.verified
