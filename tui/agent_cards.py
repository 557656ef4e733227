"""Cards for the commands the remote agent's subagent runs here (or proposed and was refused): each as it ends, then
the answer its request sent back. The user sees what ran in their name and, on Enter, what the agent was told."""

from __future__ import annotations

from dataclasses import replace

from terminus_edge.tui.widgets.cards import CardState

SENT_HEADER = "── sent to the agent: its request's answer, secrets masked ──"
NOT_SENT_YET = "(its request is still under way: the answer to the agent is made when its last command ends)"
OUTPUT_HEADER = "── this command's output (it stays on this machine) ──"


def agent_card(key: int, record, sent: str) -> CardState:
    """A finished card from a subagent CommandRecord; `sent` is the answer its request sent back ("" until then)."""
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
    sent = f"{SENT_HEADER}\n{state.agent_sent.strip()}" if state.agent_sent else NOT_SENT_YET
    if state.proposed:
        sent = f"(the agent proposed `{state.proposed}`; this ran as you edited it)\n\n{sent}"
    return sent if state.refused else f"{sent}\n\n{OUTPUT_HEADER}\n{output}"


class AgentCardActions:
    """A mixin of TerminusApp (remote.AgentCommands messages): it uses the app's cards and card numbers."""

    def on_agent_commands(self, message) -> None:
        """Commands of one request: a card each as it ends (sent None), then the request's answer for all of them."""
        keys: dict[int, int] = self.__dict__.setdefault("_agent_keys", {})  # id(record) -> card, while it runs
        for record in message.records:
            key = keys.pop(id(record), None) if message.sent is not None else keys.get(id(record))
            now = self.cards.state(key) if key is not None else None
            if now is not None:
                self.cards.update_card(replace(now, agent_sent=message.sent or now.agent_sent))
            elif key is None:  # not shown yet (a command left unrun when the turns ran out)
                self._next_key += 1
                self.cards.add(agent_card(self._next_key, record, message.sent or ""))
                if message.sent is None:
                    keys[id(record)] = self._next_key
        self._refresh_side()
