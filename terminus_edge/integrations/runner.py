"""One command for an outside agent: capture → raw log store → summary. Only the summary is returned."""

from __future__ import annotations

import json
import threading


def run_and_summarize(command: str, *, cwd: str, timeout_s: float, store, model=None,
                      deadline_s: float = 20.0, cancel: threading.Event | None = None) -> tuple[str, int, int]:
    """Run `command`, stream its output into the log store, summarize it. Returns (summary, log id, raw tokens).
    `deadline_s`: what the model may spend on the gist before the deterministic summary is used.
    `cancel`: set when the client cancelled the request; the command's group is stopped, its log is finished
    with what it printed so far, and the stored summary says it was cancelled (no model: nobody reads it now); a
    cancel during the gist stops the model within one decode step (the deterministic summary, saying so)."""
    from terminus_edge.cancel import cancelled_by
    from terminus_edge.capture import run_command
    from terminus_edge.model import with_cancel
    from terminus_edge.summarize import summarize

    writer = store.begin(command, cwd=cwd, source="agent")
    try:
        capture = run_command(command, cwd=cwd, timeout_s=timeout_s, on_output=writer.write, cancel=cancel)
    except BaseException:
        writer.finish(exit_code=None)  # what it printed before failing stays readable
        raise
    try:
        log_id = writer.finish(exit_code=capture.exit_code, duration_s=capture.duration_s,
                               timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input)
        if capture.cancelled:
            text, facts, tokens_raw = summarize_cancelled(command, capture.chunks, capture.exit_code, capture.note,
                                                          capture.duration_s, log_id, by=cancelled_by(cancel))
            facts_json = json.dumps(facts)
            store.set_summary(log_id, text, facts_json)
            return text, log_id, tokens_raw
        if cancel is not None and cancel.is_set():  # it ended by itself, but nobody waits for a model gist now
            model = None
        # A cancel during the gist stops the model within one decode step; the summary is then the deterministic
        # one and says so (the model's failure note).
        model = with_cancel(model, cancel)
        options = dict(log_id=str(log_id), timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input,
                       duration_s=capture.duration_s, deadline_s=deadline_s)
        try:
            summary = summarize(command, capture.chunks, capture.exit_code, model=model, **options)
        except Exception:  # noqa: BLE001 - a model crashing mid-gist must not cost the summary
            if model is None:
                raise
            summary = summarize(command, capture.chunks, capture.exit_code, model=None, **options)
        text = summary.text
        if capture.left_behind:  # processes it started that outlive it (or were stopped when it ended), by PID
            text += "\n" + capture.left_behind
        if writer.error is not None and not writer.removed:  # a full disk or a held lock while the output came in
            text += (f"\nNote: the raw log could not be stored in full ({writer.error}); log {log_id} holds only part "
                     f"of the output, the summary covers all of it")
        try:
            kept = store.set_summary(log_id, text, json.dumps(summary.facts.to_dict()), note=summary.model_note,
                                     note_detail=summary.model_detail)
        except Exception:  # noqa: BLE001 - the same broken store must not cost the agent its answer
            if writer.error is None:
                raise
        else:
            if not kept:  # read_log would only answer "no log with id N"
                text += f"\nNote: log {log_id} was removed from the store while the command ran; its raw output is gone"
        return text, log_id, summary.tokens_raw
    finally:
        capture.close()


def summarize_cancelled(command: str, raw: bytes, exit_code: int, note: str | None, duration_s: float | None,
                        log_id: int, *, by: str = "the client") -> tuple[str, dict, int]:
    """The deterministic summary of a cancelled command's output so far, led by how it ended (`note`,
    capture's "cancelled by the client after N s …"); `by`: who cancelled (terminus_edge.cancel.cancelled_by).
    Returns (summary text, facts with "cancelled": true and "cancelled_by", raw tokens)."""
    from terminus_edge.redact import redact
    from terminus_edge.summarize import summarize
    from terminus_edge.summarize.compose import compose_block

    summary = summarize(command, raw, exit_code, model=None, log_id=str(log_id), duration_s=duration_s)
    ended = note or f"cancelled by {by} (exit code {exit_code})"
    text = redact(compose_block(command, f"{ended}; output so far: {summary.body}", str(log_id)), command=command)
    return text, {**summary.facts.to_dict(), "cancelled": True, "cancelled_by": by}, summary.tokens_raw
