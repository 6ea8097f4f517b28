"""The capacity demo: its separability verdicts against exact Fourier–Motzkin elimination in
rational arithmetic, its counts against Cover's formula computed here, its samples against the
binomial distribution."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
import torch

from dltutor.demos import capacity


def cover(P, N):
    return 2 * sum(math.comb(P - 1, k) for k in range(N))


def separable_exactly(Z) -> bool:
    """Does some w have every zᵢ·w ≥ 1 (for a homogeneous system, the same as every zᵢ·w > 0)?

    Fourier–Motzkin: eliminate one variable at a time, pairing every row where it has a positive
    coefficient with every row where it has a negative one; the system is feasible iff no row
    0 ≥ c with c > 0 remains. Exact in Fractions.
    """
    rows = {(tuple(Fraction(v) for v in z), Fraction(1)) for z in Z}
    for j in range(len(Z[0])):
        pos = [r for r in rows if r[0][j] > 0]
        neg = [r for r in rows if r[0][j] < 0]
        new = {r for r in rows if r[0][j] == 0}
        for (a, b), (c, d) in itertools.product(pos, neg):
            coeffs = tuple(-c[j] * ai + a[j] * ci for ai, ci in zip(a, c))
            rhs = -c[j] * b + a[j] * d
            scale = max(abs(x) for x in (*coeffs, rhs)) or Fraction(1)
            new.add((tuple(x / scale for x in coeffs), rhs / scale))
        rows = new
    return all(rhs <= 0 for _, rhs in rows)


@pytest.mark.parametrize("N, P, seed", [(2, 5, 0), (3, 4, 1), (3, 6, 2), (4, 6, 3)])
def test_every_verdict_matches_exact_elimination_and_the_counts_are_covers(N, P, seed):
    g = torch.Generator().manual_seed(seed)
    X = torch.cat([torch.randn(P, N - 1, generator=g, dtype=torch.float64), torch.ones(P, 1, dtype=torch.float64)], 1)
    labellings = list(itertools.product((-1.0, 1.0), repeat=P))
    Z = torch.stack([X * torch.tensor(s, dtype=torch.float64)[:, None] for s in labellings])
    verdicts = capacity.separability(Z)
    exact = [separable_exactly(z.tolist()) for z in Z]
    assert verdicts.separable.tolist() == exact
    assert sum(exact) == cover(P, N)  # Cover: any P points in general position
    assert bool(verdicts.certified.all())
    for z, sep, w, lam in zip(Z.tolist(), verdicts.separable.tolist(), verdicts.w.tolist(), verdicts.lam.tolist()):
        zf = [[Fraction(v) for v in row] for row in z]
        if sep:  # the certificate w puts every point on its side, in exact arithmetic
            assert all(sum(a * Fraction(b) for a, b in zip(row, w)) > 0 for row in zf)
        else:  # λ ≥ 0 summing to 1 with Σλᵢzᵢ ≈ 0: 0 is (to rounding) in the hull
            assert min(lam) >= -1e-12 and abs(sum(lam) - 1) <= 1e-9
            assert max(abs(sum(l * row[k] for l, row in zip(lam, z))) for k in range(N)) <= 1e-9


def binomial_p(k, n, c):
    """Two-sided exact binomial p-value: the probability of a count at most as likely as k."""
    pk = [math.comb(n, i) * c ** i * (1 - c) ** (n - i) for i in range(n + 1)]
    return min(1.0, math.fsum(p for p in pk if p <= pk[k] * (1 + 1e-9)))


@pytest.mark.parametrize("options", [{}, {"n": 3, "labellings": 64, "seed": 2}, {"n": 8, "labellings": 60, "seed": 1}])
def test_measured_shares_are_covers_within_sampling_error_and_exactly_one_up_to_n(options):
    frames = list(capacity.run(**options))
    s = frames[-1].summary
    N, rows = s["n"], s["rows"]
    assert [r["p"] for r in rows] == [P for P in range(1, 4 * N + 1) if P >= N / 2]
    assert s["undecided"] == 0
    for r in rows:
        P = r["p"]
        assert r["cover"] == cover(P, N) / 2 ** P
        if P <= N:
            assert r["measured"] == 1.0
        if r["all_labellings"]:
            assert r["measured"] == r["cover"]  # every labelling of each set: exactly C(P, N) each
        else:
            k = round(r["measured"] * r["checked"])
            assert k == r["measured"] * r["checked"]
            assert binomial_p(k, r["checked"], r["cover"]) > 1e-4, r
    at = {r["p"]: r for r in rows}
    assert at[2 * N]["cover"] == 0.5


def test_cover_counts_halve_at_2n_and_double_recursively():
    for N in range(1, 8):
        assert capacity.cover(2 * N, N) == 2 ** (2 * N - 1)
        for P in range(1, 3 * N):
            assert capacity.cover(P, N) == cover(P, N)
            assert capacity.cover(P, N) == (2 ** P if P <= N else capacity.cover(P - 1, N) + capacity.cover(P - 1, N - 1))


def test_the_final_text_states_the_runs_numbers():
    frames = list(capacity.run())
    s, text = frames[-1].summary, frames[-1].text
    at_2n = next(r for r in s["rows"] if r["p"] == 10)
    assert f"measured {at_2n['measured']:.3f} of {at_2n['checked']}" in text
    assert "every labelling was separable" in text
    sampled = [r for r in s["rows"] if not r["all_labellings"]]
    worst = max(abs(r["measured"] - r["cover"]) / math.sqrt(r["cover"] * (1 - r["cover"]) / r["checked"]) for r in sampled)
    assert s["max_standard_errors"] == pytest.approx(worst)
    assert f"within {worst:.1f} standard errors" in text
