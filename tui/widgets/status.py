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


def status_line(info: StatusInfo) -> str:
    model = " ".join(part for part in (info.model, info.precision, info.provider) if part)
    latency = f"{info.last_latency_ms:,.0f} ms" if info.last_latency_ms is not None else "–"
    parts = [model, f"last {latency}", f"saved {info.tokens_saved:,} tok", f"outbox {info.queued}"]
    if info.shell:
        parts.append(info.shell)
    return " │ ".join(parts)


class StatusBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()

    def on_mount(self) -> None:
        self.update(status_line(self.info))

    def set(self, **changes) -> None:
        self.info = replace(self.info, **changes)
        self.update(status_line(self.info))
