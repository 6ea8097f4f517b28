"""The toolkit of every exercise's check: call the learner's function, compare with torch, say how it differs.

Imported only inside the checker process (it imports torch and hypothesis). A check calls the
learner through `run`, which remembers the call so that an exception, a time-out or a crash
can be reported with the arguments that caused it, and compares through `expect`, which turns
a wrong answer into a `Failed` carrying a diagnosis: the wrong type or shape, a dtype, nan or
inf where torch's answer is finite (overflow), one of the exercise's known slips (a missing
bias, a flipped kernel, the ½ in MSE...), the sign flipped, off by a constant factor, or just
different values. Facts only: what was called, what came back, what torch says.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import strategies as st

# Random examples per property: enough to meet shapes and values the fixed examples miss, few
# enough that a check answers in well under half a second (bench/exercise_watch.py).
EXAMPLES = 25

QUICK = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # never a .hypothesis folder in the learner's workspace
    derandomize=True,  # the same examples on every run: a check is a pure function of the code
    phases=(Phase.explicit, Phase.generate),  # no shrinking: the fixed examples come first and are small
    suppress_health_check=list(HealthCheck),
    verbosity=Verbosity.quiet,
    report_multiple_bugs=False,
    print_blob=False,
)


class Failed(Exception):
    """The learner's answer is wrong; `kind` names the pattern, the rest are the facts."""

    def __init__(self, kind: str, *, slip: str | None = None, what: str | None = None, expected: Any = None,
                 got: Any = None, factor: float | None = None, detail: str | None = None,
                 oracle: str | None = None) -> None:
        super().__init__(kind)
        self.data = {
            "kind": kind, "slip": slip, "call": state.call, "what": what,
            "expected": None if expected is None else show(expected),
            "got": show(got) if got is not None or kind == "type" else None,
            "factor": factor, "detail": detail, "oracle": oracle or state.oracle,
        }


class _State:
    """What the check is doing now; shared with the checker, which reports it after a crash."""

    def __init__(self) -> None:
        self.call: str | None = None
        self.oracle: str | None = None
        self.calls = 0
        self.on_call: Callable[[str], None] | None = None


state = _State()


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the learner's `fn`, on copies of the tensors (a learner may change them in place)."""
    state.call = f"{fn.__name__}({', '.join([show(a) for a in args] + [f'{k}={show(v)}' for k, v in kwargs.items()])})"
    state.calls += 1
    if state.on_call is not None:
        state.on_call(state.call)
    copy = lambda v: v.clone() if isinstance(v, torch.Tensor) else v  # noqa: E731
    return fn(*[copy(a) for a in args], **{k: copy(v) for k, v in kwargs.items()})


def oracle(name: str) -> None:
    """Name what the expected value comes from ("torch.softmax", "autograd"), for the report."""
    state.oracle = name


# --- showing values in one short line ---
def _num(v: float) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = f"{v:.4g}"
    return "0" if text == "-0" else text


def show(value: Any, limit: int = 8) -> str:
    """A value as a learner reads it: numbers to 4 significant digits, big tensors cut short."""
    if isinstance(value, torch.Tensor):
        t = value.detach()
        if t.dtype == torch.bool:
            items = t.tolist()
        elif t.is_floating_point():
            items = t.double().tolist()
        else:
            items = t.tolist()
        shape = "" if t.dim() <= 1 and t.numel() <= limit else f" (shape {tuple(t.shape)})"
        if t.dim() == 0:
            return f"tensor({_num(items)})"
        return f"tensor({_nested(items, limit)}){shape}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(value)  # 28.0, not 28: a float that should have been an int says so
    if isinstance(value, float | int):
        return _num(value)
    if isinstance(value, tuple | list):
        inner = ", ".join(show(v, limit) for v in value[:limit]) + (", …" if len(value) > limit else "")
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if value is None:
        return "None"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _nested(items: Any, limit: int) -> str:
    if not isinstance(items, list):
        return _num(items)
    shown = [_nested(v, limit) for v in items[:limit]]
    return "[" + ", ".join(shown) + (", …" if len(items) > limit else "") + "]"


# --- comparing ---
def _close(a: torch.Tensor, b: torch.Tensor, rtol: float, atol: float) -> bool:
    try:
        torch.testing.assert_close(a, b, rtol=rtol, atol=atol, equal_nan=True, check_dtype=False)
    except AssertionError:
        return False
    return True


def as_tensor(got: Any, like: torch.Tensor, what: str | None) -> torch.Tensor:
    """The learner's result as a tensor comparable with `like`, or Failed("type")."""
    if isinstance(got, torch.Tensor):
        return got
    if like.dim() == 0 and isinstance(got, float | int) and not isinstance(got, bool):
        return torch.tensor(float(got), dtype=like.dtype)
    raise Failed("type", what=what, expected=like, got=got,
                 detail="None: is a `return` missing?" if got is None else f"a {type(got).__name__}, not a torch.Tensor")


