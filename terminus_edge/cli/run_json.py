"""What `run --json` and `summarize --json` print. A cancel at the CLI's root (the store's lock, stdin being read, the
gist) prints the finished command's fields with whatever was known by then, plus who cancelled and the exit status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Progress:
    """What `run` / `summarize` know so far: what --json prints when they end, finished or cancelled."""

    command: str
    exit_code: int | None = None  # run: None until the command ended; summarize: --exit-code as given
    log_id: int | None = None
    duration_s: float | None = None
    summary: object | None = None  # the Summary, once made
    ended: bool = False  # run: the command ended; summarize: all of its input was read


def json_object(progress: Progress) -> dict:
    """--json's object: the log id, command, exit code, duration and the summary with its facts and token counts
    (null where a cancel came before they were known)."""
    from terminus_edge.redact import redact

    summary = progress.summary
    # Only what the summary's redaction step made leaves: the command line can hold a token (`curl -H "Authorization:
    # …"`), the facts quote the output's error lines.
    return {"id": progress.log_id, "command": redact(progress.command, command=progress.command),
            "exit_code": progress.exit_code, "duration_s": progress.duration_s,
            "summary": summary.text if summary else None, "facts": summary.public_facts() if summary else None,
            "tokens_raw": summary.tokens_raw if summary else None,
            "tokens_summary": summary.tokens_summary if summary else None}


def cancelled_object(progress: Progress, by: str, status: int, source: str) -> dict:
    """A cancelled command's --json object: json_object's fields, then `cancelled` (true), `cancelled_by` (who, in
    words), `exit_status` (what the CLI exits with: 130 / 143 / 129) and `note` (how far it got, where the log is)."""
    return json_object(progress) | {"cancelled": True, "cancelled_by": by, "exit_status": status,
                                    "note": cancelled_note(progress, source)}


def print_json_on_cancel(progress: Progress, source: str) -> None:
    """Have the CLI's root print --json's object if a cancel ends this command outside the command's own run."""
    from terminus_edge.cli.interrupted import on_cancel

    on_cancel(lambda by, status, kept: cancelled_object(progress, by, status, source))


def cancelled_note(progress: Progress, source: str) -> str:
    log = (f"terminus-edge logs show {progress.log_id}" if progress.log_id is not None else "not stored")
    if progress.summary is not None:
        return f"cancelled after the summary was made; the raw log: {log}"
    if progress.ended:
        return f"cancelled before the summary was made; the raw log: {log}"
    if source == "run":
        return "cancelled before the command ran"
    return f"cancelled while the input was read; what came in: {log}"
