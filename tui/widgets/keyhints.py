"""The key line at the bottom: the keys that matter where the keyboard is now, so a first user needs no F1 to find
them. It fits its width: the least useful hints go first, F1 help and Ctrl+Q quit stay."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from terminus_edge.tui.keys import ALWAYS, KeyContext, key_hints

SEPARATOR = "  "


def hints_text(hints: list[tuple[str, str]]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for i, (key, words) in enumerate(hints):
        if i:
            text.append(SEPARATOR)
        text.append(key, style="bold reverse")
        text.append(f" {words}")
    return text


def fit_hints(hints: list[tuple[str, str]], width: int) -> Text:
    """`hints` (the last len(ALWAYS) are ALWAYS) cut to `width` cells: drop from the end of the context hints
    until it fits; below the width of ALWAYS alone, that is cut with an ellipsis."""
    context, always = hints[: -len(ALWAYS)], hints[-len(ALWAYS):]
    while context and hints_text(context + always).cell_len > width:
        context.pop()
    text = hints_text(context + always)
    text.truncate(max(width, 0), overflow="ellipsis")
    return text


class KeyLine(Static):
    """Asks `context(its screen)` for the state each time it draws: the app calls refresh() when that changes."""

    def __init__(self, context: Callable[[Screen], KeyContext], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state_for = context

    def render(self) -> Text:
        try:
            context = self._state_for(self.screen)
        except NoMatches:  # composing or closing: the panes are not there
            context = KeyContext("shell")
        return fit_hints(key_hints(context), self.content_region.width)
