"""The digit classifier's torch network, for training and fine-tuning it (reading a photo runs the same
weights with numpy: solver.vision.digits.DigitClassifier)."""
from __future__ import annotations

import torch
from torch import nn

from .digits import N_CLASSES, DigitArch


class DigitNet(nn.Module):
    """conv-bn-relu blocks, 32 -> 16 -> 8 -> 4, then two linear layers: about 3 M multiply-adds a cell."""

    def __init__(self, arch: DigitArch = DigitArch()):
        super().__init__()
        self.arch = arch
        w1, w2, w3, w4 = arch.widths

        def block(i: int, o: int, pool: bool) -> list[nn.Module]:
            layers: list[nn.Module] = [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
            return layers + [nn.MaxPool2d(2)] if pool else layers

        self.features = nn.Sequential(*block(1, w1, True), *block(w1, w2, True), *block(w2, w3, True),
                                      *block(w3, w4, False))
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(w4 * 16, arch.hidden), nn.ReLU(),
                                  nn.Linear(arch.hidden, N_CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))
