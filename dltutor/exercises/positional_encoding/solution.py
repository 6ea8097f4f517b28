"""Exercise 14 · Sinusoidal positional encoding: a reference solution."""

import torch


def positional_encoding(length: int, d: int) -> torch.Tensor:
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    two_i = torch.arange(0, d, 2, dtype=torch.float32)  # 2i for each column pair
    angle = pos / 10000 ** (two_i / d)
    pe = torch.zeros(length, d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d // 2])
    return pe
