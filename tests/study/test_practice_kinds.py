"""Every problem kind against torch (float64) for hundreds of seeds, and each kind's solution and slips.

The oracle for each kind is written here, in torch, from the problem's parameters: the library
function where there is one (softmax, conv1d, max_pool2d, RNNCell, SGD with momentum,
scaled_dot_product_attention, binary_cross_entropy), autograd where the answer is a derivative.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from dltutor.study.practice.answers import grade, parse
from dltutor.study.practice.kinds import KINDS
from dltutor.study.practice.problem import generate

SEEDS = range(250)
D = torch.float64


def t(values) -> torch.Tensor:
    return torch.tensor(values, dtype=D)


def neuron_output(p):
    z = t(p["w"]) @ t(p["x"]) + p["b"]
    return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[p["activation"]](z).item()


def btu_gate(p):
    z = t([[0, 0], [0, 1], [1, 0], [1, 1]]) @ t([p["w1"], p["w2"]]) + p["b"]
    return tuple(int(v) for v in torch.heaviside(z, t(0.0)).tolist())  # heaviside(0) = 0: the BTU's z ≤ 0


def perceptron_update(p):
    w, x = t(p["w"]), t(p["x"])
    y = torch.heaviside(w @ x, t(0.0))
    return tuple((w + p["lr"] * (p["t"] - y) * x).tolist())


def gd_step(p):
    w, b = t([p["w"]]).requires_grad_(), t([p["b"]]).requires_grad_()
    optimizer = torch.optim.SGD([w, b], lr=p["lr"])
    F.mse_loss(w * p["x"] + b, t([p["t"]])).backward()
    optimizer.step()
    return (w.item(), b.item())


def softmax(p):
    return tuple(torch.softmax(t(p["z"]), dim=0).tolist())


def sigmoid_derivative(p):
    z = t(p["z"]).requires_grad_()
    torch.sigmoid(z).backward()
    return z.grad.item()


def mse(p):
    return F.mse_loss(t(p["y"]), t(p["t"])).item()


def cross_entropy(p):
    return F.binary_cross_entropy(t(p["y"]), t([float(v) for v in p["t"]])).item()


def output_delta(p):
    z = torch.logit(t(p["y"])).requires_grad_()
    ((p["t"] - torch.sigmoid(z)) ** 2).backward()
    return z.grad.item()


def hidden_delta(p):
    """A real 2-2-1 sigmoid network whose first hidden unit outputs h₁ and whose output is y, on x = (1, 1)."""
    hidden, out = torch.nn.Linear(2, 2, dtype=D), torch.nn.Linear(2, 1, dtype=D)
    with torch.no_grad():
        hidden.weight.copy_(t([[float(torch.logit(t(p["h1"]))), 0.0], [0.4, -0.3]]))
        hidden.bias.zero_()
        x = t([[1.0, 1.0]])
        h2 = torch.sigmoid(t(0.1)).item()
        out.weight.copy_(t([[p["w"], 0.7]]))
        out.bias.fill_(float(torch.logit(t(p["y"]))) - p["w"] * p["h1"] - 0.7 * h2)
    z1 = hidden(x)
    z1.retain_grad()
    y = torch.sigmoid(out(torch.sigmoid(z1)))
    assert abs(y.item() - p["y"]) < 1e-12
    ((p["t"] - y) ** 2).sum().backward()
    return z1.grad[0, 0].item()


def conv_output_size(p):
    out = F.conv1d(torch.zeros(1, 1, p["w1"], dtype=D), torch.zeros(1, 1, p["f"], dtype=D), padding=p["p"],
                   stride=p["s"])
    return out.shape[-1]


def conv_params(p):
    h, c_in, c_out, k = p["h"], p["c_in"], p["c_out"], p["k"]
    conv = torch.nn.Conv2d(c_in, c_out, k, padding=k // 2, device="meta")
    assert conv(torch.empty(1, c_in, h, h, device="meta")).shape == (1, c_out, h, h)
    dense = torch.nn.Linear(h * h * c_in, h * h * c_out, device="meta")
    return (sum(q.numel() for q in conv.parameters()), sum(q.numel() for q in dense.parameters()))


def pooling_output(p):
    pool = F.max_pool2d if p["mode"] == "max" else F.avg_pool2d
    return tuple(pool(t(p["x"])[None, None], p["window"], p["stride"]).flatten().tolist())


def receptive_field(p):
    """The input positions with a nonzero gradient from one output unit (all-ones weights: nothing cancels)."""
    x = torch.ones(1, 1, 400, dtype=D, requires_grad=True)
    h = x
    for k, s in p["layers"]:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=D), stride=s)
    h[0, 0, 0].backward()
    seen = torch.nonzero(x.grad[0, 0]).flatten().tolist()
    assert len(seen) == seen[-1] - seen[0] + 1  # no gaps: the unit sees every position of its field
    return len(seen)


def rnn_step(p):
    cell = torch.nn.RNNCell(1, 2, bias=False, nonlinearity="tanh", dtype=D)
    with torch.no_grad():
        cell.weight_ih.copy_(t(p["U"]).reshape(2, 1))
        cell.weight_hh.copy_(t(p["W"]))
    return tuple(cell(t([[p["x"]]]), t([p["s_prev"]]))[0].tolist())


def l2_loss(p):
    return (p["loss"] + p["gamma"] / 2 * torch.linalg.vector_norm(t(p["w"])) ** 2).item()


def momentum_update(p):
    w = t(p["w"]).requires_grad_()
    optimizer = torch.optim.SGD([w], lr=p["lr"], momentum=p["mu"])
    optimizer.state[w]["momentum_buffer"] = t(p["v"])
    w.grad = t(p["g"])
    optimizer.step()
    return tuple(w.tolist())


def attention_weight(p):
    """The attention weights are the output when the values are the identity."""
    keys = t(p["keys"])
    out = F.scaled_dot_product_attention(t([p["q"]]), keys, torch.eye(len(keys), dtype=D))
    return out[0, p["j"]].item()


def positional_encoding(p):
    """The table as the Annotated Transformer builds it: exp(−2i·ln(10000)/d), sin on even columns, cos on odd."""
    d, pos = p["d"], p["pos"]
    position = torch.arange(pos + 1, dtype=D)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=D) * (-math.log(10000.0) / d))
    pe = torch.zeros(pos + 1, d, dtype=D)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe[pos, p["dim"]].item()


ORACLES = {
    "neuron-output": neuron_output, "btu-gate": btu_gate, "perceptron-update": perceptron_update,
    "gd-step": gd_step, "softmax": softmax, "sigmoid-derivative": sigmoid_derivative, "mse": mse,
    "cross-entropy": cross_entropy, "output-delta": output_delta, "hidden-delta": hidden_delta,
    "conv-output-size": conv_output_size, "conv-params": conv_params, "pooling-output": pooling_output,
    "receptive-field": receptive_field, "rnn-step": rnn_step, "l2-loss": l2_loss,
    "momentum-update": momentum_update, "attention-weight": attention_weight,
    "positional-encoding": positional_encoding,
}


def flat(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


# --- the table ---------------------------------------------------------------------------------

def test_every_kind_module_is_in_the_table_and_every_lecture_has_problems(course):
    folder = Path(__file__).resolve().parents[2] / "dltutor" / "study" / "practice" / "kinds"
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    assert {kind.__name__.rsplit(".", 1)[-1] for kind in KINDS.values()} == modules
    assert len(KINDS) >= 15
    assert {kind.LECTURE for kind in KINDS.values()} == {lecture.id for lecture in course.lectures}
    numbers = [int(kind.LECTURE.rsplit("-", 1)[1]) for kind in KINDS.values()]
    assert numbers == sorted(numbers)  # course order
    assert set(ORACLES) == set(KINDS)  # each kind has its torch oracle below


def test_the_three_named_kinds_use_the_issues_parameter_names():
    assert set(generate(KINDS["conv-output-size"], 1).params) == {"w1", "f", "p", "s"}
    assert set(generate(KINDS["neuron-output"], 1).params) == {"x", "w", "b", "activation"}
    assert set(generate(KINDS["softmax"], 1).params) == {"z"}


# --- against torch -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(KINDS))
def test_every_answer_equals_torchs_for_hundreds_of_seeds(name):
    oracle = ORACLES[name]
    distinct = set()
    for seed in SEEDS:
        problem = generate(KINDS[name], seed)
        want = flat(oracle(problem.params))
        got = flat(problem.expected)
        assert len(got) == len(want), (seed, problem.params)
        for a, b in zip(got, want):
            if isinstance(b, int):
                assert a == b and isinstance(a, int), (seed, problem.params, got, want)
            else:
                assert a == pytest.approx(b, abs=1e-9, rel=1e-12), (seed, problem.params, got, want)
        distinct.add(repr(problem.params))
    assert len(distinct) >= 40  # fresh numbers: seeds do not collapse onto a few problems


@pytest.mark.parametrize("name", list(KINDS))
def test_the_same_seed_gives_the_same_problem(name):
    assert generate(KINDS[name], 12345) == generate(KINDS[name], 12345)


# --- what a learner reads ----------------------------------------------------------------------

def final_value(line: str) -> tuple[float, ...]:
    tail = re.split(r" [=≈] ", line)[-1].rstrip(".")
    return parse(tail).values


@pytest.mark.parametrize("name", list(KINDS))
def test_every_worked_solution_ends_in_the_expected_answer(name):
    for seed in range(60):
        problem = generate(KINDS[name], seed)
        shown = final_value(problem.solution[-1])
        want = flat(problem.expected)
        assert len(shown) == len(want), problem.solution
        for a, b in zip(shown, want):
            assert abs(a - b) <= 0.5e-4 + 1e-12, (problem.solution[-1], problem.expected)
            if problem.tolerance:
                assert abs(a - b) <= problem.tolerance


@pytest.mark.parametrize("name", list(KINDS))
def test_every_question_states_its_form_and_tolerance_and_uses_numbers_a_learner_can_handle(name):
    for seed in range(60):
        problem = generate(KINDS[name], seed)
        last = problem.question.splitlines()[-1]
        assert last.startswith("Answer: ")
        if problem.tolerance and not problem.whole:
            assert f"within ±{problem.tolerance:g}" in last
        elif not problem.whole:
            assert "exactly" in last
        for value in _numbers(problem.params):
            assert round(value, 2) == value and abs(value) <= 1100, (name, problem.params)
        for value in flat(problem.expected):
            assert math.isfinite(value) and abs(value) < 1e6


def _numbers(params):
    for value in params.values() if isinstance(params, dict) else params:
        if isinstance(value, (list, tuple)):
            yield from _numbers(value)
        elif isinstance(value, (int, float)):
            yield value


def test_conv_geometry_is_valid_and_the_floor_is_exercised():
    floored = 0
    for seed in SEEDS:
        p = generate(KINDS["conv-output-size"], seed).params
        assert p["w1"] + 2 * p["p"] >= p["f"] >= 1 and p["s"] >= 1 and p["p"] >= 0
        floored += (p["w1"] - p["f"] + 2 * p["p"]) % p["s"] != 0
    assert floored > len(SEEDS) // 5  # many problems need the floor, so the slip can be made


def test_softmax_problems_include_logits_that_overflow_a_naive_exponential():
    big = [generate(KINDS["softmax"], seed).params["z"] for seed in SEEDS]
    assert any(max(z) > 709 for z in big)  # e^710 overflows a double
    assert any(max(z) < 10 for z in big)


# --- slips -------------------------------------------------------------------------------------

def typed(values) -> str:
    return ", ".join(repr(float(v)) for v in flat(values))


@pytest.mark.parametrize("name", list(KINDS))
def test_each_slip_is_wrong_and_named_when_made(name):
    named = 0
    for seed in range(80):
        problem = generate(KINDS[name], seed)
        for slip in problem.slips:
            if slip.value is None:
                continue
            answer = list(flat(problem.expected))
            if slip.index is not None:
                answer[slip.index] = slip.value
            else:
                answer = list(flat(slip.value))
            graded = grade(problem, typed(answer))
            assert graded.verdict == "wrong", (seed, slip.message, answer, problem.expected)
            first = next(s for s in problem.slips if s.value is not None and _gives(s, answer, problem))
            assert graded.slip == first.message
            named += graded.slip == slip.message
    assert named > 0


def _gives(slip, answer, problem) -> bool:
    """Whether `answer` is the one this slip gives, judged here with the problem's tolerance."""
    tol = problem.tolerance if slip.within is None else slip.within
    if slip.index is not None:
        return abs(answer[slip.index] - slip.value) <= tol + 1e-9 and \
            abs(answer[slip.index] - flat(problem.expected)[slip.index]) > problem.tolerance + 1e-9
    return all(abs(a - b) <= tol + 1e-9 for a, b in zip(answer, flat(slip.value)))


def test_the_slips_the_issue_names_are_recognised():
    problem = generate(KINDS["sigmoid-derivative"], 3)
    z = problem.params["z"]
    graded = grade(problem, f"{1 / (1 + math.exp(-z)):.4f}")  # σ(z) itself, as a learner would type it
    assert graded.verdict == "wrong" and "used the sigmoid's output" in graded.slip and "not its derivative" in \
        graded.slip
    for seed in SEEDS:
        problem = generate(KINDS["conv-output-size"], seed)
        p = problem.params
        span = p["w1"] - p["f"] + 2 * p["p"]
        if span % p["s"]:
            graded = grade(problem, f"{span / p['s'] + 1:.2f}")
            assert graded.verdict == "wrong" and "forgot the floor" in graded.slip
            assert grade(problem, str(span // p["s"] + 1)).verdict == "right"
            break
    else:
        raise AssertionError("no conv problem needed the floor")


def test_softmax_answers_that_are_not_probabilities_are_told_so():
    problem = generate(KINDS["softmax"], 5)
    doubled = [2 * v for v in problem.expected]
    graded = grade(problem, typed(doubled))
    assert graded.verdict == "wrong" and "sum to 1" in graded.slip
