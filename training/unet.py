"""A small class-conditional UNet that predicts the noise in a 28x28 image (DDPM, Ho et al. 2020).

    x [B, 1, 28, 28] in [-1, 1] (noised), t [B] int64 in 0..999, y [B] int64 class 0..9 or 10 for "no class"
    -> eps [B, 1, 28, 28]

The timestep enters through a sinusoidal embedding and an MLP, the class through a learned embedding with an extra
null class (trained by dropping labels) for classifier-free guidance; both are added to every residual block.
"""
from dataclasses import dataclass
import math

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class UNetConfig:
    channels: tuple = (32, 64, 128)  # at 28x28, 14x14, 7x7
    embed_dim: int = 128
    num_classes: int = 10  # class id num_classes is the null class
    groups: int = 8


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal embedding of integer timesteps, [B] -> [B, dim] (the transformer's positional encoding)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    angles = t.float()[:, None] * freqs[None]  # [B, half]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, embed_dim: int, groups: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, c_in)
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.embed = nn.Linear(embed_dim, c_out)
        self.norm2 = nn.GroupNorm(groups, c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x, emb):  # x [B, C_in, H, W], emb [B, E]
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embed(F.silu(emb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)  # [B, C_out, H, W]


class UNet(nn.Module):
    def __init__(self, config: UNetConfig = UNetConfig()):
        super().__init__()
        self.config = config
        c1, c2, c3 = config.channels
        e, g = config.embed_dim, config.groups
        self.time_mlp = nn.Sequential(nn.Linear(e, e), nn.SiLU(), nn.Linear(e, e))
        self.class_emb = nn.Embedding(config.num_classes + 1, e)
        self.conv_in = nn.Conv2d(1, c1, 3, padding=1)
        self.down1 = ResBlock(c1, c1, e, g)  # 28x28
        self.pool1 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)  # -> 14x14
        self.down2 = ResBlock(c2, c2, e, g)
        self.pool2 = nn.Conv2d(c2, c3, 3, stride=2, padding=1)  # -> 7x7
        self.mid1 = ResBlock(c3, c3, e, g)
        self.mid2 = ResBlock(c3, c3, e, g)
        self.up2 = ResBlock(c3 + c2, c2, e, g)  # 14x14, with the skip from down2
        self.up1 = ResBlock(c2 + c1, c1, e, g)  # 28x28, with the skip from down1
        self.norm_out = nn.GroupNorm(g, c1)
        self.conv_out = nn.Conv2d(c1, 1, 3, padding=1)

    def forward(self, x, t, y):
        emb = self.time_mlp(timestep_embedding(t, self.config.embed_dim)) + self.class_emb(y)  # [B, E]
        h1 = self.down1(self.conv_in(x), emb)  # [B, c1, 28, 28]
        h2 = self.down2(self.pool1(h1), emb)  # [B, c2, 14, 14]
        h = self.mid2(self.mid1(self.pool2(h2), emb), emb)  # [B, c3, 7, 7]
        h = F.interpolate(h, scale_factor=2.0, mode="nearest")  # [B, c3, 14, 14]
        h = self.up2(torch.cat([h, h2], dim=1), emb)  # [B, c2, 14, 14]
        h = F.interpolate(h, scale_factor=2.0, mode="nearest")  # [B, c2, 28, 28]
        h = self.up1(torch.cat([h, h1], dim=1), emb)  # [B, c1, 28, 28]
        return self.conv_out(F.silu(self.norm_out(h)))  # [B, 1, 28, 28]
