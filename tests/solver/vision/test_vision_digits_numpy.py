"""The digit classifier runs with numpy (issue 25: reading a photo needs no torch): the same probabilities
as the torch network, and a model file of the wrong shapes is refused."""
import subprocess
import sys

import numpy as np
import pytest
import torch
from safetensors.numpy import save_file

from solver.vision import digits


def _torch_probs(net, x: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return torch.softmax(net.eval()(torch.from_numpy(x)), 1).numpy()


def test_numpy_forward_is_the_torch_network():
    torch.manual_seed(0)
    net = digits.DigitNet()
    for m in net.modules():  # batch-norm statistics far from the identity, so that folding them matters
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-1, 1)
            m.running_var.uniform_(0.2, 3)
            m.weight.data.uniform_(0.5, 2)
            m.bias.data.uniform_(-1, 1)
    x = np.random.default_rng(0).random((7, 1, 32, 32), dtype=np.float32)
    clf = digits.DigitClassifier.of(net, {})
    assert np.allclose(clf.probs(x), _torch_probs(net, x), atol=1e-5)
    assert np.allclose(_torch_probs(clf.net, x), _torch_probs(net, x), atol=1e-6)  # and back to torch


def test_the_bundled_model_reads_as_its_torch_network():
    clf = digits.bundled()
    x = np.random.default_rng(1).random((20, 1, 32, 32), dtype=np.float32)
    assert np.allclose(clf.probs(x), _torch_probs(clf.net, x), atol=1e-5)
    assert clf.probs(x[:0]).shape == (0, digits.N_CLASSES)


def test_a_file_of_the_wrong_shapes_is_refused(tmp_path):
    weights = dict(digits.bundled().weights)
    weights["head.4.weight"] = weights["head.4.weight"][:5]
    save_file(weights, str(tmp_path / "d.safetensors"))
    (tmp_path / "d.json").write_text(digits.MODEL_PATH.with_suffix(".json").read_text())
    with pytest.raises(digits.DigitModelError, match=r"head.4.weight: \[5, 128\], expected \[11, 128\]"):
        digits.load(tmp_path / "d.safetensors")


def test_reading_cells_imports_no_torch():
    code = ("import sys, numpy as np; from solver.vision import digits; "
            "digits.bundled().probs(np.zeros((2, 1, 32, 32), np.float32)); print('torch' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and p.stdout.strip() == "False", p.stderr
