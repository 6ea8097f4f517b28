"""`attention`: scaled dot-product self-attention on a short sentence, checked against torch.

Each word gets a small embedding (seeded by the word itself, so a word has the same vector in
every sentence), the rows of X. Queries, keys and values are Q = XW_Q, K = XW_K, V = XW_V;
with h heads each of the d_k = d/h columns of a head attends on its own:

    scores = QKᵀ / (τ √d_k),   A = softmax(scores) row by row,   output = A V

and the heads' outputs are concatenated. `causal` sets the scores of later words to −∞ before
the softmax (a word sees only itself and what came before). The softmax and the products are
written out here; torch's own `scaled_dot_product_attention` computes the same output
independently, in float64.

Then the reason Transformers need positional encoding: without positions, attention treats the
sentence as a set. Permuting the words (X → PX) only permutes the output rows (out → P·out),
so no word's output depends on where it stands. Adding sinusoidal encodings to X breaks that.
"""

from __future__ import annotations

import math
import zlib
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Frame, Matrix

torch = B.torch

EXACT = 1e-12  # float64 agreement that counts as "equal"
WORD_STREAM = 0x9E3779B97F4A7C15  # mixes the seed with a word's checksum
PAIRS = 500  # random vector pairs for the spread of dot products
BIG_D = 512


def embed(tokens: list[str], d: int, seed: int) -> "torch.Tensor":
    """One row per token: N(0, 1) entries drawn from a generator seeded by the word (and the seed)."""
    rows = []
    for word in tokens:
        gen = B.generator((seed * WORD_STREAM + zlib.crc32(word.encode("utf-8"))) % 2**63)
        rows.append(B.normal((d,), gen))
    return torch.stack(rows)


def projections(d: int, seed: int) -> dict[str, "torch.Tensor"]:
    gen = B.generator(seed)
    return {k: B.normal((d, d), gen) / math.sqrt(d) for k in ("W_Q", "W_K", "W_V")}


def attend(X: "torch.Tensor", W: dict[str, "torch.Tensor"], heads: int, scale: float,
           causal: bool) -> tuple["torch.Tensor", "torch.Tensor", "torch.Tensor", "torch.Tensor"]:
    """(output n×d, weights heads×n×n, scores heads×n×n, (Q, K, V) stacked 3×heads×n×d_k), by hand."""
    n, d = X.shape
    dk = d // heads
    Q, K, V = (X @ W[k] for k in ("W_Q", "W_K", "W_V"))
    split = [t.reshape(n, heads, dk).transpose(0, 1) for t in (Q, K, V)]  # heads × n × d_k
    scores = split[0] @ split[1].transpose(1, 2) * scale
    if causal:
        later = torch.triu(torch.ones(n, n, dtype=torch.bool, device=X.device), diagonal=1)
        scores = scores.masked_fill(later, -math.inf)
    weights = B.softmax_rows(scores)
    out = (weights @ split[2]).transpose(0, 1).reshape(n, d)  # heads side by side
    return out, weights, scores, torch.stack(split)


