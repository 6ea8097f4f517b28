"""The table of problem kinds, in course order: one module per kind, one row here.

Each module says what it is (`NAME`, `LECTURE`, `SUMMARY`, `TOLERANCE`) and how to pose, answer,
work out and diagnose it (see `dltutor.study.practice.problem`). A new kind is a new module and
a new row; `tests/study/test_practice_kinds.py` checks every module here is in the table.
"""

from __future__ import annotations

from types import ModuleType

from dltutor.study.practice.kinds import (
    attention_weight, btu_gate, conv_output_size, conv_params, cross_entropy, gd_step, hidden_delta, l2_loss,
    momentum_update, mse, neuron_output, output_delta, perceptron_update, pooling_output, positional_encoding,
    receptive_field, rnn_step, sigmoid_derivative, softmax,
)

KINDS: dict[str, ModuleType] = {kind.NAME: kind for kind in (
    neuron_output,        # lecture 1
    btu_gate,             # lecture 2
    perceptron_update,    # lecture 3
    gd_step,              # lecture 4
    softmax,
    sigmoid_derivative,   # lecture 5
    mse,
    cross_entropy,
    output_delta,
    hidden_delta,
    conv_output_size,     # lecture 6
    conv_params,
    pooling_output,
    receptive_field,
    rnn_step,             # lecture 7
    l2_loss,              # lecture 8
    momentum_update,
    attention_weight,     # lecture 9
    positional_encoding,
)}


def kinds_of(lecture: str) -> list[ModuleType]:
    return [kind for kind in KINDS.values() if kind.LECTURE == lecture]


def lectures() -> list[str]:
    """The lectures that have problems, in course order."""
    return list(dict.fromkeys(kind.LECTURE for kind in KINDS.values()))
