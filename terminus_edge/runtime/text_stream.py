"""Turn generated token ids into text deltas: incremental decoding plus stop strings.

tokenizers' DecodeStream holds back bytes of a character split over several tokens. Text that could be
the start of a stop string is held back too, so the deltas handed out always concatenate to the final
text and never contain (part of) a stop string that ends generation.
"""

from __future__ import annotations

from collections.abc import Sequence

from tokenizers import Tokenizer
from tokenizers.decoders import DecodeStream


class TextStream:
    def __init__(self, tokenizer: Tokenizer, stop: Sequence[str] = ()):
        self.tokenizer = tokenizer
        self.stop = [s for s in stop if s]
        self._decoder = DecodeStream(skip_special_tokens=True)
        self._text = ""  # everything decoded so far (may run past a stop string)
        self._emitted = 0  # how much of _text has been handed out
        self.stopped_by: str | None = None  # the stop string that ended generation, if any

    @property
    def text(self) -> str:
        """The final text so far: cut before the first stop string, once one is seen."""
        return self._text

    def push(self, token_id: int) -> str:
        """Add one token; return the text that is now safe to show (possibly empty)."""
        if self.stopped_by is not None:
            return ""
        chunk = self._decoder.step(self.tokenizer, token_id)
        if chunk:
            self._text += chunk
        self._cut_at_stop()
        safe = len(self._text) if self.stopped_by is not None else len(self._text) - self._held_back()
        return self._emit(max(safe, self._emitted))

    def finish(self) -> str:
        """Generation ended: hand out whatever was held back for a stop string that never came."""
        return self._emit(len(self._text))

    def _emit(self, upto: int) -> str:
        delta = self._text[self._emitted : upto]
        self._emitted = upto
        return delta

    def _cut_at_stop(self) -> None:
        if not self.stop:
            return
        longest = max(map(len, self.stop))
        start = max(0, self._emitted - longest)
        hits = [(index, s) for s in self.stop if (index := self._text.find(s, start)) >= 0]
        if hits:
            index, stop = min(hits)
            self._text = self._text[:index]
            self.stopped_by = stop

    def _held_back(self) -> int:
        """Length of the longest tail of the text that is a proper prefix of some stop string."""
        best = 0
        for stop in self.stop:
            for size in range(min(len(stop) - 1, len(self._text)), best, -1):
                if self._text.endswith(stop[:size]):
                    best = size
                    break
        return best
