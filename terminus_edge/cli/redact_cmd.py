"""`terminus-edge redact`: mask secrets in a stream (stdin to stdout), line by line."""

from __future__ import annotations

import io
import sys

import click


@click.command("redact")
@click.option("--stats", is_flag=True, help="Print how many secrets of each kind were masked to stderr.")
@click.option("--command", "command", metavar="CMD", default=None,
              help="The command that produced the text: one that reads a secret (`gh auth token`, "
                   "`printenv API_TOKEN`, `aws configure get ...secret...`) has its bare one-word lines masked.")
def redact(stats: bool, command: str | None) -> None:
    """Mask secrets in text read from stdin; write the result to stdout as it streams.

    Private-key blocks are held until their END line so the whole body is masked; a secret seen
    once stays masked wherever it recurs later in the stream. Invalid UTF-8 passes through as
    replacement characters rather than failing."""
    from terminus_edge.redact import StreamRedactor

    if sys.stdin.isatty():  # typed in a terminal, it seemed to hang: say what it reads
        click.echo("terminus-edge redact: reading the text from stdin: paste it and end with Ctrl-D, "
                   "or pipe it in (CMD 2>&1 | terminus-edge redact)", err=True)
    stream = StreamRedactor(command=command)
    # newline="": \r\n and \r progress updates pass through unchanged
    source = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="replace", newline="",
                           write_through=True)
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
    finally:
        out.detach()
    if stats:
        kinds = ", ".join(f"{kind}={n}" for kind, n in sorted(stream.kinds.items())) or "none"
        click.echo(f"redact: {lines} line{'s' * (lines != 1)}, {stream.findings} secret{'s' * (stream.findings != 1)} "
                   f"masked ({kinds})", err=True)
