"""`terminus-edge redact`: mask secrets in a stream (stdin to stdout), line by line."""

from __future__ import annotations

import sys

import click


@click.command("redact")
@click.option("--stats", is_flag=True, help="Print how many secrets of each kind were masked to stderr.")
def redact(stats: bool) -> None:
    """Mask secrets in text read from stdin; write the result to stdout as it streams.

    Private-key blocks are held until their END line so the whole body is masked; a secret seen
    once stays masked wherever it recurs later in the stream. Invalid UTF-8 passes through as
    replacement characters rather than failing."""
    from terminus_edge.redact import StreamRedactor

    stream = StreamRedactor()
    source = click.get_text_stream("stdin", encoding="utf-8", errors="replace")
    out = click.get_text_stream("stdout", encoding="utf-8", errors="replace")
    lines = 0
    try:
        for line in source:
            lines += 1
            chunk = stream.feed(line)
            if chunk:
                out.write(chunk)
                out.flush()
        out.write(stream.flush())
        out.flush()
    except BrokenPipeError:  # `terminus-edge redact | head` is normal use
        sys.stderr.close()
        return
    if stats:
        kinds = ", ".join(f"{kind}={n}" for kind, n in sorted(stream.kinds.items())) or "none"
        click.echo(f"redact: {lines} lines, {stream.findings} secrets masked ({kinds})", err=True)
