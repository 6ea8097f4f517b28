"""Exercise 9 · The output size of a convolution: a reference solution."""


def output_size(w1: int, f: int, p: int, s: int) -> int:
    return (w1 - f + 2 * p) // s + 1
