"""Some lines of a stored log, redacted as they read in place: with the lines above them as context.

Redacting picked lines one by one misses secrets that span lines: the middle of a PEM private key is bare
base64, recognisable only after its BEGIN line. So each picked line is redacted by a stream redactor that
starts up to CONTEXT_LINES above it and runs until any block it holds is closed.
"""

from __future__ import annotations

from collections.abc import Iterable

CONTEXT_LINES = 120  # longer than a PEM key (an 8192-bit RSA key is ~100 lines); each picked line costs this many
HIDDEN = "[REDACTED: inside the block above]"


def _regions(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """[n - CONTEXT_LINES, n] for each wanted line, overlapping ones merged; sorted."""
    regions: list[list[int]] = []
    for n in sorted(set(numbers)):
        start = max(1, n - CONTEXT_LINES)
        if regions and start <= regions[-1][1] + 1:
            regions[-1][1] = n
        else:
            regions.append([start, n])
    return [(a, b) for a, b in regions]


def redacted_lines(lines: Iterable[str], wanted: Iterable[int], command: str | None = None) -> dict[int, str]:
    """{line number: redacted text} for the wanted 1-based line numbers of `lines` (the whole log, in order).
    A line folded into a redacted multi-line block reads HIDDEN."""
    from terminus_edge.redact.stream import StreamRedactor

    wanted = set(wanted)
    regions = _regions(wanted)
    out: dict[int, str] = {}
    stream, pending, index = None, [], 0

    def assign(chunk: str) -> None:
        texts = chunk.split("\n")
        if texts and texts[-1] == "":
            texts.pop()
        texts = texts or [""]
        if len(texts) > len(pending):  # never more lines than went in; keep all text on the last one
            texts[len(pending) - 1:] = ["\n".join(texts[len(pending) - 1:])]
        for position, number in enumerate(pending):
            if len(texts) == len(pending) or position < len(texts) - 1:
                out[number] = texts[position]
            else:
                out[number] = texts[-1] if position == len(pending) - 1 else HIDDEN
        pending.clear()

    for number, line in enumerate(lines, start=1):
        if index == len(regions):
            break
        start, end = regions[index]
        if number < start:
            continue
        if number > end and not (stream and stream.held and number <= end + CONTEXT_LINES):
            if stream is not None:
                assign(stream.flush())
            stream, index = None, index + 1
            if index == len(regions) or number < regions[index][0]:
                continue
        if stream is None:
            stream = StreamRedactor(command=command)
        pending.append(number)
        chunk = stream.feed(line + "\n")
        if chunk:
            assign(chunk)
    if stream is not None:
        tail = stream.flush()
        if tail or pending:
            assign(tail)
    return {n: text for n, text in out.items() if n in wanted}
