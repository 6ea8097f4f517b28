"""Exercise 13 · Scaled dot-product attention (lecture 9)

Each query scores every key by their dot product, scaled by √d (d = the keys' size); softmax
turns a query's scores into weights over the keys; the output is the weighted sum of the
values:

    weights = softmax(q kᵀ / √d)        (along the keys)
    output  = weights v

q is (…, L_q, d), k (…, L_k, d), v (…, L_k, d_v); the leading dimensions (a batch, heads)
may be absent or several. `mask`, when given, is a boolean tensor that broadcasts to
(…, L_q, L_k): True where a query may attend to a key. A masked-out key gets weight 0; a
query that may attend to no key at all gets all-zero weights and a zero output (as torch's
scaled_dot_product_attention does), never nan.

Write `attention(q, k, v, mask=None)`: return (output, weights). Scores can be large: use a
softmax that does not overflow (exercise 5).

    dltutor exercise check attention      dltutor exercise hint attention
"""

import torch


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
              mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    # TODO: scores, masked scores (-inf where mask is False), a stable softmax over the keys,
    # zero weights for rows with no allowed key, then weights @ v
    raise NotImplementedError("attention")
