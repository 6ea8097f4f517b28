"""The Textual study app: `dltutor` in a terminal. The only package that imports textual."""
