"""Ask the model for a one-sentence gist of what happened, from the facts and a bounded excerpt.

The prompt is compact and starts with text that never changes (a runtime that keeps the last KV cache
reuses it), the reply is one short sentence (at most 32 new tokens) and generation stops at the end of
that sentence, so a small model on 2 CPU cores answers in about a second.
"""

from __future__ import annotations

import re
import time

from terminus_edge.model import ChatModel
from terminus_edge.summarize.tokens import count_tokens

SYSTEM_PROMPT = (
    "You summarize terminal output for a programmer who cannot see it. Reply with one short sentence "
    "saying what happened and why. Use only names and numbers that appear in the facts or the output. "
    "Never claim success if anything failed."
)
MAX_NEW_TOKENS = 32
# The end of the first sentence (or line) ends the reply; the stop text itself is not returned.
STOP = ("\n", ". ", "! ", "? ")
ENDS_SENTENCE_RE = re.compile(r"[.!?]['\")]?$")
CAN_END_RE = re.compile(r"[\w)\]'\"`%]$")  # a reply cut at a stop string ends like this, not with ':' or ','


class GistError(Exception):
    """The model could not give a gist in time (missing, failing, or too slow)."""


class UnusableGist(GistError):
    """The model answered, but nothing in the answer was a usable sentence."""


def build_messages(command: str, facts_text: str, excerpt: str) -> list[dict]:
    user = f"Facts:\n{facts_text}\n\nOutput (excerpt):\n{excerpt}\n\nCommand: {command}\nIn one sentence, what happened?"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def clean_reply(reply: str, max_sentences: int = 1) -> str:
    reply = re.sub(r"<think>.*?(</think>|$)", "", reply, flags=re.S)
    reply = re.sub(r"^\s*(gist|summary|answer)\s*:\s*", "", reply.strip(), flags=re.I)
    reply = " ".join(line.strip(" -*•") for line in reply.splitlines() if line.strip())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9`'\"(])", reply)
    complete = [s for s in sentences if s.strip()]
    if complete and not ENDS_SENTENCE_RE.search(complete[-1]):
        complete = complete[:-1]  # cut off by the token limit or deadline mid-sentence
    return " ".join(complete[:max_sentences]).strip()


def _generate(model: ChatModel, messages: list[dict], max_new_tokens: int, deadline_s: float) -> str:
    """The reply, with its final mark put back when a stop string (not the token limit) ended it."""
    # Only a model whose own class has chat_result (the ONNX runtime's) is asked for the stop reason: a
    # wrapper that forwards attributes (DeadlineGuard) must keep its chat() between us and the model.
    if getattr(type(model), "chat_result", None) is not None:
        result = model.chat_result(messages, max_new_tokens=max_new_tokens, stop=STOP, deadline_s=deadline_s)
        text, finished = result.text.strip(), result.stop_reason in ("stop", "eos")
    else:  # any other ChatModel: a reply well short of the limit was not cut by it
        text = model.chat(messages, max_new_tokens=max_new_tokens, stop=STOP, deadline_s=deadline_s).strip()
        finished = count_tokens(text) < max_new_tokens * 0.6
    if finished and text and not ENDS_SENTENCE_RE.search(text) and CAN_END_RE.search(text):
        text += "."
    return text


def ask_gist(
    model: ChatModel, command: str, facts_text: str, excerpt: str, *, deadline_s: float, max_new_tokens: int = MAX_NEW_TOKENS
) -> str:
    started = time.monotonic()
    try:
        reply = _generate(model, build_messages(command, facts_text, excerpt), max_new_tokens, deadline_s)
    except Exception as error:  # noqa: BLE001 - any model failure means: fall back, and say why
        raise GistError(f"{type(error).__name__}: {error}") from error
    elapsed = time.monotonic() - started
    if elapsed > deadline_s * 1.25:
        raise GistError(f"model too slow ({elapsed:.1f} s > {deadline_s:.1f} s deadline)")
    gist = clean_reply(reply or "")
    if not gist:
        raise UnusableGist("model returned no usable text")
    return gist
