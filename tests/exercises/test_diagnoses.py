"""Labelled wrong answers: each common slip is diagnosed as the pattern it is (the labels are ours,
written by hand for each wrong solution; the checker has to find them against torch)."""

from __future__ import annotations

import pytest

from conftest import write  # noqa: F401  (tests/exercises/conftest.py)
from dltutor.exercises.registry import find_exercise
from dltutor.exercises.wording import verdict

WRONG = [
    # (exercise, source, the pattern a tutor would name, the slip)
    ("btu", "import torch\ndef btu(z):\n    return (z >= 0).to(z.dtype)\n", "formula", "at-zero"),
    ("btu", "import torch\ndef btu(z):\n    return z > 0\n", "dtype", None),
    ("perceptron-update", "def perceptron_update(w, b, x, t, lr):\n    y = 1.0 if float(w @ x + b) > 0 else 0.0\n"
     "    return w + lr * (t - y) * x, b\n", "bias", "no-bias"),
    ("perceptron-update", "def perceptron_update(w, b, x, t, lr):\n    y = 1.0 if float(w @ x + b) > 0 else 0.0\n"
     "    return w - lr * (t - y) * x, b - lr * (t - y)\n", "sign", "sign"),
    ("gd-step", "def gd_step(w, x, t, lr):\n    return w + lr * 2 * x.T @ (x @ w - t) / x.shape[0]\n", "sign", "sign"),
    ("gd-step", "def gd_step(w, x, t, lr):\n    return w - lr * x.T @ (x @ w - t) / x.shape[0]\n", "factor", "half"),
    ("softmax", "import torch\ndef softmax(z, dim=-1):\n    e = torch.exp(z)\n    return e / e.sum(dim=dim, keepdim=True)\n",
     "overflow", None),
    ("softmax", "import torch\ndef softmax(z, dim=-1):\n    e = torch.exp(z - z.max())\n    return e / e.sum()\n",
     "dim", "sum-all"),
    ("sigmoid", "import torch\ndef sigmoid(z):\n    return torch.exp(z) / (1 + torch.exp(z))\n"
     "def sigmoid_derivative(z):\n    s = sigmoid(z)\n    return s * (1 - s)\n", "overflow", None),
    ("sigmoid", "import torch\ndef sigmoid(z):\n    return 1 / (1 + torch.exp(-z))\n"
     "def sigmoid_derivative(z):\n    return sigmoid(z)\n", "formula", "output"),
    ("mse", "def mse(y, t):\n    return 0.5 * ((t - y) ** 2).mean()\ndef mse_grad(y, t):\n    return (y - t) / y.numel()\n",
     "factor", "half"),
    ("mse", "def mse(y, t):\n    return ((t - y) ** 2).mean()\ndef mse_grad(y, t):\n    return 2 * (t - y) / y.numel()\n",
     "sign", None),
    ("backprop", "import torch\ndef backprop(x, t, w1, b1, w2, b2):\n    h = torch.sigmoid(w1 @ x + b1)\n"
     "    y = torch.sigmoid(w2 @ h + b2)\n    do = -2 * (t - y) * y * (1 - y)\n    dh = h * (1 - h) * w2 * do\n"
     "    return torch.outer(dh, x), torch.zeros(2), do * h, torch.zeros(())\n", "bias", "no-bias"),
    ("backprop", "import torch\ndef backprop(x, t, w1, b1, w2, b2):\n    h = torch.sigmoid(w1 @ x + b1)\n"
     "    y = torch.sigmoid(w2 @ h + b2)\n    do = -2 * (t - y) * y * (1 - y)\n    dh = h * (1 - h) * w2 * do\n"
     "    return torch.outer(x, dh), dh, do * h, do\n", "shape", "transposed"),
    ("conv-output-size", "def output_size(w1, f, p, s):\n    return (w1 - f + 2 * p) / s + 1\n", "floor", "float"),
    ("conv-output-size", "import math\ndef output_size(w1, f, p, s):\n    return int(round((w1 - f + 2 * p) / s + 1))\n",
     "floor", "ceil"),
    ("conv-output-size", "def output_size(w1, f, p, s):\n    return (w1 - f + p) // s + 1\n", "formula", "padding-once"),
    ("conv2d", "import torch.nn.functional as F\ndef conv2d(x, weight, bias=None, stride=1, padding=0):\n"
     "    return F.conv2d(x, weight, None, stride=stride, padding=padding)\n", "bias", "no-bias"),
    ("conv2d", "import torch.nn.functional as F\ndef conv2d(x, weight, bias=None, stride=1, padding=0):\n"
     "    return F.conv2d(x, weight.flip(-1, -2), bias, stride=stride, padding=padding)\n", "formula", "flipped"),
    ("conv2d", "import torch.nn.functional as F\ndef conv2d(x, weight, bias=None, stride=1, padding=0):\n"
     "    return F.conv2d(x, weight, bias, padding=padding)\n", "shape", "no-stride"),
    ("max-pool", "import torch.nn.functional as F\ndef max_pool2d(x, size, stride=None):\n"
     "    return F.max_pool2d(x, size, stride or size).clamp(min=0)\n", "formula", "zero-start"),
    ("rnn-step", "import torch\ndef rnn_step(x, s_prev, U, W, V):\n    s = U @ x + W @ s_prev\n    return s, V @ s\n",
     "formula", "no-tanh"),
    ("attention", "import math, torch\ndef attention(q, k, v, mask=None):\n    s = q @ k.transpose(-2, -1)\n"
     "    if mask is not None:\n        s = s.masked_fill(~mask, float('-inf'))\n    w = torch.softmax(s, -1).nan_to_num(0.0)\n"
     "    return w @ v, w\n", "factor", "no-scale"),
    ("attention", "import math, torch\ndef attention(q, k, v, mask=None):\n    s = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])\n"
     "    if mask is not None:\n        s = s.masked_fill(~mask, float('-inf'))\n    w = torch.softmax(s, -1)\n"
     "    return w @ v, w\n", "overflow", "empty-row-nan"),
    ("attention", "import math, torch\ndef attention(q, k, v, mask=None):\n    s = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])\n"
     "    if mask is not None:\n        s = s.masked_fill(mask, float('-inf'))\n    w = torch.softmax(s, -1).nan_to_num(0.0)\n"
     "    return w @ v, w\n", "sign", "inverted-mask"),
    ("attention", "import math, torch\ndef attention(q, k, v, mask=None):\n    s = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])\n"
     "    return torch.softmax(s, -1) @ v\n", "type", None),
    ("positional-encoding", "import torch\ndef positional_encoding(length, d):\n    pos = torch.arange(length)[:, None]\n"
     "    j = torch.arange(d)\n    angle = pos / 10000 ** ((j - j % 2) / d)\n"
     "    return torch.where(j % 2 == 0, torch.cos(angle), torch.sin(angle)).float()\n", "formula", "swapped"),
]


@pytest.mark.parametrize("name, source, kind, slip", WRONG, ids=[f"{w[0]}-{w[3] or w[2]}" for w in WRONG])
def test_a_labelled_slip_is_diagnosed_as_that_slip(checker, workspace, name, source, kind, slip):
    info = find_exercise(name)
    workspace.path(info).write_text(source, encoding="utf-8")
    result = checker.check(info, workspace.path(info))
    assert not result.passed
    v = verdict(info, result)
    assert (v.kind, result.slip) == (kind, slip), (result, v)
    assert v.hint and v.diagnosis
    if result.got is not None:
        assert result.got in v.diagnosis and result.call in v.diagnosis


def test_a_factor_is_worded_as_the_fraction_it_is(checker, workspace):
    info = find_exercise("mse")
    workspace.path(info).write_text("def mse(y, t):\n    return ((t - y) ** 2).mean() / 3\n"
                                    "def mse_grad(y, t):\n    return 2 * (y - t) / y.numel()\n")
    result = checker.check(info, workspace.path(info))
    assert result.kind == "factor" and abs(result.factor - 1 / 3) < 1e-4
    assert "every value is 1/3 times torch's" in verdict(info, result).diagnosis
