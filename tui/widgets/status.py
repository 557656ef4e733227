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
    running: str | None = None  # the shell's command under way


BUILD_COMMAND = "terminus-edge bundle build-default"
SEPARATOR = " │ "


def no_model_line(error: Exception) -> str:
    """The one line a user sees when the model could not load: why, what happens instead, how to fix it."""
    from terminus_edge.errors import TerminusError

    why = str(error) if isinstance(error, TerminusError) else f"{type(error).__name__}: {error}"
    why = " ".join(why.split())
    fix = "" if BUILD_COMMAND in why else f"; build the default one with: {BUILD_COMMAND}"
    return f"No model, so summaries are deterministic: {why}{fix}"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def status_line(info: StatusInfo, width: int | None = None) -> str:
    """The parts that fit `width`: the shell's name goes first, then tokens saved, then the latency; the running
    command is cut short, then left out; the model and the outbox count stay (the model's words cut short)."""
    parts = {
        "model": " ".join(part for part in (info.model, info.precision, info.provider) if part),
        "running": f"running: {' '.join(info.running.split())}" if info.running else "",
        "last": f"last {info.last_latency_ms:,.0f} ms" if info.last_latency_ms is not None else "last –",
        "saved": f"saved {info.tokens_saved:,} tok",
        "outbox": f"outbox {info.queued}",
        "shell": info.shell,
    }

    def line() -> str:
        return SEPARATOR.join(part for part in parts.values() if part)

    if width is None:
        return line()
    for name in ("shell", "saved", "last"):
        if len(line()) <= width:
            break
        parts[name] = ""
    if len(line()) > width and parts["running"]:
        room = width - (len(line()) - len(parts["running"]))
        parts["running"] = clip(parts["running"], room) if room >= len("running: ") + 4 else ""
    if len(line()) > width:
        parts["model"] = clip(parts["model"], width - len(SEPARATOR + parts["outbox"]))
    return line()[:width]


class StatusBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()

    def render(self) -> str:
        return status_line(self.info, self.content_region.width or None)

    def set(self, **changes) -> None:
        self.info = replace(self.info, **changes)
        self.refresh()
