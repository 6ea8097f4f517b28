"""Exercise 12 · One RNN step: a reference solution."""

import torch


def rnn_step(x: torch.Tensor, s_prev: torch.Tensor, U: torch.Tensor, W: torch.Tensor,
             V: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    s = torch.tanh(U @ x + W @ s_prev)
    return s, V @ s
