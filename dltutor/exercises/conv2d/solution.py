"""Exercise 10 · conv2d forward with loops: a reference solution."""

import torch


def conv2d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None, stride: int = 1,
           padding: int = 0) -> torch.Tensor:
    c_out, _, kh, kw = weight.shape
    xp = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    h_out = (xp.shape[1] - kh) // stride + 1
    w_out = (xp.shape[2] - kw) // stride + 1
    out = torch.zeros(c_out, h_out, w_out, dtype=x.dtype)
    for o in range(c_out):
        for i in range(h_out):
            for j in range(w_out):
                window = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
                out[o, i, j] = (window * weight[o]).sum() + (bias[o] if bias is not None else 0)
    return out
