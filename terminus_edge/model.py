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

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None) -> str:
        return self._guarded(self.model.chat, messages, max_new_tokens=max_new_tokens, stop=stop, deadline_s=deadline_s)

    def _guarded(self, method, messages, *, deadline_s=None, **kwargs):
        import threading

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

    def chat_result(self, messages, *, deadline_s=None, **kwargs):
        return self._guarded(self.model.chat_result, messages, deadline_s=deadline_s, **kwargs)


def guard_deadline(model: ChatModel, *, grace_s: float = 2.0) -> DeadlineGuard:
    """`model` behind a DeadlineGuard (chat_result guarded as well where the model has it)."""
    cls = _ResultDeadlineGuard if callable(getattr(type(model), "chat_result", None)) else DeadlineGuard
    return cls(model, grace_s=grace_s)
