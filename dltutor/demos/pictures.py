"""The small images and filters the convolution demos use, as plain data (no torch).

Each image is drawn on a 12×12 grid ('#' ink, '.' paper); `image(name, size)` samples it at
another size. Each filter is built for any odd or even size F: at F = 3 they are the textbook
kernels (Sobel for the edges, the box blur, the Laplacian sharpen). The registry reads the
names from here to check `--image` and `--filter` before torch is imported.
"""

from __future__ import annotations

_DRAWN = {
    "7": """
        ............
        .##########.
        .##########.
        ........##..
        .......##...
        ......##....
        .....##.....
        ....##......
        ....##......
        ...##.......
        ...##.......
        ............""",
    "3": """
        ............
        ..#######...
        .##.....##..
        ........##..
        ........##..
        ....#####...
        ........##..
        ........##..
        .##.....##..
        ..#######...
        ............
        ............""",
    "a": """
        ............
        .....##.....
        ....####....
        ...##..##...
        ..##....##..
        ..##....##..
        ..########..
        ..##....##..
        ..##....##..
        ..##....##..
        ............
        ............""",
    "t": """
        ............
        .##########.
        .##########.
        .....##.....
        .....##.....
        .....##.....
        .....##.....
        .....##.....
        .....##.....
        .....##.....
        ............
        ............""",
    "x": """
        ............
        .##......##.
        ..##....##..
        ...##..##...
        ....####....
        .....##.....
        ....####....
        ...##..##...
        ..##....##..
        .##......##.
        ............
        ............""",
}

IMAGES: tuple[str, ...] = tuple(_DRAWN)
FILTERS: tuple[str, ...] = ("edge-x", "edge-y", "blur", "sharpen")
GRID = 12


def drawn(name: str) -> list[list[float]]:
    """The 12×12 drawing: 1.0 for ink, 0.0 for paper."""
    lines = [line.strip() for line in _DRAWN[name].strip().splitlines()]
    return [[1.0 if ch == "#" else 0.0 for ch in line] for line in lines]


def image(name: str, size: int = GRID) -> list[list[float]]:
    """The drawing sampled at size×size: each pixel takes the share of ink its square covers."""
    grid = drawn(name)
    out: list[list[float]] = []
    for i in range(size):
        row = []
        for j in range(size):
            # The square [i, i+1)×[j, j+1) of the new grid, in the drawing's coordinates.
            y0, y1, x0, x1 = i * GRID / size, (i + 1) * GRID / size, j * GRID / size, (j + 1) * GRID / size
            ink = 0.0
            for r in range(int(y0), min(GRID, int(-(-y1 // 1)))):
                for c in range(int(x0), min(GRID, int(-(-x1 // 1)))):
                    overlap = (min(y1, r + 1) - max(y0, r)) * (min(x1, c + 1) - max(x0, c))
                    ink += grid[r][c] * max(0.0, overlap)
            row.append(round(ink / ((y1 - y0) * (x1 - x0)), 12))
        out.append(row)
    return out


def kernel(name: str, size: int) -> list[list[float]]:
    """The filter `name` at size×size.

    edge-x: a ramp −1 … +1 across the columns, weighted 1, 2, …, 2, 1 down the rows (Sobel's
    Gx at 3): positive where the image gets brighter to the right. edge-y: its transpose.
    blur: the mean of the window. sharpen: twice the centre minus the blur (at 3, the centre 17/9
    and the rest −1/9): it keeps flat regions as they are and steepens edges.
    """
    f = size
    if name in ("edge-x", "edge-y"):
        ramp = [j - (f - 1) / 2 for j in range(f)]
        top = max(abs(r) for r in ramp) or 1.0
        ramp = [r / top for r in ramp]
        weight = [float(min(i + 1, f - i)) for i in range(f)]
        k = [[weight[i] * ramp[j] for j in range(f)] for i in range(f)]
        return k if name == "edge-x" else [list(row) for row in zip(*k)]
    blur = [[1.0 / (f * f)] * f for _ in range(f)]
    if name == "blur":
        return blur
    centre = [[(2.0 if (i, j) == ((f - 1) // 2, (f - 1) // 2) else 0.0) - blur[i][j] for j in range(f)] for i in range(f)]
    return centre
