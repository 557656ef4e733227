"""Ask the model for a one-to-three-sentence gist of what happened, from the facts and a bounded excerpt."""

from __future__ import annotations

import re
import time

from terminus_edge.model import ChatModel

SYSTEM_PROMPT = (
    "You summarize the output of a terminal command for a coding agent that cannot see it. "
    "Write one to three short sentences saying what happened and what the agent should do or know next. "
    "Use only facts that appear in the output or in the extracted facts; never guess, never invent file names, "
    "numbers or test names. Do not claim success if anything failed. Plain text, no lists, no preamble."
)


class GistError(Exception):
    """The model could not give a gist in time (missing, failing, or too slow)."""


def build_messages(command: str, facts_text: str, excerpt: str) -> list[dict]:
    user = (
        f"Command: {command}\n\nExtracted facts:\n{facts_text}\n\n"
        f"Output excerpt (head, tail and lines around errors):\n{excerpt}\n\n"
        "Gist (1-3 sentences):"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def clean_reply(reply: str, max_sentences: int = 3) -> str:
    reply = re.sub(r"<think>.*?(</think>|$)", "", reply, flags=re.S)
    reply = re.sub(r"^\s*(gist|summary)\s*:\s*", "", reply.strip(), flags=re.I)
    reply = " ".join(line.strip(" -*•") for line in reply.splitlines() if line.strip())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9`'\"(])", reply)
    complete = [s for s in sentences if s.strip()]
    if complete and not re.search(r"[.!?]['\")]?$", complete[-1]):
        complete = complete[:-1]  # cut off by the token limit or deadline mid-sentence
    return " ".join(complete[:max_sentences]).strip()


def ask_gist(
    model: ChatModel, command: str, facts_text: str, excerpt: str, *, deadline_s: float, max_new_tokens: int = 48
) -> str:
    started = time.monotonic()
    try:
        reply = model.chat(build_messages(command, facts_text, excerpt), max_new_tokens=max_new_tokens, deadline_s=deadline_s)
    except Exception as error:  # noqa: BLE001 - any model failure means: fall back, and say why
        raise GistError(f"{type(error).__name__}: {error}") from error
    elapsed = time.monotonic() - started
    if elapsed > deadline_s * 1.25:
        raise GistError(f"model too slow ({elapsed:.1f} s > {deadline_s:.1f} s deadline)")
    gist = clean_reply(reply or "")
    if not gist:
        raise GistError("model returned no usable text")
    return gist
