"""Every coding exercise in course order: its name, lecture, title and the functions the learner writes.

One row per exercise; everything else about it lives in its folder beside this file, named after
it (`conv-output-size` -> `conv_output_size/`): `stub.py` (what the learner starts from),
`solution.py` (the reference), `check.py` (the checks, run against torch in the checker process)
and `hints.toml` (the nudge, the lecture, topic and glossary terms, the formula, and the advice
for each slip the check can recognise). A light table: no torch, so `dltutor exercise list` and
`hint` never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ExerciseInfo:
    number: int
    name: str  # `dltutor exercise check conv-output-size`
    lecture: str  # the lecture that teaches what the exercise asks for
    title: str
    functions: tuple[str, ...]  # the learner's functions, as the stub names them
    aliases: tuple[str, ...] = ()

    @property
    def folder(self) -> Path:
        return HERE / self.name.replace("-", "_")

    @property
    def file(self) -> str:
        """The learner's file, relative to the workspace."""
        return f"{self.number:02d}_{self.name.replace('-', '_')}.py"

    @property
    def check_module(self) -> str:
        return f"dltutor.exercises.{self.name.replace('-', '_')}.check"

    def source(self, part: str) -> str:
        """The text of `stub`, `solution` or `check`."""
        return (self.folder / f"{part}.py").read_text(encoding="utf-8")


def _table(*rows: tuple) -> tuple[ExerciseInfo, ...]:
    return tuple(ExerciseInfo(i, *row) for i, row in enumerate(rows, start=1))


EXERCISES: tuple[ExerciseInfo, ...] = _table(
    ("btu", "lecture-2", "The binary threshold unit", ("btu",), ("step",)),
    ("perceptron-update", "lecture-3", "One perceptron update", ("perceptron_update",)),
    ("perceptron-and", "lecture-3", "Training a perceptron on AND", ("train_perceptron",), ("train-perceptron",)),
    ("gd-step", "lecture-4", "One gradient-descent step", ("gd_step",), ("gradient-descent",)),
    ("softmax", "lecture-4", "A numerically stable softmax", ("softmax",)),
    ("sigmoid", "lecture-5", "The sigmoid and its derivative", ("sigmoid", "sigmoid_derivative")),
    ("mse", "lecture-5", "MSE and its gradient", ("mse", "mse_grad")),
    ("backprop", "lecture-5", "Backprop for a 2-2-1 network by hand", ("backprop",), ("backprop-221",)),
    ("conv-output-size", "lecture-6", "The output size of a convolution", ("output_size",)),
    ("conv2d", "lecture-6", "conv2d forward with loops", ("conv2d",)),
    ("max-pool", "lecture-6", "Max pooling", ("max_pool2d",), ("max-pool2d", "pooling")),
    ("rnn-step", "lecture-7", "One RNN step", ("rnn_step",), ("rnn",)),
    ("attention", "lecture-9", "Scaled dot-product attention", ("attention",), ("scaled-dot-product-attention",)),
    ("positional-encoding", "lecture-9", "Sinusoidal positional encoding", ("positional_encoding",)),
)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


_BY_NAME: dict[str, ExerciseInfo] = {}
for _ex in EXERCISES:
    for _n in (_ex.name, *_ex.aliases, *_ex.functions, _ex.file, _ex.file[:-3], str(_ex.number), f"{_ex.number:02d}"):
        _BY_NAME.setdefault(_key(_n), _ex)


def find_exercise(name: str) -> ExerciseInfo | None:
    """By name, alias, function name, file name or number: `softmax`, `output_size`, `09`, `9`."""
    return _BY_NAME.get(_key(name))


def names() -> list[str]:
    return [ex.name for ex in EXERCISES]
