"""The decoding loop: prefill the prompt, then one token at a time until eos, a stop string, the token limit,
the context limit or the deadline. Streams text deltas and records timings for the benchmarks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field

import onnxruntime as ort
from tokenizers import Tokenizer

from terminus_edge.errors import TerminusError
from terminus_edge.runtime.decoder import Decoder, KVCache
from terminus_edge.runtime.prefill import default_chunk, forward_prompt
from terminus_edge.runtime.sampling import Sampler, SamplingParams
from terminus_edge.runtime.text_stream import TextStream


CAPACITY_STEP = 256  # shared KV buffers are sized in steps of this many tokens


class PromptTooLong(TerminusError):
    """The prompt leaves no room in the model's context for a reply."""


@dataclass(frozen=True)
class GenerationParams:
    max_new_tokens: int = 256
    sampling: SamplingParams = SamplingParams()
    stop: Sequence[str] = ()
    deadline_s: float | None = None  # seconds from the start of generate(); stop (keeping the text) when passed
    ignore_eos: bool = False  # benchmarks: always make max_new_tokens tokens
    # Once set (another thread: the client cancelled), stop, keeping the text so far: checked before and after the
    # prompt's forward pass (which it aborts), and before each decode step. stop_reason "cancelled".
    cancel: threading.Event | None = None


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    new_tokens: int = 0
    prefill_s: float = 0.0  # time to first token: prompt forward pass + picking the first token
    decode_s: list[float] = field(default_factory=list)  # one entry per token after the first
    stop_reason: str = ""  # eos | stop | max_new_tokens | context | deadline | cancelled
    reused_prefix_tokens: int = 0  # prompt tokens whose KV cache came from a snapshot

    @property
    def ttft_s(self) -> float:
        return self.prefill_s

    @property
    def prefill_tok_s(self) -> float:
        computed = self.prompt_tokens - self.reused_prefix_tokens
        return computed / self.prefill_s if self.prefill_s > 0 else 0.0

    @property
    def decode_tok_s(self) -> float:
        total = sum(self.decode_s)
        return len(self.decode_s) / total if total > 0 else 0.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(ttft_s=self.ttft_s, prefill_tok_s=self.prefill_tok_s, decode_tok_s=self.decode_tok_s)
        return data

    def describe(self) -> str:
        return (
            f"prompt {self.prompt_tokens} tok, prefill {self.prefill_s * 1000:.0f} ms ({self.prefill_tok_s:.0f} tok/s), "
            f"{self.new_tokens} new tok, decode {self.decode_tok_s:.1f} tok/s, stop: {self.stop_reason}"
        )


@dataclass
class GenerationResult:
    text: str
    token_ids: list[int]
    stats: GenerationStats

    @property
    def stop_reason(self) -> str:
        return self.stats.stop_reason


