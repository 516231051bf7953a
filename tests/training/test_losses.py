"""The token losses: stablemax's values by hand (s(x) = x + 1 for x >= 0, 1 / (1 - x) below), labels
ignored where asked, and softmax cross-entropy beside it."""
import math

import torch

from training.losses import IGNORE, sequence_correct, token_losses

LOGITS = torch.tensor([[[0.0, 1.0, -1.0], [2.0, 0.0, 0.0], [9.0, -9.0, 0.0]]])
LABELS = torch.tensor([[1, 0, IGNORE]])


def test_stablemax_by_hand():
    # Token 1: s = (1, 2, 1/2), label 1: -log(2 / 3.5). Token 2: s = (3, 1, 1), label 0: -log(3 / 5).
    expected = (math.log(3.5 / 2) + math.log(5 / 3)) / 2   # the ignored third token takes no part
    got = token_losses(LOGITS, LABELS, "stablemax")
    assert got.shape == (1,) and math.isclose(float(got), expected, rel_tol=1e-6)


def test_softmax_cross_entropy_by_hand():
    lse = [math.log(1 + math.e + math.exp(-1)), math.log(math.exp(2) + 2)]
    expected = ((lse[0] - 1.0) + (lse[1] - 2.0)) / 2
    assert math.isclose(float(token_losses(LOGITS, LABELS, "softmax")), expected, rel_tol=1e-6)


def test_stablemax_costs_a_far_wrong_answer_only_its_log():
    huge = torch.tensor([[[1e4, -1e4, 0.0]]], requires_grad=True)
    loss = token_losses(huge, torch.tensor([[1]]), "stablemax")
    loss.backward()
    # s = (10001, 1/10001, 1): log(10002 * 10001), about 18.4, where softmax cross-entropy is 20,000.
    assert math.isclose(float(loss.detach()), math.log(10002.0001 * 10001), rel_tol=1e-6)
    assert torch.isfinite(huge.grad).all()


def test_all_ignored_is_zero_and_sequence_correct_skips_ignored():
    assert float(token_losses(LOGITS, torch.full((1, 3), IGNORE), "stablemax")) == 0.0
    assert sequence_correct(LOGITS, torch.tensor([[1, 0, IGNORE]])).tolist() == [True]
    assert sequence_correct(LOGITS, torch.tensor([[1, 1, IGNORE]])).tolist() == [False]
