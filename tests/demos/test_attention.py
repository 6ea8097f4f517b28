"""The attention demo against torch's scaled_dot_product_attention, computed here from the demo's
embeddings and weights: outputs to 1e-12, rows summing to 1, and the permutation property."""

from __future__ import annotations

import math

import pytest
import torch

from dltutor.demos import attention

F = torch.nn.functional


def tensor(rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float64)


def reference(X, W, heads, scale, causal):
    """Output and weights by torch: sdpa for the output, torch.softmax for the weights."""
    n, d = X.shape
    q, k, v = ((X @ W[key]).reshape(n, heads, d // heads).transpose(0, 1) for key in ("W_Q", "W_K", "W_V"))
    out = F.scaled_dot_product_attention(q, k, v, is_causal=causal, scale=scale).transpose(0, 1).reshape(n, d)
    scores = q @ k.transpose(1, 2) * scale
    if causal:
        scores = scores.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), -math.inf)
    return out, torch.softmax(scores, -1)


def sinusoids(n, d):
    return tensor([[math.sin(p / 10000 ** (i / d)) if i % 2 == 0 else math.cos(p / 10000 ** ((i - 1) / d))
                    for i in range(d)] for p in range(n)])


def last(**options):
    frames = list(attention.run(**options))
    final = frames[-1]
    X = tensor(final.weights["X"])
    W = {k: tensor(final.weights[k]) for k in ("W_Q", "W_K", "W_V")}
    return frames, final.summary, X, W


CASES = [
    {},
    {"causal": True},
    {"heads": 2},
    {"heads": 4, "dim": 16, "sentence": "attention is all you need"},
    {"temperature": 0.25, "sentence": "a b a b a b"},
    {"sentence": "The Cat", "seed": 7, "temperature": 3.0},
]


@pytest.mark.parametrize("options", CASES, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default")
def test_hand_written_attention_equals_torchs_and_rows_sum_to_one(options):
    frames, s, X, W = last(**options)
    heads = options.get("heads", 1)
    d = options.get("dim", 8)
    scale = 1 / (options.get("temperature", 1.0) * math.sqrt(d // heads))
    assert s["scale"] == pytest.approx(scale, rel=1e-15)
    out, weights = reference(X, W, heads, scale, options.get("causal", False))
    shown = next(m for m in frames[-1].matrices if m.label.startswith("output"))
    assert float((tensor(shown.values) - out).abs().max()) <= 1e-12
    assert s["max_abs_diff"] <= 1e-12
    for h in range(heads):
        assert float((tensor(s["head_weights"][h]) - weights[h]).abs().max()) <= 1e-12
    assert s["weights"] == s["head_weights"][0]
    for row in s["weights"]:
        assert abs(math.fsum(row) - 1) <= 1e-12 and min(row) >= 0
    assert s["rows_sum_to_one"] is True
    if options.get("causal"):
        assert all(s["weights"][i][j] == 0 for i in range(len(X)) for j in range(i + 1, len(X)))
    assert s["tokens"] == options.get("sentence", "the cat sat on the mat").lower().split()


@pytest.mark.parametrize("options", [{}, {"heads": 2}, {"sentence": "one two three four five six seven", "seed": 3},
                                     {"sentence": "a a b"}])
def test_permuting_the_words_permutes_the_output_without_positions_and_not_with_them(options):
    _, s, X, W = last(**options)
    heads = options.get("heads", 1)
    scale, perm = s["scale"], s["permutation"]
    assert sorted(perm) == list(range(len(X))) and all(p != i for i, p in enumerate(perm))
    out, _ = reference(X, W, heads, scale, False)
    shuffled, _ = reference(X[perm], W, heads, scale, False)
    assert float((shuffled - out[perm]).abs().max()) <= 1e-12
    assert s["permutation_equivariant"] is True
    P = sinusoids(len(X), X.shape[1])
    out_pos, _ = reference(X + P, W, heads, scale, False)
    shuffled_pos, _ = reference(X[perm] + P, W, heads, scale, False)
    gap = float((shuffled_pos - out_pos[perm]).abs().max())
    assert gap > 1e-6
    assert s["permutation_equivariant_with_positions"] is False
    assert s["equivariance_error_with_positions"] == pytest.approx(gap, rel=1e-9)


def test_the_causal_mask_alone_breaks_the_permutation_property_and_the_demo_says_so():
    frames, s, X, W = last(causal=True)
    out, _ = reference(X, W, 1, s["scale"], True)
    shuffled, _ = reference(X[s["permutation"]], W, 1, s["scale"], True)
    assert float((shuffled - out[s["permutation"]]).abs().max()) > 1e-6
    assert s["permutation_equivariant"] is False
    assert "the causal mask already depends on order" in frames[-1].text


def test_heads_attend_differently():
    _, s, X, W = last(heads=2)
    _, weights = reference(X, W, 2, s["scale"], False)
    differ = sum(int(weights[0, i].argmax()) != int(weights[1, i].argmax()) for i in range(len(X)))
    assert s["queries_where_heads_differ"] == differ > 0
    tv = float(0.5 * (weights[0] - weights[1]).abs().sum(-1).mean())
    assert s["mean_total_variation_heads_1_2"] == pytest.approx(tv, rel=1e-12)


def test_why_root_d_numbers_are_the_runs():
    _, s, X, W = last()
    q, k = X @ W["W_Q"], X @ W["W_K"]
    raw = q @ k.T
    assert s["raw_score_std"] == pytest.approx(float(raw.std()), rel=1e-12)
    assert s["mean_top_weight_unscaled"] == pytest.approx(float(torch.softmax(raw, -1).max(-1).values.mean()), rel=1e-12)
    assert s["mean_top_weight"] == pytest.approx(float(torch.softmax(raw * s["scale"], -1).max(-1).values.mean()), rel=1e-12)
    # A sharper temperature makes the rows peakier, a softer one flatter.
    sharp = last(temperature=0.25)[1]["mean_top_weight"]
    soft = last(temperature=4.0)[1]["mean_top_weight"]
    assert sharp > s["mean_top_weight"] > soft


def test_a_word_has_the_same_embedding_in_any_sentence():
    X1 = tensor(last(sentence="the cat sat")[0][-1].weights["X"])
    X2 = tensor(last(sentence="on the mat")[0][-1].weights["X"])
    assert torch.equal(X1[0], X2[1]) and not torch.equal(X1[0], X1[1])