class Generation:
    """Iterate to get text deltas as they are made; `result` is set once iteration ends."""

    def __init__(self, steps: Iterator[str]):
        self._steps = steps
        self.result: GenerationResult | None = None

    def __iter__(self) -> Iterator[str]:
        self.result = yield from self._steps


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class Generator:
    """Decoding with one model. Not re-entrant: one generation at a time (the last KV cache is kept).

    With the shared KV layout the cache of the previous call is kept, and the next prompt re-runs only
    what follows the longest common prefix (a fixed system prompt is computed once).
    """

    def __init__(self, decoder: Decoder, tokenizer: Tokenizer, eos_token_ids: Sequence[int], context_length: int | None = None):
        self.decoder = decoder
        self.tokenizer = tokenizer
        self.eos_token_ids = set(eos_token_ids)
        self.context_length = context_length
        self.reuse_last = True
        self.prefill_chunk = default_chunk(decoder.device)
        self._last: KVCache | None = None

    def prefill_cache(self, prompt_ids: Sequence[int], capacity: int | None = None) -> KVCache:
        """KV cache of a fixed prompt prefix (e.g. the system prompt), to pass as `prefix` to later calls.

        `capacity` (shared layout): room for the prefix plus the prompts and replies that reuse it without
        a copy (default: 1024 tokens more than the prefix).
        """
        cache = self.decoder.new_cache(capacity or self._capacity(len(prompt_ids) + 1024))
        forward_prompt(self.decoder, list(prompt_ids), cache, chunk=self.prefill_chunk)
        return cache

    def stream(self, prompt_ids: Sequence[int], params: GenerationParams = GenerationParams(), prefix: KVCache | None = None) -> Generation:
        return Generation(self._steps(list(prompt_ids), params, prefix))

    def generate(
        self,
        prompt_ids: Sequence[int],
        params: GenerationParams = GenerationParams(),
        on_text: Callable[[str], None] | None = None,
        prefix: KVCache | None = None,
    ) -> GenerationResult:
        generation = self.stream(prompt_ids, params, prefix)
        for delta in generation:
            if on_text is not None and delta:
                on_text(delta)
        return generation.result

    def reset(self) -> None:
        """Drop the KV cache kept from the last call (frees its memory)."""
        self._last = None

    def _capacity(self, needed: int) -> int:
        rounded = -(-needed // CAPACITY_STEP) * CAPACITY_STEP  # fewer re-allocations as prompts vary
        return min(rounded, self.context_length) if self.context_length else rounded

    def _start_cache(self, prompt_ids: list[int], needed: int, prefix: KVCache | None) -> KVCache:
        # A cache is reused only up to where its tokens match the prompt, and at least one prompt token is
        # left to run (its logits pick the first new token).
        if prefix is not None:
            if prefix.length < len(prompt_ids) and prompt_ids[: prefix.length] == prefix.token_ids[: prefix.length]:
                if prefix.capacity is None or prefix.capacity >= needed:
                    return prefix.snapshot()
                grown = self.decoder.grown(prefix, self._capacity(needed))  # copies: the prefix stays intact
                if grown is not None:
                    return grown
            return self.decoder.new_cache(self._capacity(needed))
        last = self._last if self.reuse_last else None
        if last is not None:
            common = min(_common_prefix(last.token_ids, prompt_ids), len(prompt_ids) - 1)
            if common > 0:
                last.truncate(common)
                if last.capacity < needed:
                    last = self.decoder.grown(last, self._capacity(needed))
                if last is not None:
                    self._last = last
                    return last
        # Only caches made here are kept: an explicit prefix's buffers belong to the caller.
        cache = self.decoder.new_cache(self._capacity(needed))
        self._last = cache if cache.layout == "shared" else None
        return cache

    def _prefill(self, ids: list[int], cache: KVCache, deadline: float | None, cancel: threading.Event | None):
        """Forward the prompt; None when the deadline passed or `cancel` was set, before or during the pass (a
        watcher aborts a long prompt pass: big models take seconds)."""
        if deadline is None and cancel is None:
            return forward_prompt(self.decoder, ids, cache, chunk=self.prefill_chunk)
        if _should_stop(deadline, cancel):
            return None
        options, done = ort.RunOptions(), threading.Event()
        threading.Thread(target=_abort_when_due, args=(options, done, deadline, cancel), name="prefill-watch",
                         daemon=True).start()
        try:
            return forward_prompt(self.decoder, ids, cache, options, self.prefill_chunk)
        except Exception:
            if options.terminate:
                return None
            raise
        finally:
            done.set()

    def _steps(self, prompt_ids: list[int], params: GenerationParams, prefix: KVCache | None) -> Iterator[str]:
        start = time.perf_counter()
        deadline = start + params.deadline_s if params.deadline_s is not None else None
        stats = GenerationStats(prompt_tokens=len(prompt_ids))
        if not prompt_ids:
            raise TerminusError("empty prompt: nothing to generate from")
        room = params.max_new_tokens
        if self.context_length is not None:
            if len(prompt_ids) >= self.context_length:
                raise PromptTooLong(f"prompt is {len(prompt_ids)} tokens; the model's context is {self.context_length}")
            room = min(room, self.context_length - len(prompt_ids))
        text = TextStream(self.tokenizer, params.stop)
        new_ids: list[int] = []
        if room <= 0:
            stats.stop_reason = "max_new_tokens"
            return GenerationResult(text="", token_ids=new_ids, stats=stats)
        sampler = Sampler(params.sampling)
        cache = self._start_cache(prompt_ids, len(prompt_ids) + room, prefix)
        stats.reused_prefix_tokens = cache.length
        logits = self._prefill(prompt_ids[cache.length :], cache, deadline, params.cancel)
        if logits is None or _is_set(params.cancel):  # stopped before, during or right after the prompt's pass
            stats.prefill_s = time.perf_counter() - start
            stats.stop_reason = "cancelled" if _is_set(params.cancel) else "deadline"
            return GenerationResult(text="", token_ids=new_ids, stats=stats)
        while True:
            token = sampler(logits)
            now = time.perf_counter()
            if stats.prefill_s == 0.0:
                stats.prefill_s = now - start
            else:
                stats.decode_s.append(now - step_start)
            if token in self.eos_token_ids and not params.ignore_eos:
                stats.stop_reason = "eos"
                break
            new_ids.append(token)
            delta = text.push(token)
            if delta:
                yield delta
            if text.stopped_by is not None:
                stats.stop_reason = "stop"
            elif len(new_ids) >= room:
                stats.stop_reason = "max_new_tokens" if room == params.max_new_tokens else "context"
            elif deadline is not None and time.perf_counter() >= deadline:
                stats.stop_reason = "deadline"
            elif _is_set(params.cancel):
                stats.stop_reason = "cancelled"
            if stats.stop_reason:
                break
            step_start = time.perf_counter()
            logits = self.decoder.forward([token], cache)
        rest = text.finish()
        if rest:
            yield rest
        stats.new_tokens = len(new_ids)
        return GenerationResult(text=text.text, token_ids=new_ids, stats=stats)


def _is_set(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


def _should_stop(deadline: float | None, cancel: threading.Event | None) -> bool:
    return _is_set(cancel) or (deadline is not None and time.perf_counter() >= deadline)


WATCH_POLL_S = 0.005  # how often a prompt pass looks at its cancel event (an Event cannot be waited on with another)


def _abort_when_due(options: ort.RunOptions, done: threading.Event, deadline: float | None,
                    cancel: threading.Event | None) -> None:
    """Set options.terminate once the deadline passes or `cancel` is set, unless `done` (the pass ended) first."""
    while True:
        wait = WATCH_POLL_S if cancel is not None else float("inf")
        if deadline is not None:
            wait = min(wait, max(0.0, deadline - time.perf_counter()))
        if done.wait(wait):
            return
        if _should_stop(deadline, cancel):
            options.terminate = True
            return
