"""Modal screens: help, raw log, summary editor. Each gets its content in the constructor."""

from __future__ import annotations

from typing import TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from terminus_edge.tui.cell_text import safe_text

ResultT = TypeVar("ResultT")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], note: str = "") -> None:
        super().__init__()
        self.sections = sections
        self.note = note  # one line under the title: what leaves the machine, and when

    def compose(self) -> ComposeResult:
        half = (len(self.sections) + 1) // 2
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Static(Text("Keys", style="bold"), classes="title")
            if self.note:
                yield Static(Text(self.note, style="italic"), classes="help-table")
            with Horizontal():
                for column in (self.sections[:half], self.sections[half:]):
                    with Vertical(classes="help-column"):
                        for title, rows in column:
                            table = Table.grid(padding=(0, 1))
                            table.add_column(style="bold cyan", no_wrap=True)
                            table.add_column()
                            for key, what in rows:
                                table.add_row(key, what)
                            yield Static(Text(title, style="underline"))
                            yield Static(table, classes="help-table")
            yield Static(Text("Esc closes this screen · F2 lists every action", style="dim"))


class _TextAreaDialog(ModalScreen[ResultT]):
    """A wide dialog: a bold title, a focused text area holding `text`, a dim key hint."""

    HINT = ""
    AREA_OPTIONS: dict = {}  # TextArea keyword arguments

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(Text(self.title_text, style="bold"), classes="title")
            yield TextArea(self.text, **self.AREA_OPTIONS)
            yield Static(Text(self.HINT, style="dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


# TextArea builds every line when it is made, on the UI thread: 180,000 lines froze the TUI for 5-8 s.
VIEW_LINES = 2000  # the first and last half of these are shown; `logs show` has all of them
VIEW_LINE_CHARS = 4000


def clip_for_view(text: str, log_id: int | None) -> str:
    """`text` cut to what the raw-log screen can show at once: the first and last VIEW_LINES // 2 lines, each
    at most VIEW_LINE_CHARS long, with a line saying what is left out and where to read it all."""
    where = f"terminus-edge logs show {log_id}" if log_id is not None else None
    lines = text.split("\n")
    hidden = len(lines) - VIEW_LINES
    if hidden > 0:
        half = VIEW_LINES // 2
        gap = f"… [{hidden:,} lines not shown here" + (f"; all of them: {where}" if where else "") + "] …"
        lines = lines[:half] + [gap] + lines[-half:]
    clipped = False
    for i, line in enumerate(lines):
        if len(line) > VIEW_LINE_CHARS:
            lines[i] = f"{line[:VIEW_LINE_CHARS]} … [{len(line) - VIEW_LINE_CHARS:,} more characters]"
            clipped = True
    if clipped and hidden <= 0 and where:
        lines.append(f"[long lines are cut here; whole: {where}]")
    return "\n".join(lines)


class RawLogScreen(_TextAreaDialog[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]
    HINT = "Esc closes · arrows/PgUp/PgDn scroll"
    AREA_OPTIONS = {"read_only": True, "show_line_numbers": True, "id": "raw-log"}

    def __init__(self, title: str, text: str) -> None:
        super().__init__(title, safe_text(text, keep="\n\t"))  # a view of raw output: as cell_text.py draws it


class ScrollbackScreen(RawLogScreen):
    """The shell's scrollback (tui/scrollback.py): opens at its end, one page up; Shift+PgUp/PgDn page on, and
    Shift+PgDn at the end goes back to the shell, as a terminal's scrollback does."""

    BINDINGS = [Binding("shift+pageup", "page(-1)", "Page up", show=False),
                Binding("shift+pagedown", "page(1)", "Page down", show=False)]
    HINT = "Esc or Shift+PgDn at the end: back to the shell · Shift+PgUp/PgDn, arrows scroll"

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self.call_after_refresh(self.action_page, -1)

    def action_page(self, direction: int) -> None:
        area = self.query_one(TextArea)
        if direction > 0 and area.cursor_location[0] >= area.document.line_count - 1:
            self.dismiss()
        elif direction > 0:
            area.action_cursor_page_down()
        else:
            area.action_cursor_page_up()


class EditScreen(_TextAreaDialog[str | None]):
    """Edit what will be sent for one card; Ctrl+S keeps it, Esc throws the edit away."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]
    HINT = "Ctrl+S save · Esc cancel"
    AREA_OPTIONS = {"id": "editor"}

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
