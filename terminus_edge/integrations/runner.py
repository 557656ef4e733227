"""One command for an outside agent: capture → raw log store → summary. Only the summary is returned."""

from __future__ import annotations

import json


def run_and_summarize(command: str, *, cwd: str, timeout_s: float, store, model=None,
                      deadline_s: float = 20.0) -> tuple[str, int, int]:
    """Run `command`, stream its output into the log store, summarize it. Returns (summary, log id, raw tokens).
    `deadline_s`: what the model may spend on the gist before the deterministic summary is used."""
    from terminus_edge.capture import run_command
    from terminus_edge.summarize import summarize

    writer = store.begin(command, cwd=cwd, source="agent")
    try:
        capture = run_command(command, cwd=cwd, timeout_s=timeout_s, on_output=writer.write)
    except BaseException:
        writer.finish(exit_code=None)  # what it printed before failing stays readable
        raise
    try:
        log_id = writer.finish(exit_code=capture.exit_code, duration_s=capture.duration_s,
                               timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input)
        options = dict(log_id=str(log_id), timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input,
                       duration_s=capture.duration_s, deadline_s=deadline_s)
        try:
            summary = summarize(command, capture.raw, capture.exit_code, model=model, **options)
        except Exception:  # noqa: BLE001 - a model crashing mid-gist must not cost the summary
            if model is None:
                raise
            summary = summarize(command, capture.raw, capture.exit_code, model=None, **options)
        store.set_summary(log_id, summary.text, json.dumps(summary.facts.to_dict()))
        return summary.text, log_id, summary.tokens_raw
    finally:
        capture.close()