def torch_attention(X: "torch.Tensor", W: dict[str, "torch.Tensor"], heads: int, scale: float,
                    causal: bool) -> "torch.Tensor":
    """The same attention by torch.nn.functional.scaled_dot_product_attention."""
    n, d = X.shape
    q, k, v = ((X @ W[key]).reshape(n, heads, d // heads).transpose(0, 1) for key in ("W_Q", "W_K", "W_V"))
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal, scale=scale)
    return out.transpose(0, 1).reshape(n, d)


def derangement(n: int, gen: "torch.Generator") -> list[int]:
    """A seeded shuffle that moves every position (n ≥ 2), so every word changes place."""
    while True:
        perm = B.permutation(n, gen)
        if all(p != i for i, p in enumerate(perm)):
            return perm


def softmax_slope(weights: "torch.Tensor") -> float:
    """The mean over rows of ‖diag(a) − aaᵀ‖ (Frobenius): how much the weights move with the scores."""
    a = weights.reshape(-1, weights.shape[-1])
    J = torch.diag_embed(a) - a[:, :, None] * a[:, None, :]
    return float(J.flatten(1).norm(dim=1).mean())


def entropy_bits(weights: "torch.Tensor") -> float:
    """The mean over rows of −Σ a log₂ a."""
    w = weights.clamp_min(1e-300)
    return float(-(weights * torch.log2(w)).sum(-1).mean())


def run(sentence: str = "the cat sat on the mat", dim: int = 8, heads: int = 1, causal: bool = False,
        temperature: float = 1.0, seed: int = 0) -> Iterator[Frame]:
    tokens = sentence.lower().split()
    n, d, dk = len(tokens), dim, dim // heads
    scale = 1.0 / (temperature * math.sqrt(dk))
    X = embed(tokens, d, seed)
    W = projections(d, seed)
    out, weights, scores, qkv = attend(X, W, heads, scale, causal)
    reference = torch_attention(X, W, heads, scale, causal)
    diff = float((out - reference).abs().max())
    row_error = float((weights.sum(-1) - 1).abs().max())
    total = 8 + (heads > 1)
    labels = [f"{i + 1} {t}" for i, t in enumerate(tokens)]
    cols = [f"x{k + 1}" for k in range(d)]
    head_cols = [f"{k + 1}" for k in range(dk)]

    def weight_map(h: int) -> Matrix:
        title = "attention weights A = softmax(scores)" + (f", head {h + 1}" if heads > 1 else "")
        # The scale runs from 0 to the largest weight, so the contrast shows where each word looks.
        return Matrix(title + " (row: query, column: key)", B.rows(weights[h]), rows=tokens[:], cols=tokens[:],
                      kind="heatmap", limits=(0.0, float(weights.max())))

    def weight_table(h: int) -> Matrix:
        return Matrix("A" + (f", head {h + 1}" if heads > 1 else "") + " (each row sums to 1)", B.rows(weights[h]),
                      rows=labels[:], cols=tokens[:])

    embed_table = Matrix("embeddings X (one row per word)", B.rows(X), rows=labels[:], cols=cols)
    repeated = sorted({t for t in tokens if tokens.count(t) > 1})
    same = (f" The word{'s' if len(repeated) > 1 else ''} {', '.join(repr(t) for t in repeated)} "
            f"appear{'' if len(repeated) > 1 else 's'} more than once and get{'' if len(repeated) > 1 else 's'} the "
            "same vector each time: nothing yet says where a word stands.") if repeated else ""
    yield Frame(demo="attention", step=1, total=total, stage="embeddings",
                text=(f"The sentence has {n} words; each becomes a vector of {d} numbers (its embedding, drawn at "
                      f"random from the word itself, so it is the same in any sentence).{same}"),
                scalars={"words": n, "d": d, "heads": heads}, matrices=[embed_table], pause=2.0)

    q_tables = [Matrix(f"{name} = X{w}" + (", head 1" if heads > 1 else ""), B.rows(qkv[k, 0]), rows=labels[:],
                       cols=head_cols) for k, (name, w) in enumerate((("Q", "W_Q"), ("K", "W_K"), ("V", "W_V")))]
    yield Frame(demo="attention", step=2, total=total, stage="Q, K, V",
                text=("Each word's embedding is multiplied by three weight matrices: its query (what it looks for), "
                      "its key (what it offers to be found by) and its value (what it passes on when found)."
                      + (f" With {heads} heads each gets its own {dk} columns of Q, K and V." if heads > 1 else "")),
                scalars={"d_k": dk}, matrices=q_tables, pause=2.0)

    score_table = Matrix(f"scores QKᵀ/(τ√d_k), τ = {temperature:g}, √d_k = {math.sqrt(dk):.3g}"
                         + (", head 1" if heads > 1 else ""), B.rows(scores[0]), rows=labels[:], cols=tokens[:])
    mask_note = (" With the causal mask, a word's scores for the words after it are −∞, so their weights will be 0."
                 if causal else "")
    yield Frame(demo="attention", step=3, total=total, stage="scores",
                text=("Every query is compared with every key by a dot product: row i, column j says how well word "
                      f"i's query matches word j's key, divided by τ√d_k = {1 / scale:.3g}.{mask_note}"),
                scalars={"scale": scale}, matrices=[score_table], pause=2.0)

    top = [int(j) for j in weights[0].argmax(-1).tolist()]
    focus = "; ".join(f"{tokens[i]!r} (word {i + 1}) → {tokens[j]!r} (word {j + 1}) {float(weights[0, i, j]):.2f}"
                      for i, j in enumerate(top[:4]))
    yield Frame(demo="attention", step=4, total=total, stage="weights",
                text=(f"The softmax turns each row of scores into weights from 0 to 1 that sum to 1 (the largest error in "
                      f"a row sum here is {B.small(row_error)})" + ("; the masked, later words get exactly 0" if causal else "")
                      + f". Where each word looks most: {focus}"
                      + ("; …" if n > 4 else "") + "."),
                scalars={"row sum error": row_error}, matrices=[weight_map(0), weight_table(0)], pause=2.5)

    out_table = Matrix("output A V (one row per word)", B.rows(out), rows=labels[:], cols=cols)
    yield Frame(demo="attention", step=5, total=total, stage="output",
                text=("Each word's output is the weighted sum of all the values, weighted by its row of A. Torch's own "
                      "scaled_dot_product_attention, given the same Q, K, V, scale" + (" and causal mask" if causal else "")
                      + f", computed the same output: the largest difference is {B.small(diff)}, rounding error in float64."),
                scalars={"max |difference|": diff}, matrices=[out_table, weight_map(0)], pause=2.5)

    step = 5
    head_facts: dict[str, float] = {}
    if heads > 1:
        step += 1
        argmax = weights.argmax(-1)  # heads × n
        disagree = sum(len(set(argmax[:, i].tolist())) > 1 for i in range(n))
        tv = float(0.5 * (weights[0] - weights[1]).abs().sum(-1).mean())
        head_facts = {"queries_where_heads_differ": disagree, "mean_total_variation_heads_1_2": tv}
        yield Frame(demo="attention", step=step, total=total, stage="heads",
                    text=(f"The {heads} heads use different columns of W_Q, W_K and W_V, so they attend differently: "
                          f"for {disagree} of the {n} words, the heads' strongest keys are not all the same word, and "
                          f"the rows of heads 1 and 2 differ by {tv:.2f} on average (total variation: half the sum of "
                          "the absolute differences, 0 for identical rows, 1 for rows with nothing in common)."),
                    scalars={"words where heads differ": disagree},
                    matrices=[weight_map(h) for h in range(heads)], pause=3.0)

    # Why √d_k: unscaled dot products grow with d_k and push the softmax towards one-hot.
    raw = qkv[0] @ qkv[1].transpose(1, 2)
    valid = ~torch.triu(torch.ones(n, n, dtype=torch.bool, device=X.device), diagonal=1) if causal else \
        torch.ones(n, n, dtype=torch.bool, device=X.device)
    raw_std = float(raw[:, valid].std())
    unscaled = B.softmax_rows(raw.masked_fill(~valid, -math.inf))
    peak = float(weights.max(-1).values.mean())
    peak_raw = float(unscaled.max(-1).values.mean())
    bits, bits_raw = entropy_bits(weights), entropy_bits(unscaled)
    slope, slope_raw = softmax_slope(weights[:, valid.any(-1)]), softmax_slope(unscaled[:, valid.any(-1)])
    # Dot products of random vectors with unit-variance entries, at this d_k and a large one.
    gen = B.generator(seed)
    spread = {k: float((B.normal((PAIRS, k), gen) * B.normal((PAIRS, k), gen)).sum(1).std()) for k in (dk, BIG_D)}
    step += 1
    yield Frame(demo="attention", step=step, total=total, stage="why √d",
                text=(f"Why divide by √d_k: the dot product of two random vectors of d_k unit-variance numbers has a "
                      f"spread that grows like √d_k (over {PAIRS} random pairs: standard deviation {spread[dk]:.3g} at "
                      f"d_k = {dk}, {spread[BIG_D]:.3g} at d_k = {BIG_D}). Here the raw scores QKᵀ have standard "
                      f"deviation {raw_std:.3g}; after the division by τ√d_k, {raw_std * scale:.3g}. Without any "
                      f"division a row's top weight would be {peak_raw:.2f} on average (entropy {bits_raw:.2f} bits); "
                      f"with it, {peak:.2f} ({bits:.2f} bits; spread evenly over {n} words: {math.log2(n):.2f}). The "
                      f"softmax's slope, ‖diag(a) − aaᵀ‖ averaged over rows, is {slope_raw:.3g} without the division "
                      f"and {slope:.3g} with it; a one-hot row has slope 0 and passes no gradient back to its scores. "
                      "--temperature τ divides the scores once more: τ > 1 flattens the rows, τ < 1 sharpens them."),
                scalars={"raw std": raw_std, "top weight": peak, "unscaled top weight": peak_raw}, pause=3.0)

    # Permutation: without positions attention only permutes its output; with them it does not.
    perm = derangement(n, B.generator(seed))
    PE = B.sinusoidal_encoding(n, d)
    out_perm, _, _, _ = attend(X[perm], W, heads, scale, causal)
    err = float((out_perm - out[perm]).abs().max())
    out_pos, _, _, _ = attend(X + PE, W, heads, scale, causal)
    out_pos_perm, _, _, _ = attend(X[perm] + PE, W, heads, scale, causal)
    err_pos = float((out_pos_perm - out_pos[perm]).abs().max())
    equivariant, equivariant_pos = err <= EXACT, err_pos <= EXACT
    shuffled = " ".join(tokens[p] for p in perm)
    per_word = [[float((out_perm[i] - out[p]).abs().max()), float((out_pos_perm[i] - out_pos[p]).abs().max())]
                for i, p in enumerate(perm)]
    perm_table = Matrix("shuffled: |f(PX) − P f(X)| per word",
                        per_word, rows=[f"{i + 1} {tokens[p]}" for i, p in enumerate(perm)],
                        cols=["no positions", "with positions"])
    if equivariant:
        first = (f"Without positions, the output for {shuffled!r} is the original output with its rows shuffled the "
                 f"same way (largest difference {B.small(err)}): each word's output is the same wherever it stands.")
    elif causal:
        first = (f"Even without positions the shuffled sentence's output is not the shuffled output (difference "
                 f"{err:.2g}): the causal mask already depends on order, since a word sees only the words before it.")
    else:
        first = f"Without positions the outputs differ by {err:.2g} (more than rounding error)."
    second = (f" With sinusoidal positional encodings added to the embeddings (positions 1 to {n} stay in place while "
              f"the words move), the outputs differ by up to {err_pos:.2g}: now "
              + ("attention can tell the orders apart." if not equivariant_pos else "still nothing tells them apart."))
    step += 1
    yield Frame(demo="attention", step=step, total=total, stage="positions", text=first + second,
                scalars={"equivariant": equivariant, "with positions": equivariant_pos},
                matrices=[perm_table], pause=3.0)

    summary = {
        "max_abs_diff": diff,
        "weights": B.rows(weights[0]),
        "head_weights": [B.rows(weights[h]) for h in range(heads)],
        "rows_sum_to_one": row_error <= EXACT,
        "max_row_sum_error": row_error,
        "permutation_equivariant": equivariant,
        "permutation_equivariant_with_positions": equivariant_pos,
        "equivariance_error": err,
        "equivariance_error_with_positions": err_pos,
        "permutation": perm,
        "tokens": tokens,
        "d_model": d,
        "heads": heads,
        "causal": causal,
        "temperature": temperature,
        "scale": scale,
        "raw_score_std": raw_std,
        "mean_top_weight": peak,
        "mean_top_weight_unscaled": peak_raw,
        "softmax_slope": slope,
        "softmax_slope_unscaled": slope_raw,
        **head_facts,
    }
    step += 1
    final = (f"Attention over {n} words" + (f" with {heads} heads" if heads > 1 else "") + (", causal" if causal else "")
             + f": hand-written and torch's outputs agree to {B.small(diff)}; every row of weights sums to 1 (to "
             f"{B.small(row_error)}). " + first + second)
    yield Frame(demo="attention", step=step, total=step, stage="done", text=final,
                scalars={"max |difference|": diff},
                weights={"X": B.rows(X), **{k: B.rows(v) for k, v in W.items()}},
                matrices=[*(weight_map(h) for h in range(heads)), weight_table(0), out_table, perm_table],
                pause=0.0, summary=summary)
