"""One command for an outside agent: capture → raw log store → summary. Only the summary is returned."""

from __future__ import annotations


def run_and_summarize(command: str, *, cwd: str, timeout_s: float, store, model=None) -> tuple[str, int, int]:
    """Run `command`, stream its output into the log store, summarize it. Returns (summary, log id, raw tokens)."""
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
        summary = summarize(command, capture.raw, capture.exit_code, log_id=log_id, model=model,
                            timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input,
                            duration_s=capture.duration_s)
        store.set_summary(log_id, summary.text)
        return summary.text, log_id, summary.tokens_raw
    finally:
        capture.close()
