"""`cnn`: a tiny CNN learns horizontal against vertical bars; what pooling does for shifted images.

The images: 12×12, one bar of 4 pixels, horizontal (class 0) or vertical (class 1), its first
pixel anywhere in the top-left 4×4 corner, plus a little noise. The shifted test images are
copies of the test images moved `shift` pixels right and down (zeros come in at the top and
left): the same bars, in places no training bar reached.

Two networks share the same start for their filters: conv (`filters` 3×3 filters, padding 1)
→ ReLU → global max pooling (each filter's largest response anywhere) → a dense layer → two
class scores; and the same without pooling, the dense layer reading every position of every
feature map. Both train by full-batch gradient descent on the cross-entropy, Δw = −λ ∂loss/∂w;
the gradients come from torch autograd (the backprop demo shows them by hand).
"""

from __future__ import annotations

import math
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Chart, Frame, Matrix, Series, percent

SIZE = 12
BAR = 4
CORNER = 4  # training bars start in the top-left CORNER×CORNER pixels
MAX_SHIFT = SIZE - (CORNER - 1) - BAR  # the largest shift that keeps every bar inside the image
TEST = 200
FRAMES = 20


def _images(n: int, noise: float, gen: "B.torch.Generator") -> tuple["B.torch.Tensor", "B.torch.Tensor", "B.torch.Tensor"]:
    """Noisy images, their labels, and the bars alone (1 where a bar is)."""
    torch = B.torch
    X = torch.zeros((n, 1, SIZE, SIZE), dtype=B.DTYPE)
    labels = [i % 2 for i in range(n)]
    starts = torch.randint(0, CORNER, (n, 2), generator=gen).tolist()
    for i, (label, (r, c)) in enumerate(zip(labels, starts)):
        if label == 0:
            X[i, 0, r, c:c + BAR] = 1.0
        else:
            X[i, 0, r:r + BAR, c] = 1.0
    noisy = X + noise * torch.randn(X.shape, generator=gen, dtype=B.DTYPE)
    return noisy.to(B.DEVICE), torch.tensor(labels).to(B.DEVICE), X.to(B.DEVICE)


def shifted(X: "B.torch.Tensor", shift: int) -> "B.torch.Tensor":
    """The images moved `shift` pixels right and down; zeros come in at the top and the left."""
    if shift == 0:
        return X.clone()
    out = B.torch.zeros_like(X)
    out[:, :, shift:, shift:] = X[:, :, :-shift, :-shift]
    return out


def setup(filters: int, train: int, noise: float, seed: int) -> tuple:
    """The training and test sets (images, labels, bars alone) and both networks' start, from `seed`.

    Each network: conv kernels (filters × 1 × 3 × 3) and biases, then the dense layer's weights and
    biases; the two share their kernels.
    """
    gen = B.generator(seed)
    train_set = _images(train, noise, gen)
    test_set = _images(TEST, noise, gen)
    kernels = 0.5 * B.normal((filters, 1, 3, 3), gen)
    start = {
        "pool": [kernels.clone(), B.tensor([0.0] * filters), 0.1 * B.normal((2, filters), gen), B.tensor([0.0, 0.0])],
        "no pool": [kernels.clone(), B.tensor([0.0] * filters), 0.1 * B.normal((2, filters * SIZE * SIZE), gen),
                    B.tensor([0.0, 0.0])],
    }
    return train_set, test_set, start


