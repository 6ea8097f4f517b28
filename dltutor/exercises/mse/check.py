"""mse against torch.nn.functional.mse_loss; mse_grad against autograd and by gradcheck."""

import torch
import torch.nn.functional as F

from dltutor.exercises.checking import expect, hand_gradient, oracle, prop, run, shapes, tensors

SLIPS = ("half", "sum", "rmse", "grad-half", "grad-sum")


def _one(m, y, t):
    oracle("torch.nn.functional.mse_loss")
    loss = F.mse_loss(y, t)
    n = y.numel()
    expect(run(m.mse, y, t), loss, what="mse", rtol=1e-4, atol=1e-6,
           slips={"half": loss / 2, "sum": loss * n if n > 1 else None, "rmse": loss.sqrt()})
    oracle("torch autograd of mse_loss")
    yg = y.clone().requires_grad_(True)
    F.mse_loss(yg, t).backward()
    g = yg.grad
    expect(run(m.mse_grad, y, t), g, what="mse_grad", rtol=1e-4, atol=1e-6,
           slips={"grad-half": g / 2, "grad-sum": g * n if n > 1 else None})


def check(m):
    _one(m, torch.tensor([0.5, 1.0]), torch.tensor([1.0, 0.0]))
    _one(m, torch.tensor([2.0]), torch.tensor([0.0]))
    _one(m, torch.tensor([[0.1, 0.9], [0.4, 0.3]]), torch.tensor([[0.0, 1.0], [1.0, 0.0]]))

    @prop(shapes().flatmap(lambda s: tensors(s).flatmap(lambda y: tensors(tuple(y.shape)).map(lambda t: (y, t)))))
    def random(yt):
        _one(m, *yt)

    random()
    t = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    y = torch.tensor([0.3, 0.7, -1.2], dtype=torch.float64)
    hand_gradient(lambda v: F.mse_loss(v, t), lambda v: (run(m.mse_grad, v, t),), [y], what="mse_grad")
