"""Cards for the commands the remote agent's subagent ran here (or proposed and was refused), one request at a time:
the user sees what ran in their name and, on Enter, what the agent was sent back."""

from __future__ import annotations

from terminus_edge.tui.widgets.cards import CardState

SENT_HEADER = "── sent to the agent: its request's answer, secrets masked ──"
OUTPUT_HEADER = "── this command's output (it stays on this machine) ──"


def agent_card(key: int, record, sent: str) -> CardState:
    """A finished card from a subagent CommandRecord; `sent` is the answer its request sent back."""
    if record.refused:
        return CardState(key=key, command=record.command, exit_code=None, duration_s=None, pending=False,
                         agent_sent=sent, refused=record.refused)
    return CardState(key=key, command=record.command, exit_code=record.exit_code, duration_s=record.duration_s,
                     log_id=record.log_id, pending=False, text=record.summary_text, body=record.summary_body,
                     model_note=record.model_note, agent_sent=sent, proposed=record.edited_from)


def agent_log_view(state: CardState, output: str) -> str:
    """What Enter shows on an agent's card: what went back to the agent first, then the output that did not."""
    if state.agent_sent is None:
        return output
    sent = f"{SENT_HEADER}\n{state.agent_sent.strip()}"
    if state.proposed:
        sent = f"(the agent proposed `{state.proposed}`; this ran as you edited it)\n\n{sent}"
    return sent if state.refused else f"{sent}\n\n{OUTPUT_HEADER}\n{output}"
