"""Exercise 10 · conv2d forward with loops (lecture 6)

A convolution layer slides each of its C_out filters (C_in × K_h × K_w) over the input
(C_in × H × W), padded with `padding` zeros on every side, moving `stride` positions at a
time; at each position the output is the sum of the elementwise products, plus the filter's
bias. (Like torch and every CNN library, the filter is not flipped.)

    out[o, i, j] = b[o] + Σ_c Σ_u Σ_v  x_padded[c, i·S + u, j·S + v] · w[o, c, u, v]

Write `conv2d(x, weight, bias=None, stride=1, padding=0)` with explicit loops (no
torch.nn.functional.conv2d): x is C_in × H × W, weight C_out × C_in × K_h × K_w, bias C_out
or None. Return C_out × H_out × W_out, the sizes of exercise 9.

    dltutor exercise check conv2d      dltutor exercise hint conv2d
"""

import torch


def conv2d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None, stride: int = 1,
           padding: int = 0) -> torch.Tensor:
    # TODO: pad x, work out H_out and W_out, then loop over o, i, j and sum window * filter
    raise NotImplementedError("conv2d")