def expect(got: Any, expected: torch.Tensor, *, what: str | None = None, slips: dict[str, Any] | None = None,
           rtol: float = 1e-5, atol: float = 1e-6) -> torch.Tensor:
    """Fail with a diagnosis unless `got` is `expected` (assert_close within rtol, atol)."""
    expected = expected.detach()
    got = as_tensor(got, expected, what)
    if got.requires_grad:
        got = got.detach()
    if got.shape != expected.shape:
        _slip(got, expected, slips, what, rtol, atol)
        transposed = tuple(reversed(got.shape)) == tuple(expected.shape) and got.dim() > 1
        raise Failed("shape", what=what, expected=expected, got=got,
                     detail=f"shape {tuple(got.shape)}, torch's is {tuple(expected.shape)}"
                     + (" (transposed?)" if transposed else ""))
    if _close(got.double(), expected.double(), rtol, atol):
        if got.dtype != expected.dtype:
            raise Failed("dtype", what=what, expected=expected, got=got,
                         detail=f"dtype {got.dtype}, where torch's is {expected.dtype}")
        return got
    _slip(got, expected, slips, what, rtol, atol)
    g, e = got.double(), expected.double()
    if not torch.isfinite(g).all() and torch.isfinite(e).all():
        raise Failed("overflow", what=what, expected=expected, got=got)
    if e.abs().max() > atol * 10 and _close(g, -e, rtol, atol):
        raise Failed("sign", what=what, expected=expected, got=got)
    ee = float((e * e).sum())
    if ee > 0 and torch.isfinite(g).all():
        c = float((g * e).sum()) / ee
        if abs(c - 1) > 1e-3 and abs(c) > 1e-6 and _close(g, c * e, rtol * 10, atol * 10):
            raise Failed("factor", what=what, expected=expected, got=got, factor=c)
    diff = (g - e).abs()
    diff = torch.where(torch.isnan(diff), torch.full_like(diff, math.inf), diff)
    worst = int(diff.reshape(-1).argmax()) if diff.numel() else 0
    where = tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), e.shape)) if e.dim() else ()
    raise Failed("mismatch", what=what, expected=expected, got=got,
                 detail=(f"largest difference {_num(float(diff.reshape(-1)[worst]))}"
                         + (f" at index {where if len(where) > 1 else where[0]}" if where else "")))


def _slip(got: torch.Tensor, expected: torch.Tensor, slips: dict[str, Any] | None, what: str | None,
          rtol: float, atol: float) -> None:
    for name, alt in (slips or {}).items():
        if alt is None:
            continue
        alt = alt.detach() if isinstance(alt, torch.Tensor) else torch.as_tensor(alt)
        if alt.shape == got.shape and _close(got.double(), alt.double(), rtol, atol) and not (
                alt.shape == expected.shape and _close(alt.double(), expected.double(), rtol, atol)):
            raise Failed("slip", slip=name, what=what, expected=expected, got=got)


def expect_all(got: Any, expected: Sequence[torch.Tensor], names: Sequence[str], *,
               slips: dict[str, Sequence[Any]] | None = None, rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """A tuple of results, each compared in turn; `slips` gives each slip's tuple of wrong answers."""
    if not isinstance(got, tuple | list) or len(got) != len(expected):
        raise Failed("type", expected=tuple(expected), got=got,
                     detail=f"{_kind_of(got)}, where a tuple of {len(expected)} ({', '.join(names)}) is due")
    for i, (g, e, name) in enumerate(zip(got, expected, names)):
        expect(g, e, what=name, rtol=rtol, atol=atol,
               slips={s: alts[i] for s, alts in (slips or {}).items() if alts is not None})


def _kind_of(value: Any) -> str:
    if value is None:
        return "None (is a `return` missing?)"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return f"a {type(value).__name__}"


def hand_gradient(forward: Callable[..., torch.Tensor], backward: Callable[..., Sequence[Any]],
                  inputs: Sequence[torch.Tensor], what: str) -> None:
    """torch.autograd.gradcheck on `forward` with the learner's hand-written `backward`.

    `backward(*inputs)` returns d forward / d input for each input (the Jacobian's diagonal for an
    elementwise forward, or the gradient of a scalar forward); the upstream gradient is applied
    here. Run in float64, as gradcheck's finite differences need.
    """

    class HandWritten(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, *xs: torch.Tensor) -> torch.Tensor:
            ctx.save_for_backward(*xs)
            return forward(*xs)

        @staticmethod
        def backward(ctx: Any, upstream: torch.Tensor) -> tuple[torch.Tensor, ...]:
            grads = backward(*ctx.saved_tensors)
            return tuple(upstream * torch.as_tensor(g, dtype=torch.float64) for g in grads)

    xs = tuple(x.detach().double().requires_grad_(True) for x in inputs)
    oracle("torch.autograd.gradcheck (finite differences)")
    if not torch.autograd.gradcheck(HandWritten.apply, xs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=False):
        raise Failed("mismatch", what=what,
                     detail="torch.autograd.gradcheck: your derivative disagrees with finite differences "
                            "of the function in float64")


# --- strategies: small shapes and values, so a check stays fast ---
def floats(lo: float = -5.0, hi: float = 5.0) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def tensors(draw: Any, shape: tuple[int, ...], lo: float = -5.0, hi: float = 5.0) -> torch.Tensor:
    n = math.prod(shape)
    values = draw(st.lists(floats(lo, hi), min_size=n, max_size=n))
    return torch.tensor(values, dtype=torch.float32).reshape(shape)


def shapes(min_dims: int = 1, max_dims: int = 3, min_side: int = 1, max_side: int = 4) -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(st.integers(min_side, max_side), min_size=min_dims, max_size=max_dims).map(tuple)


def random_tensor(shape: tuple[int, ...], seed: int, scale: float = 1.0) -> torch.Tensor:
    """Values from a seeded generator, for tensors too big to draw number by number."""
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=gen) * scale


def prop(*strategies: Any) -> Callable[[Callable[..., None]], Callable[[], None]]:
    """`@prop(st...)` over a property: hypothesis with QUICK settings, run when called."""
    from hypothesis import given

    def wrap(fn: Callable[..., None]) -> Callable[[], None]:
        return QUICK(given(*strategies)(fn))

    return wrap
