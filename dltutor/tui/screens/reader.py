"""Placeholder: being written (issue 5)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ReaderScreen(Screen):
    def __init__(self, lecture_id, section=None) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ReaderScreen", classes="title")
        yield Footer()
