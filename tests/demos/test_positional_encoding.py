"""The positional-encoding demo: the encodings, their dot products by distance and the rotation
between offsets, recomputed here with math.sin and math.cos."""

from __future__ import annotations

import math

import pytest

from dltutor.demos import positional_encoding as pe


def encodings(max_len, d):
    return [[math.sin(p / 10000 ** (2 * (j // 2) / d)) if j % 2 == 0 else math.cos(p / 10000 ** (2 * (j // 2) / d))
             for j in range(d)] for p in range(max_len)]


@pytest.mark.parametrize("d, max_len", [(16, 50), (2, 2), (64, 120), (6, 9)])
def test_the_encodings_and_their_similarities_are_the_formulas(d, max_len):
    frames = list(pe.run(d_model=d, max_len=max_len))
    s = frames[-1].summary
    E = encodings(max_len, d)
    heat = next(m for m in frames[-1].matrices if m.kind == "heatmap")
    assert len(heat.values) == d and len(heat.values[0]) == max_len
    assert max(abs(heat.values[j][p] - E[p][j]) for j in range(d) for p in range(max_len)) <= 1e-12
    dot = lambda a, b: math.fsum(x * y for x, y in zip(a, b))  # noqa: E731
    for k in range(max_len):
        # The same at every starting position: the similarity depends on the distance only.
        values = [dot(E[p], E[p + k]) for p in range(max_len - k)]
        assert max(values) - min(values) <= 1e-9
        assert s["dot_by_distance"][k] == pytest.approx(values[0], abs=1e-12)
        assert s["similarity_by_distance"][k] == pytest.approx(values[0] / (d / 2), abs=1e-12)
    assert all(dot(e, e) == pytest.approx(d / 2, abs=1e-12) for e in E)
    assert s["similarity_by_distance"][0] == pytest.approx(1.0, abs=1e-15)
    assert s["d_model"] == d and s["max_len"] == max_len
    assert s["max_difference_over_positions"] <= 1e-9 and s["rotation_error"] <= 1e-9


def test_the_first_rise_and_the_half_way_distance_are_where_the_similarity_says():
    s = list(pe.run())[-1].summary
    sim = s["similarity_by_distance"]
    rise = next(k for k in range(1, len(sim)) if sim[k] > sim[k - 1])
    assert s["first_rise"] == rise and all(sim[k] < sim[k - 1] for k in range(1, rise))
    assert s["first_below_half"] == next(k for k in range(len(sim)) if sim[k] < 0.5)


def test_moving_k_positions_is_one_rotation_for_every_position():
    d, max_len = 8, 30
    E = encodings(max_len, d)
    for k in (1, 5, 17):
        for p in (0, 3, max_len - 1 - k):
            for i in range(0, d, 2):
                a = k / 10000 ** (i / d)
                turned = (E[p][i] * math.cos(a) + E[p][i + 1] * math.sin(a),
                          E[p][i + 1] * math.cos(a) - E[p][i] * math.sin(a))
                assert turned == pytest.approx((E[p + k][i], E[p + k][i + 1]), abs=1e-12)
    assert list(pe.run(d_model=d, max_len=max_len))[-1].summary["rotation_error"] <= 1e-12


def test_the_wavelengths_said_are_the_formulas():
    frames = list(pe.run(d_model=16, max_len=50))
    w = frames[-1].summary["wavelengths"]
    assert w == pytest.approx([2 * math.pi * 10000 ** (i / 16) for i in range(0, 16, 2)], rel=1e-12)
    assert "goes round 7.8 times" in frames[0].text  # 49 positions / 2π
    assert "19,869" in frames[0].text
