"""train_perceptron: it must classify every example, and match the rule run from zero weights in order."""

import torch
from hypothesis import assume
from hypothesis import strategies as st

from dltutor.exercises.checking import Failed, expect_all, oracle, prop, run, show

SLIPS = ("no-bias", "one-epoch")

GATES = {
    "AND": [0.0, 0.0, 0.0, 1.0],
    "OR": [0.0, 1.0, 1.0, 1.0],
    "NAND": [1.0, 1.0, 1.0, 0.0],
}
X2 = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def rule(x, t, lr, epochs, bias=True):
    """The perceptron learning rule, from zero weights; (w, b, converged)."""
    w, b = torch.zeros(x.shape[1]), torch.zeros(())
    for _ in range(epochs):
        mistakes = 0
        for xk, tk in zip(x, t):
            err = tk - torch.heaviside(w @ xk + b, torch.zeros(()))
            if err != 0:
                w, b, mistakes = w + lr * err * xk, (b + lr * err) if bias else b, mistakes + 1
        if mistakes == 0:
            return w, b, True
    return w, b, False


def _one(m, x, t, lr, epochs):
    w, b, converged = rule(x, t, lr, epochs)
    got = run(m.train_perceptron, x, t, lr=lr, epochs=epochs)
    if isinstance(got, tuple | list) and len(got) == 2 and isinstance(got[0], torch.Tensor) and got[0].shape == w.shape:
        y = torch.heaviside(x @ got[0].to(x.dtype) + float(got[1]), torch.zeros(()))
        wrong = int((y != t).sum())
        if converged and wrong:
            oracle("classifying the training examples with your weights")
            raise Failed("mismatch", what="w, b", got=tuple(got),
                         detail=f"{wrong} of {len(t)} training examples are still misclassified "
                                f"(predictions {show(y)}, targets {show(t)})")
    oracle("the perceptron rule from w = 0, b = 0, examples in order")
    w1, b1, _ = rule(x, t, lr, 1)
    wn, bn, _ = rule(x, t, lr, epochs, bias=False)
    expect_all(got, (w, b), ("w", "b"), slips={"one-epoch": (w1, b1), "no-bias": (wn, bn)}, rtol=0, atol=1e-6)


def check(m):
    for gate, t in GATES.items():
        _one(m, X2, torch.tensor(t), 0.25, 100)
    _one(m, X2, torch.tensor(GATES["AND"]), 1.0, 100)

    points = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=2, max_size=6, unique=True)

    @prop(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3)), points, st.sampled_from([0.25, 0.5, 1.0]))
    def random(line, pts, lr):
        a, c, d = line
        assume(a or c)
        x = torch.tensor(pts, dtype=torch.float32)
        z = x @ torch.tensor([float(a), float(c)]) + d + 0.5  # never 0: every point strictly on one side
        _one(m, x, (z > 0).float(), lr, 200)

    random()
