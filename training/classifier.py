"""A small CNN that classifies Fashion-MNIST images: the judge of the diffusion model's samples.

    x [B, 1, 28, 28] in [-1, 1] -> logits [B, 10]
"""
from dataclasses import dataclass

from torch import nn


@dataclass
class ClassifierConfig:
    channels: tuple = (32, 64, 128)
    num_classes: int = 10
    dropout: float = 0.3


class Classifier(nn.Module):
    def __init__(self, config: ClassifierConfig = ClassifierConfig()):
        super().__init__()
        c1, c2, c3 = config.channels

        def block(c_in, c_out):
            return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]

        self.net = nn.Sequential(
            *block(1, c1), *block(c1, c1), nn.MaxPool2d(2),  # [B, c1, 14, 14]
            *block(c1, c2), *block(c2, c2), nn.MaxPool2d(2),  # [B, c2, 7, 7]
            *block(c2, c3), nn.AdaptiveAvgPool2d(1), nn.Flatten(),  # [B, c3]
            nn.Dropout(config.dropout), nn.Linear(c3, config.num_classes),  # [B, 10]
        )

    def forward(self, x):
        return self.net(x)
