"""The subagent's redaction step: its answer and command list are what leave the machine (MCP, the bridge, the
`subagent` CLI), and the answer quotes outputs beyond the redacted summaries (source lines, grep hits, traces,
verdicts naming the command), so the whole answer is redacted here, with every secret its commands' outputs
revealed (a value quoted later without its key stays masked)."""

from __future__ import annotations


def redact_outbound(answer: str, records) -> tuple[str, list[str]]:
    """(the answer, each record's command line), redacted."""
    from terminus_edge.redact import learn_secrets, redact

    known: dict[str, str] = {}
    for record in records:
        for source in (record.command, record.output):
            if source:
                for value, kind in learn_secrets(source, command=record.command).items():
                    known.setdefault(value, kind)
    commands = [redact(record.command, known=known, command=record.command) for record in records]
    return redact(answer, known=known or None), commands
