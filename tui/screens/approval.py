"""The per-command approval modal: the remote agent's subagent wants to run one command here.

It shows what `describe()` tells the bridge CLI's user (the exact command line, explanation, goal, timeout,
the policy's verdict, the request it belongs to) and answers with a UserDecision through dismiss():
y run it · e edit the command line (several lines, a here-document: in a text area, Ctrl+S runs it), then run the
edit (the gate checks it with the policy again) · n refuse · a run it and the rest of the request the policy
allows · s refuse and stop the request. n and s then ask for an optional reason, told to the agent (Enter sends, Esc
goes back).
"""

from __future__ import annotations

import time

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from terminus_edge.subagent.approval import ProposedCommand, UserDecision
from terminus_edge.terminal_text import shown

VERDICTS = {"allow": ("allows it", "green"), "ask": ("wants your approval", "yellow")}
CHOICES_HINT = "y run · e edit · n/Esc refuse · a run the rest allowed · s stop"
REASON_HINT = "Enter: send · Esc: back to the choices"
EDIT_HINT = "Enter: run this command line · Esc: back to the choices"
LINES_HINT = "Ctrl+S: run these lines · Enter: a new line · Esc: back to the choices"
REASON_PROMPTS = {
    "refuse": "Refusing this command. Why, for the agent (optional)?",
    "refuse-all": "Refusing this command and stopping the request. Why, for the agent (optional)?",
}
EDIT_PROMPT = "Edit the command line (the agent is told it ran as you wrote it):"
# What no box shows as it is (an escape sequence, a carriage return): such a command is not edited here, or the user
# would run what they did not see. Several lines (a here-document) or tabs are edited in a text area.
NOT_EDITABLE = "This command holds control characters: it cannot be edited here (y runs it as shown)."


