"""The outbox: what the user approved to leave the machine, shown exactly as it will leave (redacted).

Delivery goes through an `OutboxSink`. Offline the sink is a file; the remote-agent bridge plugs in
as another sink (any object with `name` and `deliver(items) -> str`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import ListItem, ListView, Static


PREVIEW_LINES = 40


@dataclass(frozen=True)
class OutboxItem:
    key: int  # the card it came from
    command: str
    text: str  # redacted: exactly these characters leave the machine
    raw: bool = False  # True when the user chose to send the raw output rather than the summary


class OutboxSink(Protocol):
    name: str

    def deliver(self, items: Sequence[OutboxItem]) -> str:
        """Send the items; return a one-line receipt. Raise TerminusError (one line) on failure."""
        ...


def outbox_text(items: Sequence[OutboxItem]) -> str:
    """The items as one message: the blocks, separated by blank lines (the execution-subagent format)."""
    return "\n\n".join(item.text.strip() for item in items) + "\n"


@dataclass
class FileSink:
    """Offline delivery: append the items to a file (default: <data dir>/outbox.md)."""

    path: Path
    name: str = "file"

    def deliver(self, items: Sequence[OutboxItem]) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        # private like the log store: 0600 from creation (no window at the umask's 0644), and an older
        # file made before that is tightened too
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        with open(fd, "a", encoding="utf-8") as handle:
            handle.write(f"<!-- terminus-edge outbox {stamp} -->\n{outbox_text(items)}\n")
        return f"{len(items)} item(s) written to {self.path}"


def default_outbox_path() -> Path:
    """Where FileSink writes by default: <data dir>/outbox.md."""
    from terminus_edge import paths

    return paths.data_dir() / "outbox.md"


class OutboxItemView(Static):
    def __init__(self, item: OutboxItem) -> None:
        super().__init__()
        self.item = item

    def on_mount(self) -> None:
        self.show(self.item)

    def show(self, item: OutboxItem) -> None:
        self.item = item
        label = "raw output" if item.raw else "summary"
        self.update(Text.assemble((f"#{item.key} {label}\n", "dim"), *preview(item.text.strip())))


def preview(text: str) -> tuple:
    """The item as the outbox shows it: whole up to PREVIEW_LINES lines; longer (a big raw output), its first
    lines and what else goes with them. Rendering 180,000 lines in the list froze the TUI for ~40 s."""
    head = text.split("\n", PREVIEW_LINES)
    if len(head) <= PREVIEW_LINES:
        return (text,)
    shown = "\n".join(head[:PREVIEW_LINES])
    rest = text.count("\n", len(shown))
    return (shown, (f"\n… and {rest:,} more lines ({len(text):,} characters in all) are sent with it", "italic"))


class OutboxList(ListView):
    BINDINGS = [
        Binding("o", "app.outbox_write", "Save to file"),
        Binding("y", "app.outbox_copy", "Copy"),
        Binding("enter", "app.outbox_send", "Send"),
        Binding("d,delete", "app.outbox_remove", "Remove"),
        Binding("escape", "app.focus_terminal", "Shell", show=False),
        Binding("ctrl+c", "app.interrupt_shell", "Interrupt", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[OutboxItem] = []

    def add(self, item: OutboxItem) -> None:
        self.items.append(item)
        self.append(ListItem(OutboxItemView(item)))

    def item_for(self, key: int) -> OutboxItem | None:
        return next((item for item in self.items if item.key == key), None)

    def replace_item(self, item: OutboxItem) -> None:
        """The card's item now says `item.text` (in place: the outbox keeps its order)."""
        self.items = [item if old.key == item.key else old for old in self.items]
        for view in self.query(OutboxItemView):
            if view.item.key == item.key:
                view.show(item)

    def remove_key(self, key: int) -> None:
        for child in list(self.children):
            views = list(child.query(OutboxItemView))
            if views and views[0].item.key == key:
                child.remove()
        self.items = [item for item in self.items if item.key != key]

    def current(self) -> OutboxItem | None:
        item = self.highlighted_child
        views = list(item.query(OutboxItemView)) if item is not None else []
        return views[0].item if views else None
