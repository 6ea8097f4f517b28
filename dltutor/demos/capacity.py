"""`capacity`: how many labellings a perceptron can learn — Cover's function counting theorem, measured.

Take P points in general position in N dimensions, N counting the bias as an input (each
point is N − 1 Gaussian inputs and a constant 1), so a perceptron's boundary w·x = 0 passes
through the origin. Of the 2ᴾ ways to label the points ±1, Cover (1965) counts exactly

    C(P, N) = 2 Σₖ₌₀ᴺ⁻¹ (P − 1 choose k)

that some w realises (every sᵢ w·xᵢ > 0): all of them while P ≤ N, exactly half at P = 2N, and
few beyond. The demo draws point sets and labellings, decides for each whether it is linearly
separable, and compares the shares with C(P, N)/2ᴾ.

Deciding separability exactly, not by running a perceptron for a while (which can only ever
say "separable"): by Gordan's theorem exactly one of these holds for zᵢ = sᵢxᵢ,

    some w has every zᵢ·w > 0            (separable)
    some λ ≥ 0 with Σλᵢ = 1 has Σλᵢzᵢ = 0  (not: 0 lies in the convex hull of the zᵢ)

and the second is a linear program's feasibility question. Phase 1 of the simplex method
(Bland's rule, so it cannot cycle) answers it in finitely many pivots, for a whole batch of
labellings at once. Each answer carries its certificate, checked afterwards: the λ it found,
or a w from the LP's dual whose every margin zᵢ·w is positive. A labelling whose certificate
does not check out (it never happened on Gaussian points) would be counted as undecided.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Points, Series

torch = B.torch

TOL = 1e-9  # pivots smaller than this are treated as 0
CHUNK = 2048  # labellings per simplex batch: bounds memory, not results
LABEL_STREAM = 2**32


def cover(P: int, N: int) -> int:
    """C(P, N) = 2 Σₖ₌₀ᴺ⁻¹ (P − 1 choose k): the number of labellings of P points a separator through the origin realises."""
    return 2 * sum(math.comb(P - 1, k) for k in range(N))


@dataclass
class Verdicts:
    separable: "torch.Tensor"  # bool, one per labelling
    certified: "torch.Tensor"  # bool: the certificate checked out
    w: "torch.Tensor"  # a separating w (meaningful where separable)
    lam: "torch.Tensor"  # Gordan weights (meaningful where not separable)
    pivots: int


def separability(Z: "torch.Tensor") -> Verdicts:
    """For each labelling b (Z[b]: P × N, rows zᵢ = sᵢxᵢ; all-zero rows are padding), is it separable?

    Phase 1 LP: minimise the artificials' sum 1ᵀa subject to Aλ + a = e, λ, a ≥ 0, where
    A = [Zᵀ; 1ᵀ] (the sum row only over real points) and e = (0, …, 0, 1). Optimum 0: λ is a
    Gordan certificate. Optimum > 0: the dual y = (u, v) has Zu + v ≤ 0 with v > 0, so w = −u
    separates with every margin at least v.
    """
    verdicts = [_phase1(Z[i:i + CHUNK]) for i in range(0, len(Z), CHUNK)]
    return Verdicts(*(torch.cat([getattr(v, f) for v in verdicts]) for f in ("separable", "certified", "w", "lam")),
                    pivots=max((v.pivots for v in verdicts), default=0))


def _phase1(Z: "torch.Tensor") -> Verdicts:
    n, P, N = Z.shape
    m = N + 1
    real = (Z.abs().sum(2) > 0).to(Z.dtype)
    A = torch.cat([Z.transpose(1, 2), real[:, None, :]], 1)  # n × m × P
    # The tableau: m constraint rows and the objective row (reduced costs | −objective).
    T = torch.zeros(n, m + 1, P + m + 1, dtype=Z.dtype, device=Z.device)
    T[:, :m, :P] = A
    T[:, :m, P:P + m] = torch.eye(m, dtype=Z.dtype, device=Z.device)
    T[:, m - 1, -1] = 1.0
    T[:, m, :P] = -A.sum(1)
    T[:, m, -1] = -1.0
    basis = (P + torch.arange(m, device=Z.device)).repeat(n, 1)
    order = torch.arange(n, device=Z.device)
    final_T, final_basis = torch.empty_like(T), torch.empty_like(basis)
    never = torch.tensor(1 << 30, device=Z.device)
    pivots = 0
    while len(order):
        entering = T[:, m, :-1] < -TOL  # Bland: the first column with a negative reduced cost enters
        going = entering.any(1)
        if not bool(going.all()):  # optimal ones leave the batch
            final_T[order[~going]], final_basis[order[~going]] = T[~going], basis[~going]
            T, basis, order, entering = T[going], basis[going], order[going], entering[going]
            if not len(order):
                break
        pivots += 1
        rows = torch.arange(len(order), device=Z.device)
        j = entering.to(torch.int8).argmax(1)
        column = T.gather(2, j[:, None, None].expand(-1, m + 1, 1))
        ratio = torch.where(column[:, :m, 0] > TOL, T[:, :m, -1] / column[:, :m, 0], math.inf)
        ties = ratio <= ratio.min(1, keepdim=True).values + 1e-12
        r = torch.where(ties, basis, never).argmin(1)  # Bland: the smallest basic index leaves
        pivot_row = T[rows, r] / column[rows, r]
        T.baddbmm_(column, pivot_row[:, None, :], alpha=-1.0)  # T −= column · pivot row, in place
        T[rows, r] = pivot_row
        basis[rows, r] = j
    T, basis = final_T, final_basis
    separable = -T[:, m, -1] > TOL
    y = 1 - T[:, m, P:P + m]  # the reduced cost of artificial i is 1 − yᵢ
    w = -y[:, :N]
    lam = torch.zeros(n, P + m, dtype=Z.dtype, device=Z.device).scatter_(1, basis, T[:, :m, -1])[:, :P]
    # The certificates, checked on the data.
    scale = Z.norm(dim=2).max(1).values
    margins = torch.where(real > 0, (Z @ w[:, :, None])[:, :, 0], math.inf).min(1).values
    sep_ok = margins > 1e-12 * w.norm(dim=1) * scale
    residual = (Z.transpose(1, 2) @ lam[:, :, None])[:, :, 0].abs().max(1).values
    gordan_ok = (lam.min(1).values >= -1e-12) & ((lam.sum(1) - 1).abs() <= 1e-9) & (residual <= 1e-9 * scale)
    certified = torch.where(separable, sep_ok, gordan_ok)
    return Verdicts(separable, certified, w, lam, pivots)


def point_set(P: int, N: int, gen: "torch.Generator") -> "torch.Tensor":
    """P points: N − 1 Gaussian inputs and the bias input 1."""
    return B.with_bias(B.normal((P, N - 1), gen)) if N > 1 else torch.ones(P, 1, dtype=B.DTYPE, device=B.DEVICE)


def all_labellings(P: int) -> "torch.Tensor":
    """Every ±1 labelling of P points, 2ᴾ × P."""
    codes = torch.arange(2 ** P)[:, None]
    return ((codes >> torch.arange(P)) & 1).to(B.DTYPE).to(B.DEVICE) * 2 - 1


def run(n: int = 5, labellings: int = 100, max_ratio: float = 4.0, seed: int = 0) -> Iterator[Frame]:
    N = n
    gen = B.generator(seed)  # the points
    # The labellings get a stream of their own: drawn from the points' generator between point sets,
    # torch's randint and randn outputs came out correlated enough to matter (seed 1, 150
    # labellings, P = 14: 3 separable where 20 were expected, a 1-in-a-million deviation that
    # shuffling the labels across point sets removed). With two streams the deviations over
    # 480 rows and 36 runs fell as sampling error does.
    labels = B.generator(seed + LABEL_STREAM)
    Ps = [P for P in range(1, math.floor(max_ratio * N + 1e-9) + 1) if P >= N / 2]
    widest = max(Ps)
    blocks: list["torch.Tensor"] = []
    plan: list[dict] = []
    for P in Ps:
        if 2 ** P <= labellings:  # every labelling of each of a few point sets
            sets = max(1, labellings // 2 ** P)
            signs = all_labellings(P).repeat(sets, 1)
            X = torch.cat([point_set(P, N, gen).expand(2 ** P, P, N) for _ in range(sets)])
            exact = True
        else:  # random labellings, each of its own point set
            signs = torch.randint(0, 2, (labellings, P), generator=labels).to(B.DTYPE).to(B.DEVICE) * 2 - 1
            X = torch.stack([point_set(P, N, gen) for _ in range(labellings)])
            sets, exact = labellings, False
        Z = torch.zeros(len(signs), widest, N, dtype=B.DTYPE, device=B.DEVICE)
        Z[:, :P] = X * signs[:, :, None]
        blocks.append(Z)
        plan.append({"p": P, "checked": len(signs), "sets": sets, "exact": exact})
    verdicts = separability(torch.cat(blocks))
    rows: list[dict] = []
    start = 0
    for item in plan:
        P, count = item["p"], item["checked"]
        sep = verdicts.separable[start:start + count]
        ok = verdicts.certified[start:start + count]
        start += count
        share = cover(P, N) / 2 ** P
        # With every labelling of each set checked, the count per set: the theorem says exactly C(P, N).
        per_set = sep.reshape(item["sets"], -1).sum(1).tolist() if item["exact"] else []
        rows.append({"p": P, "measured": float(sep.to(B.DTYPE).mean()), "cover": share, "per_set": per_set,
                     "separable": int(sep.sum()), "checked": count, "undecided": int((~ok).sum()),
                     "all_labellings": item["exact"], "point_sets": item["sets"],
                     # Sampling error only where labellings were sampled: a full count has none.
                     "sigma": 0.0 if item["exact"] else math.sqrt(share * (1 - share) / count)})
    undecided = sum(r["undecided"] for r in rows)
    fine = [P / N for P in range(1, widest + 1)]
    curve = Series("Cover: C(P, N)/2ᴾ", [cover(P, N) / 2 ** P for P in range(1, widest + 1)], fine, chart="cap",
                   color="blue")
    half = Series("P = 2N", [0.0, 1.0], [2.0, 2.0], chart="cap", color="gray") if widest >= 2 * N else None
    chart = Chart("cap", f"share of the 2ᴾ labellings a perceptron with N = {N} realises", xlabel="P / N",
                  xlim=(0.0, widest / N + 0.1), ylim=(0.0, 1.05))
    total = len(rows) + 2

    def table(upto: int) -> Matrix:
        return Matrix(f"N = {N}: measured shares against Cover's", [
            [r["p"] / N, r["measured"], r["cover"], 2 * r["sigma"], float(r["checked"])] for r in rows[:upto]],
            rows=[f"P = {r['p']}" + (" (all)" if r["all_labellings"] else "") for r in rows[:upto]],
            cols=["P/N", "measured", "Cover", "±2σ", "checked"])

    def frame(upto: int, stage: str, text: str, summary: dict | None = None) -> Frame:
        shown = rows[:upto]
        points = [Points("measured", [r["p"] / N for r in shown], [r["measured"] for r in shown], chart="cap",
                         marker="●", color="red")]
        return Frame(demo="capacity", step=total if summary is not None else upto + 1, total=total, stage=stage, text=text,
                     scalars={"N": N, "P": shown[-1]["p"] if shown else 0}, charts=[chart],
                     series=[curve, *([half] if half else [])], points=points, matrices=[table(upto)],
                     pause=0.3 if summary is None else 0.0, summary=summary)

    yield frame(0, "start", (f"N = {N} inputs counting the bias, so P points x = (x₁ … x{_sub(N - 1)}, 1). For each P "
                             f"from {Ps[0]} to {widest} (P/N from {Ps[0] / N:g} to {widest / N:g}), "
                             f"{labellings} labellings are checked, each exactly for linear separability (a linear "
                             "program with a certificate for its answer). The curve is Cover's C(P, N)/2ᴾ."))
    for k, r in enumerate(rows, 1):
        how = (f"all {2 ** r['p']} labellings of {r['point_sets']} point set{'s' if r['point_sets'] > 1 else ''}"
               if r["all_labellings"] else f"{r['checked']} random labellings, each of its own point set")
        yield frame(k, f"P = {r['p']}", (f"P = {r['p']} points: {r['separable']} of {how} are separable, a share of "
                                         f"{r['measured']:.3f}; Cover's formula: {cover(r['p'], N)}/{2 ** r['p']} = "
                                         f"{r['cover']:.3f}."))
    at_n = [r for r in rows if r["p"] <= N]
    at_2n = next((r for r in rows if r["p"] == 2 * N), None)
    exact_rows = [r for r in rows if r["all_labellings"]]
    sampled = [r for r in rows if not r["all_labellings"]]
    worst = max((abs(r["measured"] - r["cover"]) / r["sigma"] for r in sampled if r["sigma"] > 0), default=0.0)
    text = ""
    if at_n:
        realised, checked = sum(r["separable"] for r in at_n), sum(r["checked"] for r in at_n)
        text += (f"Up to P = N = {N} " + ("every labelling was separable" if realised == checked else
                                          f"only {realised} labellings were separable") +
                 f" ({realised} of {checked} checked); Cover's C(P, N) = 2ᴾ there. ")
    if exact_rows:
        agree = all(count == cover(r["p"], N) for r in exact_rows for count in r["per_set"])
        text += (f"Where every labelling of a point set was checked (P ≤ {exact_rows[-1]['p']}), "
                 + ("each set had exactly C(P, N) separable labellings, as the theorem says. " if agree else
                    "some set did not have exactly C(P, N) separable labellings. "))
    if at_2n is not None:
        text += (f"At P = 2N = {2 * N}, Cover gives exactly 1/2; measured {at_2n['measured']:.3f} of "
                 f"{at_2n['checked']}. ")
    if sampled:
        text += (f"Beyond that the share falls fast: {rows[-1]['measured']:.3f} at P = {rows[-1]['p']} "
                 f"(Cover {rows[-1]['cover']:.3f}). Every sampled share is within {worst:.1f} standard errors "
                 f"(√(c(1 − c)/checked)) of Cover's c. ")
    text += ("That is lecture 3's information capacity: a perceptron with N weights can learn about 2N random "
             "patterns, and almost none of the labellings of many more." if widest >= 2 * N else
             "Try --max-ratio 4 to see the fall past P = 2N.")
    if undecided:
        text += f" {undecided} labelling(s) were left undecided: their certificates did not check out."
    summary = {"n": N, "rows": [{"p": r["p"], "measured": r["measured"], "cover": r["cover"], "checked": r["checked"],
                                 "all_labellings": r["all_labellings"]} for r in rows],
               "labellings": labellings, "undecided": undecided, "max_standard_errors": worst,
               "simplex_pivots": verdicts.pivots}
    yield frame(len(rows), "done", text, summary)


def _sub(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(k))
