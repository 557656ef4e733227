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
from terminus_edge.runtime.sampling import Sampler, SamplingParams
from terminus_edge.runtime.text_stream import TextStream


class PromptTooLong(TerminusError):
    """The prompt leaves no room in the model's context for a reply."""


@dataclass(frozen=True)
class GenerationParams:
    max_new_tokens: int = 256
    sampling: SamplingParams = SamplingParams()
    stop: Sequence[str] = ()
    deadline_s: float | None = None  # seconds from the start of generate(); stop (keeping the text) when passed


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    new_tokens: int = 0
    prefill_s: float = 0.0  # time to first token: prompt forward pass + picking the first token
    decode_s: list[float] = field(default_factory=list)  # one entry per token after the first
    stop_reason: str = ""  # eos | stop | max_new_tokens | context | deadline
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


class Generator:
    def __init__(self, decoder: Decoder, tokenizer: Tokenizer, eos_token_ids: Sequence[int], context_length: int | None = None):
        self.decoder = decoder
        self.tokenizer = tokenizer
        self.eos_token_ids = set(eos_token_ids)
        self.context_length = context_length

    def prefill_cache(self, prompt_ids: Sequence[int], capacity: int | None = None) -> KVCache:
        """KV cache of a fixed prompt prefix (e.g. the system prompt), to pass as `prefix` to later calls.

        `capacity` (shared layout) bounds prefix + every later prompt and reply that reuses it.
        """
        cache = self.decoder.new_cache(capacity or self.context_length or 4096)
        self.decoder.forward(list(prompt_ids), cache)
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

    def _start_cache(self, prompt_ids: list[int], needed: int, prefix: KVCache | None) -> KVCache:
        # Reuse a snapshot only if all of it matches the prompt and at least one prompt token is left to
        # run (its logits pick the first new token).
        if prefix is not None and prefix.length < len(prompt_ids):
            fits = prefix.capacity is None or prefix.capacity >= needed
            if fits and prompt_ids[: prefix.length] == prefix.token_ids[: prefix.length]:
                return prefix.snapshot()
        return self.decoder.new_cache(needed)

    def _prefill(self, ids: list[int], cache: KVCache, deadline: float | None):
        """Forward the prompt; with a deadline, a timer aborts a long prompt pass (big models: seconds)."""
        if deadline is None:
            return self.decoder.forward(ids, cache)
        if time.perf_counter() >= deadline:
            return None
        options = ort.RunOptions()
        timer = threading.Timer(max(0.0, deadline - time.perf_counter()), setattr, (options, "terminate", True))
        timer.start()
        try:
            return self.decoder.forward(ids, cache, options)
        except Exception:
            if options.terminate:
                return None
            raise
        finally:
            timer.cancel()

    def _steps(self, prompt_ids: list[int], params: GenerationParams, prefix: KVCache | None) -> Iterator[str]:
        start = time.perf_counter()
        deadline = start + params.deadline_s if params.deadline_s is not None else None
        stats = GenerationStats(prompt_tokens=len(prompt_ids))
        if not prompt_ids:
            raise ValueError("empty prompt")
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
        logits = self._prefill(prompt_ids[cache.length :], cache, deadline)
        if logits is None:  # the deadline passed during the prompt's forward pass
            stats.prefill_s = time.perf_counter() - start
            stats.stop_reason = "deadline"
            return GenerationResult(text="", token_ids=new_ids, stats=stats)
        while True:
            token = sampler(logits)
            now = time.perf_counter()
            if stats.prefill_s == 0.0:
                stats.prefill_s = now - start
            else:
                stats.decode_s.append(now - step_start)
            if token in self.eos_token_ids:
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
            if stats.stop_reason:
                break
            step_start = time.perf_counter()
            logits = self.decoder.forward([token], cache)
        rest = text.finish()
        if rest:
            yield rest
        stats.new_tokens = len(new_ids)
        return GenerationResult(text=text.text, token_ids=new_ids, stats=stats)
