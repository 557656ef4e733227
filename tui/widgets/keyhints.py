"""The key line at the bottom: the keys that matter where the keyboard is now, so a first user needs no F1 to find
them. It fits its width: the least useful hints go first, F1 help and Ctrl+Q quit stay."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.binding import Binding
from textual.widgets import Input, Static, TextArea

from terminus_edge.tui.keys import ALWAYS, KeyContext, destination_words, key_hints
from terminus_edge.tui.screens.dialogs import HelpScreen
from terminus_edge.tui.widgets.cards import CardList
from terminus_edge.tui.widgets.outbox import OutboxList

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


def key_label(key: str) -> str:
    """Textual's key name as the help screen writes it: escape -> Esc, ctrl+s -> Ctrl+S."""
    names = {"escape": "Esc", "enter": "Enter", "delete": "Del", "tab": "Tab"}
    if key in names:
        return names[key]
    if "+" in key:
        *mods, last = key.split("+")
        return "+".join([*(mod.capitalize() for mod in mods), key_label(last).upper() if len(last) == 1 else
                         key_label(last)])
    return key.upper() if key.startswith("f") and key[1:].isdigit() else key


def dialog_hints(dialog: Screen) -> tuple[tuple[str, str], ...]:
    """The keys a dialog binds and shows; while a text field has the keyboard, one-letter keys are typed there."""
    focused = dialog.focused
    typing = isinstance(focused, (Input, TextArea)) and not getattr(focused, "read_only", False)
    hints = []
    for binding in dialog.BINDINGS:
        if not isinstance(binding, Binding) or not binding.show:
            continue
        key = binding.key.split(",")[0].strip()
        if typing and len(key) == 1:
            continue
        words = binding.description[:1].lower() + binding.description[1:]
        hints.append((key_label(key), words))
    return tuple(hints)


def key_context(screen: Screen, sink) -> KeyContext:
    """What the key line shows keys for: the dialog on top of the app's main `screen`, else where the keyboard
    is on that screen."""
    top = screen.app.screen
    if top is not screen:
        return KeyContext("dialog", dialog=dialog_hints(top), help_open=isinstance(top, HelpScreen))
    cards, outbox, side = screen.query_one(CardList), screen.query_one(OutboxList), screen.query_one("#side")
    focused = screen.focused if side.display and screen.focused and screen.focused.display else None
    focus = {cards: "cards", outbox: "outbox"}.get(focused, "shell")
    current = cards.current() if focus == "cards" else None
    return KeyContext(focus, cards=len(cards.states()), queued=len(outbox.items), side_shown=bool(side.display),
                      card_queued=bool(current and current.queued), send=destination_words(sink).short,
                      visiting=bool(getattr(screen.app, "side_visit", False)))


class KeyLine(Static):
    """Asks `context(its screen)` for the state each time it draws. It redraws itself when the keyboard moves or a
    dialog opens or closes; the app calls refresh() when what there is to act on changes."""

    def __init__(self, context: Callable[[Screen], KeyContext], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state_for = context

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._follow)  # a dialog opened or closed
        self._follow(self.screen)

    def _follow(self, screen: Screen) -> None:
        """Redraw when the keyboard moves on the screen on top (a dialog's too)."""
        screen.bindings_updated_signal.unsubscribe(self)  # once per screen, however often it comes back
        screen.bindings_updated_signal.subscribe(self, lambda _: self.refresh())
        self.refresh()

    def render(self) -> Text:
        try:
            context = self._state_for(self.screen)
        except NoMatches:  # composing or closing: the panes are not there
            context = KeyContext("shell")
        return fit_hints(key_hints(context), self.content_region.width)