def run(shift: int = 4, filters: int = 4, epochs: int = 60, lr: float = 0.5, train: int = 200, noise: float = 0.1,
        seed: int = 0) -> Iterator[Frame]:
    torch = B.torch
    F = torch.nn.functional
    (Xtr, ytr, bars_tr), (Xte, yte, bars_te), start = setup(filters, train, noise, seed)
    Xsh = shifted(Xte, shift)
    models = {name: [p.clone() for p in params] for name, params in start.items()}

    def scores(name: str, params: list, X: "B.torch.Tensor") -> "B.torch.Tensor":
        h = F.relu(F.conv2d(X, params[0], params[1], padding=1))
        features = h.amax((2, 3)) if name == "pool" else h.flatten(1)  # global max pooling, or every position
        return features @ params[2].T + params[3]

    def accuracy(name: str, X: "B.torch.Tensor", y: "B.torch.Tensor") -> float:
        with torch.no_grad():
            return float((scores(name, models[name], X).argmax(1) == y).to(B.DTYPE).mean())

    losses: dict[str, list[float]] = {name: [] for name in models}
    every = max(1, epochs // FRAMES)
    colors = {"pool": "blue", "no pool": "red"}
    # Pixels the training bars inked, against those the shifted bars ink: where the dense layer of
    # the network without pooling has weights that never saw a bar.
    inked_train = (bars_tr > 0).any(0)[0]
    inked_shifted = (shifted(bars_te, shift) > 0).any(0)[0]
    unseen = int((inked_shifted & ~inked_train).sum())
    total_shifted = int(inked_shifted.sum())

    def filter_maps() -> list[Matrix]:
        # All filters in one map, side by side with a blank column between them: one legend, and
        # small enough to draw at twice the size.
        k = models["pool"][0]
        reach = max(float(k.abs().max()), 1e-12)
        per_row = 8
        maps = []
        for first in range(0, filters, per_row):
            group = [B.rows(k[i, 0]) for i in range(first, min(filters, first + per_row))]
            rows = [sum(([*g[r], None] for g in group), [])[:-1] for r in range(3)]
            last = first + len(group)
            maps.append(Matrix(f"filters {first + 1}–{last}" if last > first + 1 else f"filter {last}", rows,
                               kind="heatmap", limits=(-reach, reach)))
        return maps

    def examples() -> list[Matrix]:
        h = next(i for i in range(TEST) if int(yte[i]) == 0)
        v = next(i for i in range(TEST) if int(yte[i]) == 1)
        clip = lambda t: [[min(1.0, max(0.0, x)) for x in row] for row in B.rows(t)]  # noqa: E731
        return [Matrix("horizontal (class 0)", clip(Xte[h, 0]), kind="image"),
                Matrix("vertical (class 1)", clip(Xte[v, 0]), kind="image"),
                Matrix(f"shifted by {shift}", clip(Xsh[v, 0]), kind="image")]

    def frame(epoch: int, text: str, matrices: list[Matrix], summary: dict | None = None, pause: float = 0.4) -> Frame:
        params = {}
        if summary is not None:  # the trained parameters, in the last frame, for anyone who wants to check
            for name, ps in models.items():
                for part, p in zip(("kernels", "kernel biases", "dense", "dense biases"), ps):
                    params[f"{name} {part}"] = B.floats(p)
        xs = [float(e) for e in range(1, len(losses["pool"]) + 1)]
        return Frame(demo="cnn", step=epoch, total=epochs, stage="train" if epoch else "data", text=text,
                     scalars={"epoch": epoch, **{f"loss, {n}": (v[-1] if v else None) for n, v in losses.items()}},
                     charts=[Chart("loss", "training loss (cross-entropy)", xlabel="epoch", xlim=(1, max(epochs, 2)),
                                   ylim=(0, max([v for l in losses.values() for v in l if math.isfinite(v)] or [1.0])))],
                     series=[Series(n, v[:], xs, chart="loss", color=colors[n]) for n, v in losses.items()],
                     weights=params, matrices=matrices, pause=pause, summary=summary)

    yield frame(0, f"{train} training images of {SIZE}×{SIZE}: a bar of {BAR} pixels, horizontal or vertical, starting "
                   f"in the top-left {CORNER}×{CORNER} corner. The shifted test images move each test bar {shift} "
                   f"pixels right and down: {unseen} of the {total_shifted} pixels they ink were never inked by a "
                   f"training bar.", examples(), pause=1.5)
    for epoch in range(1, epochs + 1):
        for name, params in models.items():
            leaves = [p.detach().requires_grad_(True) for p in params]
            loss = F.cross_entropy(scores(name, leaves, Xtr), ytr)
            grads = torch.autograd.grad(loss, leaves)
            models[name] = [(p - lr * g).detach() for p, g in zip(leaves, grads)]  # Δw = −λ ∂loss/∂w
            losses[name].append(float(loss.detach()))
        if epoch % every == 0 and epoch < epochs:
            yield frame(epoch, f"Epoch {epoch}: training loss {losses['pool'][-1]:.3g} with pooling, "
                        f"{losses['no pool'][-1]:.3g} without. The pooling network's filters, as they learn:",
                        filter_maps())
    acc = {name: accuracy(name, Xte, yte) for name in models}
    on_shifted = {name: accuracy(name, Xsh, yte) for name in models}
    with torch.no_grad():
        same = (scores("pool", models["pool"], Xte) - scores("pool", models["pool"], Xsh)).abs().amax(1)
    identical = float((same <= 1e-9).to(B.DTYPE).mean())
    finite = all(math.isfinite(v[-1]) for v in losses.values())
    lines = [f"After {epochs} epochs: test accuracy {percent(acc['pool'])} with pooling and "
             f"{percent(acc['no pool'])} without; on the shifted test images {percent(on_shifted['pool'])} with "
             f"pooling and {percent(on_shifted['no pool'])} without."]
    if not finite:
        lines.append(f"Training diverged at λ = {lr:g}: lower --lr.")
    moved = float(same.max())
    lines.append(f"With pooling, {percent(identical)} of the shifted images gave exactly the class scores of their "
                 "unshifted copy (to 1e-9): convolution moves each feature with the bar, and the maximum over all "
                 "positions is the same wherever it is."
                 + (f" The others differ, by at most {moved:.3g}, only because the shift also pushed noise out of "
                    "the image and let zeros in." if identical < 1 else ""))
    lines.append(f"Without pooling the dense layer has its own weights for every position, and {unseen} of the "
                 f"{total_shifted} pixels the shifted bars ink were never inked by a training bar.")
    summary = {
        "accuracy": acc["pool"],
        "accuracy_no_pool": acc["no pool"],
        "shifted_accuracy_pool": on_shifted["pool"],
        "shifted_accuracy_no_pool": on_shifted["no pool"],
        "identical_scores_pool": identical,
        "largest_score_change_pool": moved,
        "shift": shift,
        "filters": filters,
        "epochs": epochs,
        "train": train,
        "loss_pool": losses["pool"][-1],
        "loss_no_pool": losses["no pool"][-1],
    }
    table = Matrix("accuracy", [[acc["pool"], on_shifted["pool"]], [acc["no pool"], on_shifted["no pool"]]],
                   rows=["pool", "no pool"], cols=["test", f"shifted by {shift}"])
    yield frame(epochs, " ".join(lines), [table, *examples()[1:], *filter_maps()], summary, pause=1.0)
