"""The one small interface between terminus-edge and a language model.

Summaries and the subagent loop only ever call `ChatModel.chat(messages, ...)`, so a real ONNX
bundle and a scripted fake (tests) are interchangeable.
"""

from __future__ import annotations

import re
import threading
import time
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
        cancel: threading.Event | None = None,
    ) -> str:
        """Return the assistant's reply. Raise on failure; stop early (returning what was made) past deadline_s, or
        within one generation step once `cancel` is set (another thread: the client cancelled the request)."""
        ...


@dataclass
class FakeModel:
    """A scripted model for tests: replies come from a list (in order) or from a function of the messages.

    With prefill_s / token_delay_s it takes time like a real model: prefill_s before the first word (cut short
    by a cancel, as the runtime aborts a prompt pass), then token_delay_s per word, the cancel event and the
    deadline looked at before each word (as the runtime looks before each decode step); the words made so far
    are returned. `stop_reasons` records how each call ended (stop | end | deadline | cancelled)."""

    replies: Iterable[str] | Callable[[Sequence[Message]], str] = ()
    name: str = "fake"
    calls: list[list[Message]] = field(default_factory=list)
    prefill_s: float = 0.0
    token_delay_s: float = 0.0
    stop_reasons: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not callable(self.replies):
            self._queue = list(self.replies)

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None, cancel=None) -> str:
        started = time.monotonic()
        self.calls.append([dict(m) for m in messages])
        if callable(self.replies):
            reply = self.replies(messages)
        elif self._queue:
            reply = self._queue.pop(0)
        else:
            raise RuntimeError("FakeModel: no scripted reply left")
        reason = "end"
        for s in stop:
            if s and s in reply:
                reply, reason = reply[: reply.index(s)], "stop"
        if not (self.prefill_s or self.token_delay_s):
            self.stop_reasons.append(reason)
            return reply
        if cancel is not None:
            cancel.wait(self.prefill_s)
        else:
            time.sleep(self.prefill_s)
        made = []
        for word in re.findall(r"\s*\S+", reply):
            if cancel is not None and cancel.is_set():
                reason = "cancelled"
                break
            if deadline_s is not None and time.monotonic() - started >= deadline_s:
                reason = "deadline"
                break
            time.sleep(self.token_delay_s)
            made.append(word)
        self.stop_reasons.append(reason)
        return "".join(made)


def load_model(bundle: str | None = None, *, ep: str = "auto", threads: int | None = None) -> ChatModel:
    """Load the ONNX bundle at `bundle` (default: the cached default bundle) as a ChatModel.

    The bundle's files are checked against its manifest first (BundleError naming the corrupt file),
    and the model comes wrapped in a DeadlineGuard, so a hung model cannot hang its caller."""
    from pathlib import Path

    from terminus_edge.paths import default_bundle_dir
    from terminus_edge.runtime.chat_model import OnnxChatModel  # onnxruntime only when a model is wanted

    path = Path(bundle).expanduser() if bundle else default_bundle_dir()
    check_bundle_integrity(path)
    return guard_deadline(OnnxChatModel.load(path, ep=ep, threads=threads))


VERIFIED_CACHE = "verified-bundles.json"


def check_bundle_integrity(bundle_dir) -> None:
    """Raise BundleError when a bundle file differs from its manifest's sha256.

    A file is hashed in full once; its (size, mtime) is then remembered in the user cache, so later
    loads cost a stat() per file until the file changes (a copy, an edit, a half-finished download)."""
    import json
    import os
    from pathlib import Path

    from terminus_edge.errors import BundleError, TerminusError
    from terminus_edge.paths import cache_dir
    from terminus_edge.runtime.manifest import read_manifest, sha256_file

    bundle_dir = Path(bundle_dir).resolve()
    manifest = read_manifest(bundle_dir)  # BundleError: missing directory, manifest or file
    try:
        cache_path = cache_dir() / VERIFIED_CACHE
    except TerminusError:  # no usable cache folder: hash every file, remember nothing
        cache_path = None
    try:
        if cache_path is None:
            raise OSError("no cache folder")
        cache = json.loads(cache_path.read_text())
        cache = cache if isinstance(cache, dict) else {}
    except (OSError, ValueError):
        cache = {}
    seen = cache.get(str(bundle_dir)) if isinstance(cache.get(str(bundle_dir)), dict) else {}
    verified, changed = {}, False
    for name, digest in sorted((manifest.get("files") or {}).items()):
        stat = (bundle_dir / name).stat()
        stamp = [stat.st_size, stat.st_mtime_ns, digest]
        if seen.get(name) != stamp:
            changed = True
            if sha256_file(bundle_dir / name) != digest:
                raise BundleError(f"bundle {bundle_dir} is corrupt: {name} does not match its manifest (sha256); "
                                  "rebuild it or copy it again")
        verified[name] = stamp
    if changed and cache_path is not None:
        cache[str(bundle_dir)] = verified
        tmp = cache_path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(cache))
            os.replace(tmp, cache_path)
        except OSError:
            pass  # no cache: the next load hashes again, nothing worse


