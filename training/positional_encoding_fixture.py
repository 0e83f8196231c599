"""Writes test/fixtures/positional-encoding.json: the sinusoidal encoding computed by the classic PyTorch module.

The TypeScript in src/positional/sinusoidal.ts must reproduce it. Run from the repository root:
    /usr/bin/python3 training/positional_encoding_fixture.py
"""
import json
import math
from pathlib import Path

import torch
from torch import nn


class PositionalEncoding(nn.Module):
    """The module as it appears in most transformer tutorials: adds PE to a batch of embeddings."""

    def __init__(self, d_model: int, max_len: int = 5000):
        super().__init__()
        position = torch.arange(0, max_len, dtype=torch.float64).unsqueeze(1)  # [max_len, 1]
        div_term = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model, dtype=torch.float64)  # [max_len, d_model]
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))  # [1, max_len, d_model]

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x [batch, seq, d_model]
        return x + self.pe[:, : x.size(1)]


def main() -> None:
    cases = []
    for d_model, positions in [(16, 64), (64, 128), (6, 10)]:
        module = PositionalEncoding(d_model, max_len=positions)
        encoding = module(torch.zeros(1, positions, d_model, dtype=torch.float64))[0]
        cases.append({"dModel": d_model, "positions": positions, "base": 10000, "encoding": encoding.tolist()})
    out = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "positional-encoding.json"
    out.write_text(json.dumps({"source": "training/positional_encoding_fixture.py", "cases": cases}) + "\n")
    print(f"wrote {out} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
