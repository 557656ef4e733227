"""The side panel (cards and outbox) beside the shell: moving the keyboard between them, F5's zoom, and a narrow
window. A mixin of TerminusApp: it uses the app's cards, outbox, notify and key line."""

from __future__ import annotations

from textual import events

NARROW_WIDTH = 64  # columns
PANEL_ACTIONS = {"focus_cards", "focus_outbox", "toggle_side"}


class SidePanelActions:
    """Below NARROW_WIDTH the panel is hidden; F3/F4 open it for a visit, and the keyboard's return to the shell (Esc,
    F3 again, a click) closes it again: it would otherwise keep the shell at a few columns."""

    _narrow = False
    _side_shown = True  # as the user left it with F5, for when the window widens again
    _visiting = False  # a narrow window's panel opened by F3/F4, to close when the keyboard goes back to the shell

    @property
    def side_visit(self) -> bool:
        """The panel is open for a visit (the key line then says Esc closes it)."""
        return self._visiting

    def action_focus_terminal(self) -> None:
        self.query_one("#terminal").focus()
        self._end_visit()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "terminal":  # a click on the shell too
            self._end_visit()

    def _end_visit(self) -> None:
        if self._visiting:
            self._visiting = False
            self.query_one("#side").display = False
            self._refresh_keys()

    def _open_side(self) -> None:
        side = self.query_one("#side")
        if not side.display:
            side.display = True
            self._visiting = self._narrow
            self.cards.reveal()
            self._refresh_keys()

    def action_focus_cards(self) -> None:
        if not self.cards.states():  # F3 did nothing at all before the first command: the keys seemed broken
            self.notify("No command cards yet: each command you run in the shell gets one when it finishes.")
            self.action_focus_terminal()
        elif self.cards.has_focus:
            self.action_focus_terminal()
        else:
            self._open_side()
            self.cards.focus()

    def action_focus_outbox(self) -> None:
        if self.outbox.items:
            self._open_side()
            self.outbox.focus()
            if self.outbox.index is None:  # items added while it had no focus: d/Del had nothing to remove
                self.outbox.index = 0
        else:
            self.notify("The outbox is empty: mark a card with m first.")

    def on_resize(self, event: events.Resize) -> None:
        """Below NARROW_WIDTH columns the side panel (at least 28 wide) would leave the shell a sliver (12
        columns at 40): it hides, and comes back when the window widens. F5 and F3 still show it."""
        narrow = event.size.width < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow, self._visiting = narrow, False
        side = self.query_one("#side")
        if narrow:
            self._side_shown, side.display = side.display, False
        else:
            side.display = self._side_shown  # as the user left it (F5)
            self.cards.reveal()
        self._refresh_keys()
        if narrow:
            if self.screen.focused is not None and self.screen.focused.id != "terminal":
                self.action_focus_terminal()
            self.notify("Narrow window: the side panel is hidden (F5 shows it).", timeout=4)

    def action_toggle_side(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display
        self._visiting = False  # F5 shows it to stay
        if side.display:
            self.cards.reveal()
        else:
            self.action_focus_terminal()
        self._refresh_keys()