class ModelHung(TimeoutError):
    """The model did not answer within its deadline (plus grace)."""


class DeadlineGuard:
    """A ChatModel whose chat() returns or raises within deadline_s plus a grace period, whatever the
    model does. A call that overruns is left to finish in its thread; the model is then considered
    hung and later calls fail at once (the summary falls back to the deterministic form)."""

    def __init__(self, model: ChatModel, *, grace_s: float = 2.0):
        self.model, self.grace_s = model, grace_s
        self._hung = False

    def __getattr__(self, name):  # name, bundle, can_call_tools, stream_chat ... come from the model
        return getattr(self.model, name)

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None, cancel=None) -> str:
        return self._guarded(self.model.chat, messages, max_new_tokens=max_new_tokens, stop=stop, deadline_s=deadline_s,
                             cancel=cancel)

    def _guarded(self, method, messages, *, deadline_s=None, cancel=None, **kwargs):
        if cancel is not None and accepts_cancel(method):
            kwargs["cancel"] = cancel
        if self._hung:
            raise ModelHung("the model is still busy with an earlier call that overran its deadline")
        if deadline_s is None:
            return method(messages, deadline_s=None, **kwargs)
        outcome: dict = {}

        def call() -> None:
            try:
                outcome["reply"] = method(messages, deadline_s=deadline_s, **kwargs)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=call, name="model-chat", daemon=True)
        worker.start()
        worker.join(deadline_s * 1.25 + self.grace_s)
        if worker.is_alive():
            self._hung = True
            raise ModelHung(f"the model did not answer within its {deadline_s:g} s deadline")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["reply"]


class _ResultDeadlineGuard(DeadlineGuard):
    """For models with chat_result() (the ONNX runtime: text plus why generation stopped), guarded too."""

    def chat_result(self, messages, *, deadline_s=None, cancel=None, **kwargs):
        return self._guarded(self.model.chat_result, messages, deadline_s=deadline_s, cancel=cancel, **kwargs)


def guard_deadline(model: ChatModel, *, grace_s: float = 2.0) -> DeadlineGuard:
    """`model` behind a DeadlineGuard (chat_result guarded as well where the model has it)."""
    cls = _ResultDeadlineGuard if callable(getattr(type(model), "chat_result", None)) else DeadlineGuard
    return cls(model, grace_s=grace_s)


def accepts_cancel(method) -> bool:
    """Whether a model's chat/chat_result takes `cancel` (a ChatModel written before it was added does not)."""
    import inspect

    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "cancel" or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


class ModelUnavailable(RuntimeError):
    """The model was wanted but could not be loaded; the message says why."""


@dataclass
class UnavailableModel:
    """Stands where a model was wanted but its bundle could not be loaded. Each call fails with why, so each summary
    that would have asked the model says "model unavailable: …; deterministic summary" to whoever reads it (a client
    of the MCP server sees no stderr), and the subagent plans by its rules."""

    reason: str
    name: str = "unavailable"
    can_call_tools: bool = False

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None, cancel=None) -> str:
        raise ModelUnavailable(self.reason)


class ModelCancelled(Exception):
    """The caller's cancel event was set before or while the model answered: its reply is not to be used."""


class CancelGuard:
    """A ChatModel bound to one cancel event (a request's): every call passes it on, so the model stops within
    one generation step once it is set, and then raises ModelCancelled instead of returning a cut reply, so a
    caller that has no cancel of its own (the summarizer's gist) falls back as on any model failure and says why."""

    def __init__(self, model: ChatModel, cancel: threading.Event):
        self.model, self.cancel = model, cancel

    def __getattr__(self, name):  # name, bundle, can_call_tools, count_text_tokens ... come from the model
        return getattr(self.model, name)

    def chat(self, messages, *, cancel=None, **kwargs) -> str:
        return self._call(self.model.chat, messages, **kwargs)

    def _call(self, method, messages, **kwargs):
        if self.cancel.is_set():
            raise ModelCancelled("cancelled before the model was asked")
        started = time.monotonic()
        reply = method(messages, cancel=self.cancel, **kwargs) if accepts_cancel(method) else method(messages, **kwargs)
        if self.cancel.is_set():
            raise ModelCancelled(f"cancelled after {time.monotonic() - started:.2f} s of generation")
        return reply


class _ResultCancelGuard(CancelGuard):
    def chat_result(self, messages, *, cancel=None, **kwargs):
        return self._call(self.model.chat_result, messages, **kwargs)


def with_cancel(model: ChatModel | None, cancel: threading.Event | None):
    """`model` behind a CancelGuard for `cancel`; the model itself when either is None."""
    if model is None or cancel is None:
        return model
    cls = _ResultCancelGuard if callable(getattr(type(model), "chat_result", None)) else CancelGuard
    return cls(model, cancel)
