"""Tests for dltutor.course.mathtext: LaTeX formulas as readable terminal Unicode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dltutor.course.mathtext import MATH_RE, find_formulas, latex_to_unicode, render_math

REPO = Path(__file__).resolve().parents[2]

# Every formula of the course guidebook, with what a learner should read.
GUIDEBOOK_FORMULAS = {
    r"F": "F",
    r"P": "P",
    r"S": "S",
    r"W": "W",
    r"WX": "WX",
    r"W_1": "W₁",
    r"W_2 = \frac{(W_1 - F + 2P)}{S} + 1": "W₂ = (W₁ − F + 2P)/S + 1",
    r"\Delta w = \lambda (t - y)x": "Δw = λ(t − y)x",
    r"\Delta w_i = -\lambda \frac{\partial \text{loss}}{\partial w_i}": "Δwᵢ = −λ ∂loss/∂wᵢ",
    r"\Delta w_i = \lambda (t_k - y_k) x_{ki}": "Δwᵢ = λ(tₖ − yₖ) xₖᵢ",
    r"\alpha = 0": "α = 0",
    r"\alpha": "α",
    r"\lambda": "λ",
    r"\phi": "φ",
    r"\text{CE}(y, t) = -t \log(y) - (1 - t) \log(1 - y)":
        "CE(y, t) = −t log(y) − (1 − t) log(1 − y)",
    r"\text{Error} = t_k - y_k": "Error = tₖ − yₖ",
    r"\text{MSE}(t, y) = (t - y)^2": "MSE(t, y) = (t − y)²",
    r"\text{RegLoss}(w) = \text{Loss}(w) + \frac{\gamma}{2} \sum_{j=1}^{n} w_j^2":
        "RegLoss(w) = Loss(w) + γ/2 Σⱼ₌₁ⁿ wⱼ²",
    r"a = \phi(z)": "a = φ(z)",
    r"b": "b",
    r"g": "g",
    r"g(z) = \max(z, \alpha z)": "g(z) = max(z, αz)",
    r"n": "n",
    r"n+1": "n+1",
    r"n-1": "n−1",
    r"s_t = f(U x_t + W s_{t-1})": "sₜ = f(U xₜ + W sₜ₋₁)",
    r"w_1 x_1 + w_2 x_2 + \dots + w_n x_n + w_0 = 0": "w₁ x₁ + w₂ x₂ + … + wₙ xₙ + w₀ = 0",
    r"w_1 x_1 + w_2 x_2 + b > 0 \quad \text{(Positive)}": "w₁ x₁ + w₂ x₂ + b > 0   (Positive)",
    r"w_1 x_1 + w_2 x_2 + b \leq 0 \quad \text{(Negative)}":
        "w₁ x₁ + w₂ x₂ + b ≤ 0   (Negative)",
    r"w_i = w_i + \Delta w_i": "wᵢ = wᵢ + Δwᵢ",
    r"w_{ij}": "wᵢⱼ",
    r"x_j": "xⱼ",
    r"y_i = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}": "yᵢ = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)",
    r"y_i = \max(0, z_i)": "yᵢ = max(0, zᵢ)",
    r"y_i = g(z_i) = \frac{1}{1 + e^{-z_i}}": "yᵢ = g(zᵢ) = 1/(1 + e^(−zᵢ))",
    r"y_i = g(z_i)": "yᵢ = g(zᵢ)",
    r"y_i = z_i": "yᵢ = zᵢ",
    r"y_k = \sigma\left(\sum_{j} w_j x_{kj}\right)": "yₖ = σ(Σⱼ wⱼ xₖⱼ)",
    r"y_t = g(V s_t)": "yₜ = g(V sₜ)",
    r"z = 0": "z = 0",
    r"z = \sum_{i=1}^{n} w_i x_i + b": "z = Σᵢ₌₁ⁿ wᵢ xᵢ + b",
    r"z": "z",
    r"z_i = \sum_{j} w_{ij} x_j + b": "zᵢ = Σⱼ wᵢⱼ xⱼ + b",
    r"z_i": "zᵢ",
}

# The guidebook's one multi-line formula, verbatim with its YAML-ish indentation.
BTU_CASES = r"""y_i = \sigma(z_i) =
      \begin{cases}
      1, & \text{if } z_i > 0 \\
      0, & \text{if } z_i \leq 0
      \end{cases}"""
BTU_RENDERED = """\
yᵢ = σ(zᵢ) = ⎧ 1,  if zᵢ > 0
             ⎨
             ⎩ 0,  if zᵢ ≤ 0"""


@pytest.mark.parametrize(("latex", "expected"), GUIDEBOOK_FORMULAS.items())
def test_guidebook_formula(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_guidebook_cases_formula_stacks_under_its_prefix() -> None:
    assert latex_to_unicode(BTU_CASES) == BTU_RENDERED


def test_tables_cover_every_guidebook_formula(guidebook: str) -> None:
    formulas = set(find_formulas(guidebook))
    assert formulas == set(GUIDEBOOK_FORMULAS) | {BTU_CASES}


def test_whole_guidebook_renders_without_latex_left_in_math(guidebook: str) -> None:
    text = guidebook
    # Fence each formula with private-use marks (outside its dollars) to find
    # what it became after rendering.
    fenced = MATH_RE.sub(lambda m: f"\ue000{m[0]}\ue001", text)
    rendered = render_math(fenced)
    segments = re.findall("\ue000(.*?)\ue001", rendered, re.S)
    assert len(segments) == len(find_formulas(text)) > 40
    for segment in segments:
        for leftover in ("\\", "{", "}", "_{", "^{", "$"):
            assert leftover not in segment, segment
    assert "yᵢ = σ(zᵢ) = ⎧ 1,  if zᵢ > 0" in rendered
    assert "$" not in render_math(text)


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{a}{b}", "a/b"),
        (r"\frac{\gamma}{2}", "γ/2"),
        (r"\frac{1}{1 + e^{-z}}", "1/(1 + e⁻ᶻ)"),
        (r"\frac{(W_1 - F + 2P)}{S} + 1", "(W₁ − F + 2P)/S + 1"),
        (r"\frac{(a)+(b)}{2}", "((a)+(b))/2"),
        (r"\frac{\partial \text{loss}}{\partial w_i}", "∂loss/∂wᵢ"),
        (r"\frac{\frac{a}{b}}{c}", "(a/b)/c"),
        (r"\frac{a}{b c}", "a/(b c)"),
        (r"\frac12", "1/2"),
        (r"\dfrac{x^2}{2}", "x²/2"),
        (r"\sqrt{x^2 + y^2}", "√(x² + y²)"),
    ],
)
def test_frac_adds_parentheses_only_where_needed(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_cases_one_row_per_line_aligned_on_ampersand() -> None:
    latex = r"\begin{cases} -1, & x < 0 \\ 0, & x = 0 \\ 10, & x > 0 \end{cases}"
    assert latex_to_unicode(latex).split("\n") == [
        "⎧ −1,  x < 0",
        "⎨ 0,   x = 0",
        "⎩ 10,  x > 0",
    ]


def test_cases_single_row_and_text_after() -> None:
    assert latex_to_unicode(r"\begin{cases} 1 & x \end{cases}") == "{ 1  x"
    assert latex_to_unicode(r"f = \begin{cases} a \\ b \end{cases} + 1").split("\n") == [
        "f = ⎧ a",
        "    ⎨",
        "    ⎩ b + 1",
    ]


def test_matrix_gets_brackets() -> None:
    latex = r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"
    assert latex_to_unicode(latex) == "⎛ 1  0 ⎞\n⎝ 0  1 ⎠"


def test_render_math_keeps_stacked_formula_under_its_column() -> None:
    text = "  - BTU: $" + BTU_CASES + "$\nnext"
    assert render_math(text).split("\n") == [
        "  - BTU: yᵢ = σ(zᵢ) = ⎧ 1,  if zᵢ > 0",
        "                      ⎨",
        "                      ⎩ 0,  if zᵢ ≤ 0",
        "next",
    ]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\text{if } z", "if z"),
        (r"\text{ if }z", "if z"),
        (r"1 \text{ if } z", "1 if z"),
        (r"\text{Error}", "Error"),
        (r"\text{well-known}", "well-known"),  # a hyphen in text is not a minus
        (r"\text{max}", "max"),
        (r"\operatorname{softmax}(z)", "softmax(z)"),
    ],
)
def test_text_keeps_its_spaces(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


@pytest.mark.parametrize("word", ["log", "ln", "exp", "max", "min", "sin", "tanh", "arg"])
def test_operator_names_read_as_words(word: str) -> None:
    assert latex_to_unicode(rf"\{word}(x)") == f"{word}(x)"


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"x^{q}", "x^q"),
        (r"x^{aq}", "x^(aq)"),
        (r"x_{i,j}", "x_(i,j)"),
        (r"e^{-z_i}", "e^(−zᵢ)"),
        (r"e^{x^2}", "e^(x²)"),
        (r"e^{(b)}", "e⁽ᵇ⁾"),
        (r"x_{\text{max}}", "xₘₐₓ"),
        (r"W^T x", "Wᵀ x"),
        (r"\sum_{j=1}^{n}", "Σⱼ₌₁ⁿ"),
        (r"\sum_{i \in S}", "Σ_(i ∈ S)"),
        (r"x_{ k j }", "xₖⱼ"),
        (r"x_{}", "x"),
    ],
)
def test_scripts_use_unicode_or_a_readable_fallback(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\left( a \right)", "( a )"),
        (r"\left. x \right|", "x |"),
        (r"a \cdot b \times c", "a · b × c"),
        (r"a \leq b \geq c \neq d \approx e", "a ≤ b ≥ c ≠ d ≈ e"),
        (r"x \in S \to \infty", "x ∈ S → ∞"),
        (r"x \rightarrow y", "x → y"),
        (r"\nabla f, \partial f", "∇f, ∂f"),
        (r"\eta, \theta, \delta = \sigma", "η, θ, δ = σ"),
        (r"\alpha \beta x", "αβx"),  # juxtaposed symbols are a product
        (r"a \cdots b \ldots c", "a ⋯ b … c"),
        (r"a \quad b", "a   b"),
        (r"a\,b", "a b"),
        (r"\foo x", "foo x"),
        (r"\hat{y} \in \mathbb{R}^n", "ŷ ∈ ℝⁿ"),
        ("w_1\n      x_1   +\tw_2", "w₁ x₁ + w₂"),
        (r"\{1, 2\}", "{1, 2}"),
        ("f'(x)", "f′(x)"),
    ],
)
def test_symbols_and_spacing(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_escaped_dollar_is_literal_and_unmatched_dollar_stays() -> None:
    assert render_math(r"costs \$5, $x_i$") == "costs $5, xᵢ"
    assert render_math("a lone $ sign") == "a lone $ sign"
    assert render_math("pay $5 and $10 now") == "pay $5 and $10 now"
    assert render_math(r"$a$ and $b") == "a and $b"
    assert render_math(r"$\$5$") == "$5"


def test_find_formulas_in_order() -> None:
    text = r"First $a_1$, then \$3, $$\sum_i x_i$$ and $\frac{1}{2}$ and a $ stray."
    assert find_formulas(text) == ["a_1", r"\sum_i x_i", r"\frac{1}{2}"]
    assert render_math(text) == "First a₁, then $3, Σᵢ xᵢ and 1/2 and a $ stray."


@pytest.mark.parametrize(
    "latex",
    ["\\", "\\\\", "{", "}", "{{{", "}}}a", r"\frac", r"\frac{a", "^", "_{", "x^", "&",
     r"\begin{cases} 1 & a \\ 0", r"\end{cases}", r"\begin", r"\left", r"\sqrt[3",
     "$", "{" * 5000, r"\text{" * 400],
)
def test_malformed_input_is_readable_not_an_error(latex: str) -> None:
    out = latex_to_unicode(latex)
    assert "\\" not in out and "_{" not in out and "^{" not in out


def test_unclosed_cases_still_stacks() -> None:
    assert latex_to_unicode(r"\begin{cases} 1 & a \\ 0 & b") == "⎧ 1  a\n⎨\n⎩ 0  b"


LATEX_BITS = st.sampled_from(
    ["\\", "{", "}", "^", "_", "&", "\\\\", "$", "\\$", " ", "\n", "x", "1", "-", "(", ")",
     "[", "]", ".", r"\frac", r"\text", r"\begin{cases}", r"\end{cases}", r"\begin{", r"\end",
     r"\left", r"\right", r"\sqrt", r"\alpha", r"\sum", r"\hat", r"\quad", r"\log", r"\foo",
     r"\partial", r"\mathbb", "é", "∑"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(LATEX_BITS, max_size=40).map("".join)))
def test_never_raises_and_never_prints_a_backslash(latex: str) -> None:
    out = latex_to_unicode(latex)
    assert isinstance(out, str) and "\\" not in out
    assert isinstance(render_math(latex), str)
    assert isinstance(find_formulas(latex), list)


@settings(max_examples=200, deadline=None)
@given(st.text().filter(lambda s: "$" not in s))
def test_text_without_dollars_is_untouched(text: str) -> None:
    assert render_math(text) == text


def test_import_stays_light() -> None:
    heavy = ["rich", "typer", "textual", "numpy", "torch"]
    code = (
        "import sys, dltutor.course.mathtext\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("latex,expected", [(r"\pm 1", "± 1"), (r"\forall x", "∀ x"), (r"a \odot b", "a ⊙ b")])
def test_symbols_beyond_our_table_come_from_unicodeit(latex, expected):
    assert latex_to_unicode(latex) == expected
