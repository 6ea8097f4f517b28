"""`positional-encoding`: the Transformer's sinusoidal position encodings, dimension by dimension.

    PE(pos, 2i) = sin(pos / 10000^(2i/d)),   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

Each pair of dimensions (2i, 2i+1) is a point turning on a circle at its own angular speed
ωᵢ = 10000^(−2i/d): fast for the first pair (wavelength 2π), slow for the last. Two facts
follow, and the demo measures both rather than asserting them: ‖PE(pos)‖² = d/2 at every
position (sin² + cos² = 1, pair by pair), and the dot product PE(p)·PE(p + k) = Σᵢ cos(ωᵢk)
depends on the distance k only, not on p; moving k positions along is one fixed rotation of
every pair, the same for every p.
"""

from __future__ import annotations

import math
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series

torch = B.torch

CURVES = 4  # sine dimensions drawn as curves
COLORS = ("red", "orange", "green", "blue")


def rotated(PE: "torch.Tensor", k: int) -> "torch.Tensor":
    """R_k PE(pos) for every pos: each pair (sin x, cos x) turned by the angle a = ωᵢk.

    sin(x + a) = sin x cos a + cos x sin a,  cos(x + a) = cos x cos a − sin x sin a.
    """
    d = PE.shape[1]
    a = k / 10000.0 ** (torch.arange(0, d, 2, dtype=B.DTYPE, device=PE.device) / d)
    s, c = PE[:, 0::2], PE[:, 1::2]
    out = torch.empty_like(PE)
    out[:, 0::2] = s * torch.cos(a) + c * torch.sin(a)
    out[:, 1::2] = c * torch.cos(a) - s * torch.sin(a)
    return out


def _number(value: float) -> str:
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def _turns(turns: float) -> str:
    return f"goes round {turns:.3g} times" if turns >= 1 else f"turns {turns:.2%} of the way round"


def encodings_text(d: int, max_len: int, wavelengths: list[float]) -> str:
    turns = [(max_len - 1) / w for w in wavelengths]
    text = (f"Each position 0 … {max_len - 1} gets a vector of {d} numbers, added to the word's embedding. Even "
            "dimensions (rows) are sines, odd ones cosines")
    if d == 2:
        return text + (f": one pair, with wavelength {wavelengths[0]:.3g} positions, so over these positions it "
                       f"{_turns(turns[0])}.")
    return text + (f", pair by pair ever slower: the wavelength grows from {wavelengths[0]:.3g} positions (dimensions "
                   f"0 and 1) to {_number(wavelengths[-1])} (dimensions {d - 2} and {d - 1}). Over these positions the first "
                   f"pair {_turns(turns[0])}, the last {_turns(turns[-1])}.")


