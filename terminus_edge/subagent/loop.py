"""The execution subagent: at most 10 turns of one `run_in_terminal` call each, then the final answer.

Who plans: a model that can call tools (Qwen3/Terminus-shaped, or planner="model") plans; the rules
planner takes over when its first turn is unusable. A small model (the default SmolLM2) cannot plan,
so with planner="auto" the rules plan and the model only writes the per-command gists. Either way
every command runs through capture → log store → summarize (facts, gist, guard), and the final answer
is assembled from those guarded summaries, never from unchecked model text.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from terminus_edge.errors import TerminusError
from terminus_edge.model import with_cancel
from terminus_edge.subagent import prompt
from terminus_edge.subagent.approval import ApprovalGate, CommandApprover, edits_said
from terminus_edge.subagent.answer import assemble_answer
from terminus_edge.subagent.outbound import redact_outbound
from terminus_edge.subagent.detect import command_kind
from terminus_edge.subagent.planned_steps import LONG_TIMEOUT_S, default_timeout
from terminus_edge.subagent.planner import RulesPlanner
from terminus_edge.subagent.preview import request_forbids
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.toolcall import extract_final_answer, parse_tool_call

PLANNERS = ("auto", "model", "rules")
_PLANNING_MODELS = re.compile(r"qwen3|terminus", re.I)
RESERVE_S = 3.0  # kept back from the budget for the last summary and the answer


@dataclass
class SubagentResult:
    answer: str  # the <final_answer> body
    commands: list[str]
    exit_codes: list[int | None]
    turns: int
    latency_ms: float
    log_ids: list[int]
    planner: str = "rules"
    records: list[CommandRecord] = field(default_factory=list, repr=False)
    model_answer: str | None = None  # what a planning model wrote inside <final_answer>, for inspection


def model_can_plan(model) -> bool:
    """Whether a model is trusted to write tool calls: it says so, or its name or bundle architecture
    says Qwen3/Terminus (trained on the tool-call format); a random-weight one fails its first turn and
    the rules take over."""
    if model is None:
        return False
    flag = getattr(model, "can_call_tools", None)
    if flag is not None:
        return bool(flag)
    manifest = getattr(getattr(model, "bundle", None), "manifest", None) or {}
    arch = str((manifest.get("architecture") or {}).get("model_type", ""))
    return bool(_PLANNING_MODELS.search(f"{getattr(model, 'name', '')} {arch}"))


def execution_subagent(query: str, description: str = "", *, cwd=None, model=None, planner: str = "auto",
                       budget_s: float | None = None, store=None,
                       approve: CommandApprover | None = None,
                       cancel: threading.Event | None = None,
                       on_record: Callable[[CommandRecord], None] | None = None) -> SubagentResult:
    """Answer `query` by running commands in `cwd`. approve: asked before each command the policy does not
    deny (approval.ProposedCommand -> approval.UserDecision); None = nobody to ask, so the policy's "ask"
    verdicts are refusals. cancel: once set (the client cancelled), the running command is stopped and no
    further command or model turn starts. on_record: called with each command's record once it has run or been
    refused (a live view: the TUI's cards)."""
    if planner not in PLANNERS:
        raise TerminusError(f"unknown planner {planner!r}: use one of {', '.join(PLANNERS)}")
    if planner == "model" and model is None:
        raise TerminusError("--planner model needs a model (a bundle); use --planner rules without one")
    if not query.strip():
        raise TerminusError("the request is empty")
    try:
        root = Path(cwd or os.getcwd()).resolve()
    except FileNotFoundError:  # run from a folder deleted since: one line, not a traceback
        raise TerminusError("the current directory no longer exists; give the project directory (--cwd DIR)") from None
    if not root.is_dir():
        raise TerminusError(f"not a directory: {root}")
    model = with_cancel(model, cancel)  # a cancel stops a planning turn or a gist within one decode step
    own_store = store is None
    if own_store:
        from terminus_edge.logstore import LogStore

        store = LogStore()
    started = time.monotonic()
    runner = _Runner(root, store, model, started + budget_s if budget_s else None,
                     ApprovalGate(approve, query, description), cancel, on_record)
    try:
        if planner == "model" or (planner == "auto" and model_can_plan(model)):
            used, turns, model_answer = _model_loop(query, description, runner, fallback=planner == "auto")
        else:
            used, turns, model_answer = "rules", _rules_loop(query, runner), None
    finally:
        if own_store:
            store.close()
    records = runner.records
    answer = assemble_answer(query, records, root)
    if edits_said(records):
        answer = f"{edits_said(records)}\n\n{answer}"
    if not records and not runner.stopped() and runner.time_left() <= RESERVE_S:  # not "nothing said what to run"
        answer = (f"No command was run: the {budget_s:g} s budget ran out before one could start ({RESERVE_S:g} s of it "
                  "is kept for the last summary and the answer); give it a larger budget.")
    answer, commands = redact_outbound(answer, records)
    return SubagentResult(
        answer=answer,
        commands=commands,
        exit_codes=[r.exit_code for r in records],
        turns=turns,
        latency_ms=(time.monotonic() - started) * 1000,
        log_ids=[r.log_id for r in records if r.log_id is not None],
        planner=used,
        records=records,
        model_answer=model_answer,
    )


def _rules_loop(query: str, runner: _Runner, turns: int = 0) -> int:
    rules = RulesPlanner(query, runner.cwd)
    while turns < prompt.MAX_TURNS and runner.time_left() > RESERVE_S and not runner.stopped():
        step = rules.next(runner.records)
        if step is None:
            break
        runner.run(step)
        turns += 1
    if turns >= prompt.MAX_TURNS:  # what the plan still held is said to be left out, not silently dropped
        reason = f"the subagent's {prompt.MAX_TURNS} turns were used up before it"
        runner.records += [CommandRecord(command=step.command, kind=step.kind, origin=step.origin, refused=reason)
                           for step in rules.unrun(runner.records)]
    return turns


def _model_loop(query: str, description: str, runner: _Runner, *, fallback: bool) -> tuple[str, int, str | None]:
    messages = [{"role": "system", "content": prompt.system_prompt(str(runner.cwd))},
                {"role": "user", "content": prompt.user_message(query, description)}]
    turns = 0
    while turns < prompt.MAX_TURNS and runner.time_left() > RESERVE_S and not runner.stopped():
        reply = runner.ask(messages)
        turns += 1
        call = parse_tool_call(reply)
        if call is None:
            final = extract_final_answer(reply)
            if final is None and fallback and not runner.records:  # unusable first turn: the rules take over
                return "rules", _rules_loop(query, runner, turns), None
            return "model", turns, final
        kind = command_kind(call.command)
        timeout = call.timeout_ms / 1000 if call.timeout_ms else default_timeout(kind)
        # What the command does, from the command itself, where the model left its texts out (the user
        # approving it reads them).
        said = describe(call.command, kind) if not (call.explanation.strip() and call.goal.strip()) else None
        runner.run(PlannedCommand(command=call.command, kind=kind,
                   explanation=call.explanation.strip() or (said.explanation if said else ""),
                   goal=call.goal.strip() or (said.goal if said else ""),
                   timeout_s=min(timeout, LONG_TIMEOUT_S * 5), origin="model"))
        messages.append({"role": "assistant", "content": call.render()})
        messages.append({"role": "tool", "content": runner.last_tool_text or ""})
    if runner.time_left() <= 1 or runner.cancelled():
        return "model", turns, None
    spent = turns >= prompt.MAX_TURNS
    ask = prompt.BUDGET_SPENT.format(max_turns=prompt.MAX_TURNS) if spent else prompt.FINAL_ANSWER_REQUEST
    messages.append({"role": "user", "content": ask})
    return "model", turns, extract_final_answer(runner.ask(messages))


class _Runner:
    """Runs planned commands: policy check and approval, capture, raw log, guarded summary; keeps the records."""

    def __init__(self, cwd: Path, store, model, deadline: float | None, gate: ApprovalGate,
                 cancel: threading.Event | None = None, on_record: Callable[[CommandRecord], None] | None = None):
        self.cwd, self.store, self.model, self.deadline, self.gate = cwd, store, model, deadline, gate
        self.cancel, self.on_record = cancel, on_record
        self.records: list[CommandRecord] = []
        self.last_tool_text: str | None = None

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def stopped(self) -> bool:
        """No further turn: the user stopped the run, or the client cancelled the request."""
        return self.gate.stopped or self.cancelled()

    def time_left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.monotonic()

    def ask(self, messages: list[dict]) -> str:
        """One model turn; a failing model reads as an unusable turn, never as a crash."""
        try:
            return self.model.chat(messages, max_new_tokens=512, stop=("</tool_call>",),
                                   deadline_s=min(120.0, max(1.0, self.time_left() - RESERVE_S)))
        except Exception as error:  # noqa: BLE001 - any model failure ends planning, the answer still comes
            return f"[model failed: {type(error).__name__}]"

    def run(self, step: PlannedCommand) -> CommandRecord:
        from terminus_edge.capture import run_command

        record = CommandRecord(command=step.command, kind=step.kind, origin=step.origin, windows=step.windows)
        waited = self.gate.waited_s
        reason = request_forbids(self.gate.query, step.command, self.cwd) or self.gate.refusal(step, self.cwd)
        if self.deadline is not None:
            self.deadline += self.gate.waited_s - waited  # the user's thinking time is not the budget's
        if not reason and self.gate.edited:  # the user's edit runs, as a command of its own kind
            record.edited_from, record.command = step.command, self.gate.edited
            step = replace(step, command=self.gate.edited, kind=command_kind(self.gate.edited), wrapped_timeout_s=None,
                           windows=())
            record.kind, record.windows = step.kind, ()
        if reason:
            record.refused = reason
            self.last_tool_text = (prompt.tool_result_message(None, "", refused=reason)
                                   + "\nDo not run it again; run another command or give your final answer.")
            return self._keep(record)
        timeout = round(max(1.0, min(step.timeout_s, self.time_left() - RESERVE_S)), 1)  # said as "within 3 s", not 2.97302
        capture = run_command(step.command, cwd=str(self.cwd), timeout_s=timeout, cancel=self.cancel)
        try:
            # 124/137 is the visible `timeout` wrapper's doing only when our own limit did not stop it first
            hung = not capture.timed_out and step.wrapped_timeout_s is not None and capture.exit_code in (124, 137)
            record.exit_code = capture.exit_code
            record.timed_out = capture.timed_out or hung
            record.timeout_s = step.wrapped_timeout_s if hung else timeout
            record.waiting_for_input = capture.waiting_for_input
            record.duration_s = capture.duration_s
            raw = capture.raw
            self.last_tool_text = prompt.tool_result_message(
                capture.exit_code, capture.for_model(prompt.TOOL_OUTPUT_LIMIT), timed_out=record.timed_out,
                waiting_for_input=capture.waiting_for_input, timeout_s=record.timeout_s)
            left_behind = capture.left_behind  # background processes it started, still running or stopped at its end
            if left_behind:
                self.last_tool_text += "\n" + left_behind
        finally:
            capture.close()
        if record.edited_from:  # a planning model reads this output as its own command's otherwise
            self.last_tool_text = f"The user edited your command before it ran; it ran as: {record.command}\n" + \
                self.last_tool_text
        record.log_id = self.store.add(step.command, raw, exit_code=capture.exit_code, cwd=str(self.cwd),
                                       source="subagent", started_at=capture.started_at, ended_at=capture.ended_at,
                                       duration_s=capture.duration_s, timed_out=record.timed_out,
                                       waiting_for_input=capture.waiting_for_input)
        if capture.cancelled:
            self._summarize_cancelled(record, raw, capture.note)
        else:
            self._summarize(record, step, raw, left_behind)
        return self._keep(record)

    def _keep(self, record: CommandRecord) -> CommandRecord:
        self.records.append(record)
        if self.on_record is not None:
            self.on_record(record)
        return record

    def _summarize_cancelled(self, record: CommandRecord, raw: bytes, note: str | None) -> None:
        """The client cancelled: nobody reads the answer now, so no model gist; the log says how it ended."""
        import json

        from terminus_edge.cancel import cancelled_by
        from terminus_edge.integrations.runner import summarize_cancelled
        from terminus_edge.summarize.normalize import normalize

        record.output = normalize(raw).text
        record.summary_text, record.facts, _ = summarize_cancelled(record.command, raw, record.exit_code, note,
                                                                   record.duration_s, record.log_id,
                                                                   by=cancelled_by(self.cancel))
        self.store.set_summary(record.log_id, record.summary_text, json.dumps(record.facts))

    def _summarize(self, record: CommandRecord, step: PlannedCommand, raw: bytes, left_behind: str | None = None) -> None:
        from terminus_edge.summarize import summarize
        from terminus_edge.summarize.normalize import normalize

        record.output = normalize(raw).text
        # Source views and searches are quoted, not paraphrased: no model gist for them.
        quoted = step.kind in ("source", "search", "trace", "debug", "preview")
        gist_model = None if quoted or self.cancelled() else self.model  # cancelled: nobody waits for a gist
        summary = summarize(step.command, raw, record.exit_code, log_id=record.log_id, model=gist_model,
                            timed_out=record.timed_out, waiting_for_input=record.waiting_for_input,
                            duration_s=record.duration_s, deadline_s=max(1.0, min(20.0, self.time_left() - 1)))
        record.summary_text = summary.text + (f"\n{left_behind}" if left_behind else "")  # processes it left, by PID
        record.summary_body = getattr(summary, "body", "")
        facts = getattr(summary, "facts", None)
        record.facts = facts.to_dict() if hasattr(facts, "to_dict") else dict(facts or {})
        record.model_note = getattr(summary, "model_note", None)
        self.store.set_summary(record.log_id, record.summary_text, note=record.model_note,
                               note_detail=getattr(summary, "model_detail", None))