def proposal_view(proposed: ProposedCommand, where: str | None = None) -> Group:
    """The fields of describe(): the exact command line, then one row each, `where` (the directory it runs in)
    first; every value is plain Text (a command may hold [markup]) with its control characters shown, not acting
    (terminal_text: an escape sequence or a bidi override could make the command read as another)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    if where:
        table.add_row("runs in", Text(where))
    if proposed.explanation:
        table.add_row("explanation", Text(shown(proposed.explanation)))
    if proposed.goal:
        table.add_row("goal", Text(shown(proposed.goal)))
    table.add_row("timeout", Text(f"{proposed.timeout_s:g} s"))
    words, colour = VERDICTS.get(proposed.policy.action, (proposed.policy.action, "red"))
    table.add_row("policy", Text.assemble((words, f"bold {colour}"), f" ({proposed.policy.reason})"))
    table.add_row("request", Text(shown(proposed.request), style="dim"))
    table.add_row("then", Text("its summary goes to the agent with the request's answer, secrets masked (not "
                               "through the outbox)", style="dim"))
    return Group(Text.assemble(("$ ", "bold"), (shown(proposed.command), "bold yellow"), overflow="fold"), table)


class CommandApprovalScreen(ModalScreen[UserDecision]):
    """Ask the user about one proposed command; dismisses with the UserDecision."""

    CSS_PATH = "approval.tcss"
    # Four buttons in a row need 76 columns: below that they go two by two, one row high (approval.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-normal")]
    BINDINGS = [
        Binding("y", "decide('approve')", "Run"),
        Binding("e", "edit", "Edit"),
        Binding("n", "decide('refuse')", "Refuse"),
        Binding("a", "decide('approve-all')", "Run the rest"),
        Binding("s", "decide('refuse-all')", "Stop"),
        Binding("escape", "back", "Back / refuse"),
        Binding("ctrl+s", "run_lines", "Run the edited lines", show=False),
    ]

    # It comes up while the user may be typing in the shell (the remote agent took its time): a key pressed in its
    # first moments was meant for the shell ('y' of `yarn test` ran the command), so none counts until then.
    ARM_S = 0.5

    def __init__(self, proposed: ProposedCommand, where: str | None = None) -> None:
        super().__init__()
        self.proposed = proposed
        self.where = where
        self.refusing: str | None = None  # "refuse" / "refuse-all" while the reason is being typed, "edit" while the
        # command line is
        self._armed_at = time.monotonic() + self.ARM_S

    @property
    def armed(self) -> bool:
        """Whether keys and buttons answer yet (ARM_S after it came up)."""
        return time.monotonic() >= self._armed_at

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.armed or action not in ("decide", "back", "edit", "run_lines")

    def compose(self) -> ComposeResult:
        label = f" ({self.proposed.description})" if self.proposed.description else ""
        with Vertical(id="dialog", classes="dialog approval"):
            yield Static(Text(f"The remote agent wants to run command {self.proposed.number} of its request{label}",
                              style="bold"), classes="title")
            with VerticalScroll(id="proposal-scroll"):  # a very long command scrolls; the buttons stay
                yield Static(proposal_view(self.proposed, self.where), id="proposal")
            with Horizontal(id="choices"):
                yield Button("Run (y)", id="approve", variant="success")
                yield Button("Refuse (n)", id="refuse", variant="error")
                yield Button("Run rest (a)", id="approve-all", variant="primary")
                yield Button("Stop (s)", id="refuse-all", variant="warning")
            with Vertical(id="reason-box"):
                yield Static("", id="reason-prompt")
                # the edit starts at the end of the command line: selected, the first key typed replaced all of it
                yield Input(placeholder="reason (optional)", id="reason", select_on_focus=False)
                yield TextArea(id="edit-lines", soft_wrap=False)  # several lines, tabs; Tab moves on so Esc still goes back
            yield Static(Text(CHOICES_HINT, style="dim"), id="hint")

    def on_mount(self) -> None:
        self._armed_at = time.monotonic() + self.ARM_S
        self.query_one("#reason-box").display = False
        self.query_one("#edit-lines").display = False
        self.query_one("#refuse", Button).focus()  # Enter on arrival refuses, as the CLI's default n does

    def action_decide(self, action: str) -> None:
        if action in REASON_PROMPTS:
            self._ask_reason(action)
        else:
            self.dismiss(UserDecision(action))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.armed:  # an Enter typed for the shell would press the focused Refuse
            self.action_decide(str(event.button.id))

    def action_edit(self) -> None:
        if self.refusing is not None:
            return
        command = self.proposed.command
        if shown(command) != command:
            self.notify(NOT_EDITABLE, severity="warning")
        elif "\n" in command or "\t" in command:
            self._ask_reason("edit", command)
            self.query_one("#reason").display = False
            self.query_one("#hint", Static).update(Text(LINES_HINT, style="dim"))
            area = self.query_one("#edit-lines", TextArea)
            area.display = True
            area.load_text(command)
            area.focus()
            area.move_cursor(area.document.end)
        else:
            self._ask_reason("edit", command)

    def action_run_lines(self) -> None:
        """Ctrl+S in the text area: run the edited lines (the gate checks them with the policy again)."""
        area = self.query_one("#edit-lines", TextArea)
        if self.refusing != "edit" or not area.display:
            return
        if area.text.strip():
            self.dismiss(UserDecision("approve", command=area.text.strip("\n")))
        else:
            self.notify("The command is empty: type one, or Esc to go back.", severity="warning")

    def _ask_reason(self, action: str, value: str = "") -> None:
        self.refusing = action
        editing = action == "edit"
        self.query_one("#reason-prompt", Static).update(Text(EDIT_PROMPT if editing else REASON_PROMPTS[action],
                                                             style="bold"))
        self.query_one("#choices").display = False
        self.query_one("#hint", Static).update(Text(EDIT_HINT if editing else REASON_HINT, style="dim"))
        self.query_one("#reason-box").display = True
        box = self.query_one("#reason", Input)
        box.placeholder = "command line" if editing else "reason (optional)"
        box.value = value
        box.focus()
        box.cursor_position = len(value)

    @on(Input.Submitted, "#reason")
    def _reason_given(self, event: Input.Submitted) -> None:
        event.stop()
        if self.refusing == "edit":
            if event.value.strip():
                self.dismiss(UserDecision("approve", command=event.value.strip()))
            else:
                self.notify("The command line is empty: type one, or Esc to go back.", severity="warning")
        elif self.refusing is not None:
            self.dismiss(UserDecision(self.refusing, event.value.strip()))  # type: ignore[arg-type]

    def action_back(self) -> None:
        """Esc: from the reason (or edit) box back to the choices; from the choices, refuse without a reason."""
        if self.refusing is None:
            self.dismiss(UserDecision.refuse())
            return
        self.refusing = None
        self.query_one("#reason-box").display = False
        self.query_one("#reason").display = True
        self.query_one("#edit-lines").display = False
        self.query_one("#choices").display = True
        self.query_one("#hint", Static).update(Text(CHOICES_HINT, style="dim"))
        self.query_one("#refuse", Button).focus()
