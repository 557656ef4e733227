"""Every action of the TUI (the command palette lists them), the keys the help screen shows, and the key line at
the bottom: the keys that matter where the keyboard is now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# (action, title, help) for every action: the help screen and the command palette both list them.
ACTIONS: list[tuple[str, str, str]] = [
    ("help", "Help", "Show the keys"),
    ("focus_cards", "Cards ⇄ shell", "Move the keyboard between the shell and the summary cards"),
    ("focus_outbox", "Outbox", "Move the keyboard to the outbox: what you queued to send, exactly as it would be sent"),
    ("toggle_side", "Zoom shell", "Hide or show the side panel"),
    ("scrollback", "Scrollback", "What the shell printed, in order: what scrolled off (Shift+PgUp)"),
    ("raw_log", "Show full output", "Show the highlighted card's whole output, as it was printed"),
    ("resummarize", "Summarize again", "Make the highlighted card's summary again"),
    ("edit_summary", "Edit summary", "Edit the highlighted card's summary before it is sent"),
    ("mark", "Queue summary", "Put the highlighted card's summary in the outbox, secrets masked; nothing is sent yet"),
    ("mark_raw", "Queue full output",
     "Put the highlighted card's whole output in the outbox, secrets masked; nothing is sent yet"),
    ("outbox_send", "Send outbox", "Send what the outbox shows to where this TUI sends (the remote agent with "
     "--endpoint; else a file on this machine)"),
    ("outbox_write", "Save outbox to file", "Add the outbox to a file on this machine and empty it"),
    ("outbox_copy", "Copy outbox", "Copy the outbox to the clipboard (if your terminal allows programs to)"),
    ("outbox_remove", "Remove outbox item", "Take the highlighted item out of the outbox: it is not sent"),
    ("focus_terminal", "Shell", "Move the keyboard to the shell"),
    ("interrupt_shell", "Interrupt the shell's command", "Send Ctrl+C to the shell from the cards or the outbox"),
]

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere", [("F1", "this help"), ("F2", "find any action by name"), ("F3", "cards ⇄ shell"),
                  ("F4", "outbox: what you queued to send"), ("F5", "hide or show the side panel"),
                  ("Ctrl+Q", "quit (queued items are not sent; press twice over vim or less)")]),
    ("Shell", [("all keys", "go to the shell: Ctrl+C, Ctrl+D, Tab, Esc, Ctrl+P, …"),
               ("Shift+PgUp", "scrollback: what the shell printed, in order (vim, less: theirs)")]),
    ("Cards", [("↑ ↓ / j k", "move"), ("Enter / l", "show the command's full output"), ("s", "make the summary again"),
               ("e", "edit the summary before it is sent"),
               ("m", "queue the summary in the outbox (again: take it out); nothing is sent yet"),
               ("M", "queue the full output instead, secrets masked"), ("Ctrl+C", "interrupt the shell's command"),
               ("Esc", "back to the shell")]),
    ("Outbox", [("Enter", "send the queued items, as shown: to the remote agent with --endpoint, else into "
                          "outbox.md on this machine"), ("o", "save it to a file on this machine (outbox.md)"),
                ("y", "copy it to the clipboard (if your terminal allows)"), ("d / Del", "remove an item: it is not sent"),
                ("Ctrl+C", "interrupt the shell's command"), ("Esc", "back to the shell")]),
    ("Remote agent's command", [("y", "run it"), ("e", "edit the command line, then run your edit (the agent is told)"),
                                ("n / Esc", "refuse (you may say why)"),
                                ("a", "run it and the request's later commands your policy allows"),
                                ("s", "refuse and stop the whole request"),
                                ("Ctrl+S", "run the edited lines (a multi-line command opened with e)")]),
]

HELP_NOTE = ("Nothing leaves this machine until you queue it (m on a card) and send it (F4, then Enter); "
             "the outbox shows exactly what is sent, secrets masked.")
# With a remote agent the note above held only for the user's own commands: the summaries of the commands the agent
# ran here (each approved) go back to it as its tool answers, without passing the outbox.
REMOTE_HELP_NOTE = ("Nothing you run leaves this machine until you queue it (m on a card) and send it (F4, then "
                    "Enter); the outbox shows exactly what is sent, secrets masked. A command the agent asks to run "
                    "here runs only if you approve it, and its summary then goes to the agent with the request's "
                    "answer, secrets masked, without passing the outbox; the agent's reply lists what it was sent, and "
                    "each of its commands gets a card marked agent (Enter: what went back, then the output).")


@dataclass(frozen=True)
class Destination:
    """Where the outbox's Enter sends: `short` for the key line, `long` for the help screen."""

    short: str
    long: str
    remote: bool = False  # the remote agent: the commands it runs here answer it directly (REMOTE_HELP_NOTE)


