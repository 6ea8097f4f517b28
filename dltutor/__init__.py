"""dltutor: learn deep learning from a terminal."""

__version__ = "0.1.0"
