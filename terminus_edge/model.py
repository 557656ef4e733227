"""The one small interface between terminus-edge and a language model.

Summaries and the subagent loop only ever call `ChatModel.chat(messages, ...)`, so a real ONNX
bundle and a scripted fake (tests) are interchangeable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

Message = dict  # {"role": "system"|"user"|"assistant"|"tool", "content": str}


@runtime_checkable
class ChatModel(Protocol):
    name: str

    def chat(
        self,
        messages: Sequence[Message],
        *,
        max_new_tokens: int = 256,
        stop: Sequence[str] = (),
        deadline_s: float | None = None,
    ) -> str:
        """Return the assistant's reply. Raise on failure; stop early (returning what was made) past deadline_s."""
        ...


@dataclass
class FakeModel:
    """A scripted model for tests: replies come from a list (in order) or from a function of the messages."""

    replies: Iterable[str] | Callable[[Sequence[Message]], str] = ()
    name: str = "fake"
    calls: list[list[Message]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not callable(self.replies):
            self._queue = list(self.replies)

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None) -> str:
        self.calls.append([dict(m) for m in messages])
        if callable(self.replies):
            reply = self.replies(messages)
        elif self._queue:
            reply = self._queue.pop(0)
        else:
            raise RuntimeError("FakeModel: no scripted reply left")
        for s in stop:
            if s and s in reply:
                reply = reply[: reply.index(s)]
        return reply


def load_model(bundle: str | None = None, *, ep: str = "auto", threads: int | None = None) -> ChatModel:
    """Load the ONNX bundle at `bundle` (default: the cached default bundle) as a ChatModel."""
    from terminus_edge.runtime.chat_model import OnnxChatModel  # onnxruntime only when a model is wanted

    return OnnxChatModel.load(bundle, ep=ep, threads=threads)
