"""Exercise 12 · One RNN step (lecture 7)

A recurrent network reads a sequence one element at a time, carrying a state s. One step
takes the input x_t and the previous state s_{t−1}:

    s_t = tanh(U x_t + W s_{t−1})
    y_t = V s_t

U (hidden × input) reads the input, W (hidden × hidden) the previous state, V (output ×
hidden) gives the output. The lecture's f is tanh here and g is the identity; no biases.

Write `rnn_step(x, s_prev, U, W, V)`: return (s_t, y_t). The check compares with
torch.nn.RNNCell.

    dltutor exercise check rnn-step      dltutor exercise hint rnn-step
"""

import torch


def rnn_step(x: torch.Tensor, s_prev: torch.Tensor, U: torch.Tensor, W: torch.Tensor,
             V: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    # TODO: the new state from the input and the previous state, then the output from the new state
    raise NotImplementedError("rnn_step")
