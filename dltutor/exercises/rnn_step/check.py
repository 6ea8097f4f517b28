"""rnn_step against torch.nn.RNNCell (tanh, no bias) with U and W as its weights, and V s for the output."""

import torch
from hypothesis import strategies as st

from dltutor.exercises.checking import expect_all, oracle, prop, random_tensor, run

SLIPS = ("no-tanh", "swapped", "output-from-previous", "output-tanh")


def _one(m, x, s_prev, U, W, V):
    oracle("torch.nn.RNNCell (tanh, no bias)")
    cell = torch.nn.RNNCell(U.shape[1], U.shape[0], bias=False, nonlinearity="tanh")
    with torch.no_grad():
        cell.weight_ih.copy_(U)
        cell.weight_hh.copy_(W)
        s = cell(x, s_prev)
    y = V @ s
    raw = U @ x + W @ s_prev
    square = U.shape[0] == U.shape[1]
    wrong = {
        "no-tanh": (raw, V @ raw),
        "swapped": (torch.tanh(W @ x + U @ s_prev), V @ torch.tanh(W @ x + U @ s_prev)) if square else None,
        "output-from-previous": (None, V @ s_prev),
        "output-tanh": (None, torch.tanh(y)),
    }
    expect_all(run(m.rnn_step, x, s_prev, U, W, V), (s, y), ("s_t", "y_t"), slips=wrong, rtol=1e-4, atol=1e-5)


def check(m):
    _one(m, torch.tensor([1.0, 0.0]), torch.tensor([0.0, 0.0]), torch.tensor([[0.5, -0.2], [0.1, 0.3]]),
         torch.tensor([[0.2, 0.0], [-0.4, 0.6]]), torch.tensor([[1.0, -1.0]]))
    _one(m, torch.tensor([0.3, -0.7, 1.2]), torch.tensor([0.5, -0.5]), random_tensor((2, 3), 1),
         random_tensor((2, 2), 2), random_tensor((2, 2), 3))

    @prop(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**16))
    def random(n_in, n_h, n_out, seed):
        _one(m, random_tensor((n_in,), seed), random_tensor((n_h,), seed + 1), random_tensor((n_h, n_in), seed + 2),
             random_tensor((n_h, n_h), seed + 3), random_tensor((n_out, n_h), seed + 4))

    random()