def destination_words(sink) -> Destination:
    """Plain words for the sink: a file stays on this machine; anything else goes to the remote agent."""
    path = getattr(sink, "path", None)
    if path is not None:
        name = Path(path).name
        return Destination(f"save to {name}", f"save the queued items, as shown, to {name}, a file on this machine "
                                              "(nothing leaves it)")
    client = getattr(getattr(sink, "bridge", None), "client", None)
    model = getattr(client, "model", "") or getattr(sink, "name", "agent")
    where = getattr(client, "url", "")
    return Destination("send to the agent", f"send the queued items, as shown, to the remote agent ({model}"
                                            + (f" at {where}" if where else "") + ") as one message", remote=True)


def help_note(destination: Destination) -> str:
    return REMOTE_HELP_NOTE if destination.remote else HELP_NOTE


def help_sections(destination: Destination) -> list[tuple[str, list[tuple[str, str]]]]:
    """KEYS with the outbox's Enter row saying where this TUI sends."""
    return [(title, [(key, destination.long if (title, key) == ("Outbox", "Enter") else what) for key, what in rows])
            for title, rows in KEYS]


# -- the key line ------------------------------------------------------------------------------------------

ALWAYS: list[tuple[str, str]] = [("F1", "help"), ("Ctrl+Q", "quit")]


@dataclass(frozen=True)
class KeyContext:
    """What the key line depends on: where the keyboard is and what there is to act on."""

    focus: str  # "shell", "cards", "outbox" or "dialog"
    cards: int = 0
    queued: int = 0
    side_shown: bool = True
    card_queued: bool = False  # the highlighted card is in the outbox (m takes it out)
    send: str = "send"  # Destination.short
    dialog: tuple[tuple[str, str], ...] = ()  # the keys of the dialog on top, when focus is "dialog"
    help_open: bool = False  # the dialog on top is the help: F1 closes it
    visiting: bool = False  # a narrow window's panel, open until the keyboard goes back to the shell (Esc)


def key_hints(context: KeyContext) -> list[tuple[str, str]]:
    """The keys for this state, most useful first (a narrow window keeps the first ones), then ALWAYS (with the help
    open, F1 says that it closes it)."""
    outbox = [("F4", f"outbox ({context.queued} to send)")] if context.queued else []
    # in a visit Esc also closes the panel, which leaves the shell a few columns: the way back goes first
    back, shell = ([("Esc", "shell")], []) if context.visiting else ([], [("Esc", "shell")])
    if context.focus == "dialog":
        hints = list(context.dialog)
    elif context.focus == "cards":
        hints = [("m", "unqueue" if context.card_queued else "queue to send"), *back, ("Enter", "full output"),
                 *outbox, *shell, ("e", "edit"), ("s", "summarize again"), ("M", "queue full output"), ("↑↓", "move")]
    elif context.focus == "outbox":
        hints = [("Enter", context.send), *back, ("d", "remove"), *shell, ("o", "save to file"), ("y", "copy")]
    else:
        side = [("F5", "hide panel" if context.side_shown else "show panel")]
        cards = [("F3", "cards")] if context.cards else []
        hints = [*cards, *outbox, *side, ("F2", "all actions")]
    always = [("F1", "close help") if key == "F1" and context.help_open else (key, words) for key, words in ALWAYS]
    return hints + always
