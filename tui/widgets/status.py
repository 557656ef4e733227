"""The status bar: model, precision, execution provider, last summary latency, tokens saved (the keys are on
the key line below it: widgets/keyhints.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.widgets import Static


@dataclass(frozen=True)
class StatusInfo:
    model: str = "loading…"
    precision: str | None = None
    provider: str | None = None
    last_latency_ms: float | None = None
    tokens_saved: int = 0
    queued: int = 0
    shell: str = ""


BUILD_COMMAND = "terminus-edge bundle build-default"
SEPARATOR = " │ "


def no_model_line(error: Exception) -> str:
    """The one line a user sees when the model could not load: why, what happens instead, how to fix it."""
    from terminus_edge.errors import TerminusError

    why = str(error) if isinstance(error, TerminusError) else f"{type(error).__name__}: {error}"
    why = " ".join(why.split())
    fix = "" if BUILD_COMMAND in why else f"; build the default one with: {BUILD_COMMAND}"
    return f"No model ({why}): summaries are deterministic{fix}"


def status_line(info: StatusInfo, width: int | None = None) -> str:
    """The parts that fit `width`: the shell's name goes first, then tokens saved, then the latency; the
    model and the outbox count stay (the model's words cut with an ellipsis when even they do not fit)."""
    model = " ".join(part for part in (info.model, info.precision, info.provider) if part)
    latency = f"{info.last_latency_ms:,.0f} ms" if info.last_latency_ms is not None else "–"
    outbox = f"outbox {info.queued}"
    middle = [f"last {latency}", f"saved {info.tokens_saved:,} tok"]
    tail = [info.shell] if info.shell else []
    while True:
        line = SEPARATOR.join([model, *middle, outbox, *tail])
        if width is None or len(line) <= width or not (tail or middle):
            break
        (tail or middle).pop()
    if width is not None and len(line) > width:
        room = max(width - len(SEPARATOR + outbox) - 1, 0)
        line = f"{model[:room]}…{SEPARATOR}{outbox}" if room else outbox[:width]
    return line


class StatusBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()

    def render(self) -> str:
        return status_line(self.info, self.content_region.width or None)

    def set(self, **changes) -> None:
        self.info = replace(self.info, **changes)
        self.refresh()
