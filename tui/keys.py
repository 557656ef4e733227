"""Every action of the TUI (the command palette lists them) and the keys the help screen shows."""

from __future__ import annotations

# (action, title, help) for every action: the help screen and the command palette both list them.
ACTIONS: list[tuple[str, str, str]] = [
    ("help", "Help", "Show the keys"),
    ("focus_cards", "Cards ⇄ shell", "Move the keyboard between the shell and the summary cards"),
    ("focus_outbox", "Outbox", "Move the keyboard to the outbox"),
    ("toggle_side", "Zoom shell", "Hide or show the side panel"),
    ("raw_log", "Open raw log", "Show the highlighted card's full raw output"),
    ("resummarize", "Re-summarize", "Make the highlighted card's summary again"),
    ("edit_summary", "Edit summary", "Edit what will be sent for the highlighted card"),
    ("mark", "Mark summary to send", "Queue the highlighted card's summary in the outbox (redacted)"),
    ("mark_raw", "Mark raw output to send", "Queue the highlighted card's raw output in the outbox (redacted)"),
    ("outbox_send", "Send outbox", "Deliver the outbox through its sink"),
    ("outbox_write", "Write outbox to file", "Append the outbox to a file and empty it"),
    ("outbox_copy", "Copy outbox", "Send the outbox to the terminal's clipboard (OSC 52, if the terminal accepts it)"),
    ("outbox_remove", "Remove outbox item", "Drop the highlighted outbox item"),
    ("focus_terminal", "Shell", "Move the keyboard to the shell"),
    ("interrupt_shell", "Interrupt the shell's command", "Send Ctrl+C to the shell from the cards or the outbox"),
]

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere", [("F1", "help"), ("F2", "command palette (every action)"), ("F3", "cards ⇄ shell"),
                  ("F4", "outbox"), ("F5", "zoom shell (hide side panel)"), ("Ctrl+Q", "quit")]),
    ("Shell", [("all keys", "go to the shell: Ctrl+C, Ctrl+D, Tab, Esc, Ctrl+P, …")]),
    ("Cards", [("↑ ↓ / j k", "move"), ("Enter / l", "open raw log"), ("s", "re-summarize"),
               ("e", "edit the summary"), ("m", "mark the summary to send"),
               ("M", "mark the raw output to send (redacted)"), ("Ctrl+C", "interrupt the shell's command"),
               ("Esc", "back to the shell")]),
    ("Outbox", [("Enter", "send through the sink"), ("o", "write to file"), ("y", "copy (terminal's clipboard, OSC 52)"),
                ("d / Del", "remove item"), ("Ctrl+C", "interrupt the shell's command"), ("Esc", "back to the shell")]),
    ("Remote agent's command", [("y", "run it"), ("n / Esc", "refuse (reason optional)"),
                                ("a", "run it and the rest the policy allows"), ("s", "refuse and stop the request")]),
]
