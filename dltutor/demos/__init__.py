"""Runnable demos: a registry, plain-data frames, the torch backend (the only torch import), one module per demo."""