def run(d_model: int = 16, max_len: int = 50) -> Iterator[Frame]:
    d = d_model
    PE = B.sinusoidal_encoding(max_len, d)
    wavelengths = [2 * math.pi * 10000.0 ** (i / d) for i in range(0, d, 2)]
    dims = [f"{j} {'sin' if j % 2 == 0 else 'cos'}" for j in range(d)]
    positions = [str(p) for p in range(max_len)]
    heat = Matrix(f"PE(pos, dimension), {max_len} positions × {d} dimensions", B.rows(PE.T), rows=dims, cols=positions,
                  kind="heatmap", limits=(-1.0, 1.0))
    total = 4
    yield Frame(
        demo="positional-encoding", step=1, total=total, stage="encodings",
        text=encodings_text(d, max_len, wavelengths),
        scalars={"d_model": d, "max_len": max_len}, matrices=[heat], pause=2.5,
    )

    xs = [float(p) for p in range(max_len)]
    shown = [2 * i for i in range(min(CURVES, d // 2))]
    curves = Chart("pe", "PE(pos, 2i) = sin(pos / 10000^(2i/d))", xlabel="position", ylim=(-1.1, 1.1))
    series = [Series(f"dimension {j} (wavelength {wavelengths[j // 2]:.3g})", B.floats(PE[:, j]), xs, chart="pe",
                     color=COLORS[k % len(COLORS)]) for k, j in enumerate(shown)]
    yield Frame(
        demo="positional-encoding", step=2, total=total, stage="curves",
        text=("Drawn along the positions, the even dimensions are sine waves of growing wavelength, like the hands "
              "of a clock turning at different speeds: together they give every position its own pattern."),
        charts=[curves], series=series, matrices=[heat], pause=2.5,
    )

    # Dot products between positions, by distance, at every starting position.
    G = PE @ PE.T
    norms2 = torch.diagonal(G)
    norm_error = float((norms2 - d / 2).abs().max())
    dot_by_k = [float(G[0, k]) for k in range(max_len)]
    similarity = B.floats(G[0] / (norms2[0].sqrt() * norms2.sqrt()))
    spread = max(float((torch.diagonal(G, k) - G[0, k]).abs().max()) for k in range(max_len))
    omega = 1 / 10000.0 ** (torch.arange(0, d, 2, dtype=B.DTYPE) / d)
    closed = torch.cos(torch.arange(max_len, dtype=B.DTYPE)[:, None] * omega).sum(1)  # Σᵢ cos(ωᵢk)
    closed_error = float((B.tensor(dot_by_k) - closed.to(B.DEVICE)).abs().max())
    rise = next((k for k in range(1, max_len) if similarity[k] > similarity[k - 1]), None)
    half = next((k for k in range(max_len) if similarity[k] < 0.5), None)
    sim_chart = Chart("sim", "PE(p)·PE(p + k) / (d/2) against the distance k", xlabel="distance k", ylim=(-1.05, 1.05))
    sim_series = Series("similarity", similarity, [float(k) for k in range(max_len)], chart="sim", color="blue")
    shape = (f"It falls from 1 at k = 0 to {similarity[rise - 1]:.2f} at k = {rise - 1}, then first rises again at "
             f"k = {rise}: nearby positions look alike, far ones less so, with ripples."
             if rise is not None else f"It falls at every distance up to {max_len - 1}: nearby positions look alike.")
    shape += (f" It first drops below 0.5 at k = {half}." if half is not None else
              f" It stays at or above 0.5 over all {max_len} positions.")
    sim_text = (f"The dot product of two encodings depends only on how far apart they are: for each distance k, "
                f"PE(p)·PE(p + k) is the same at every p (the largest difference over p is {B.small(spread)}) and equals "
                f"Σᵢ cos(ωᵢk) (to {B.small(closed_error)}). Every encoding has ‖PE‖² = d/2 = {d / 2:g} (to "
                f"{B.small(norm_error)}), so dividing by d/2 gives the cosine similarity. {shape}")
    yield Frame(
        demo="positional-encoding", step=3, total=total, stage="similarity", text=sim_text,
        scalars={"largest difference over p": spread, "‖PE‖² − d/2": norm_error},
        charts=[sim_chart], series=[sim_series], pause=2.5,
    )

    worst = max(float((PE[k:] - rotated(PE[:max_len - k], k)).abs().max()) for k in range(1, max_len))
    rot_text = (f"Moving k positions along is one rotation R_k of each pair of dimensions (by the angle ωᵢk), the "
                f"same rotation at every position: PE(pos + k) = R_k PE(pos) for every pos and k here, to {B.small(worst)}. "
                "So an offset between two words is a fixed linear map of their encodings, which attention can "
                "learn to use.")
    summary = {
        "d_model": d,
        "max_len": max_len,
        "similarity_by_distance": similarity,
        "dot_by_distance": dot_by_k,
        "norm_squared": d / 2,
        "max_norm_error": norm_error,
        "max_difference_over_positions": spread,
        "closed_form_error": closed_error,
        "rotation_error": worst,
        "first_rise": rise,
        "first_below_half": half,
        "wavelengths": wavelengths,
    }
    yield Frame(
        demo="positional-encoding", step=total, total=total, stage="done",
        text=sim_text + "\n" + rot_text,
        scalars={"rotation error": worst},
        charts=[curves, sim_chart], series=[*series, sim_series], matrices=[heat], pause=0.0, summary=summary,
    )
