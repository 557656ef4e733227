"""Pick the next token from logits: greedy (temperature 0) or sampled with temperature, top-k and top-p."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 0.0  # 0 (or less) means greedy
    top_p: float = 1.0
    top_k: int = 0  # 0 means no top-k cut
    seed: int | None = None

    def __post_init__(self):
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be >= 0, got {self.top_k}")

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0.0


class Sampler:
    def __init__(self, params: SamplingParams):
        self.params = params
        self.rng = np.random.default_rng(params.seed)

    def __call__(self, logits: np.ndarray) -> int:
        p = self.params
        if p.greedy:
            return int(np.argmax(logits))
        scaled = logits.astype(np.float64) / p.temperature
        probs = np.exp(scaled - scaled.max())
        probs /= probs.sum()
        vocab = probs.size
        limit = min(p.top_k, vocab) if p.top_k else vocab
        if limit == vocab and p.top_p >= 1.0:
            return self._draw(np.arange(vocab), probs)
        # Sorting the whole vocabulary costs ~10 ms at 150k tokens; the nucleus is nearly always small,
        # so look at the top 64, 512, ... candidates until they hold top_p of the mass.
        size = min(64, limit)
        while True:
            top = np.argpartition(probs, -size)[-size:] if size < vocab else np.arange(vocab)
            top = top[np.lexsort((top, -probs[top]))]  # descending, ties by id: a seed gives the same tokens
            mass = np.cumsum(probs[top])
            if size == limit or mass[-1] >= p.top_p:
                break
            size = min(size * 8, limit)
        keep = int(min(np.searchsorted(mass, p.top_p) + 1, size)) if p.top_p < 1.0 else size
        return self._draw(top[:keep], probs[top[:keep]])

    def _draw(self, ids: np.ndarray, weights: np.ndarray) -> int:
        cumulative = np.cumsum(weights)
        index = int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], side="right"))
        return int(ids[min(index, ids.size - 1)])
