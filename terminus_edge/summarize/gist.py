"""Ask the model for a one-sentence gist of what happened, restated from the extracted facts.

A 135M model given a raw output excerpt talks about "the output of the command" or pastes a line of it; given a
few facts and a few worked examples it restates them in a sentence. The prompt starts with text that never changes
(system prompt and examples: a runtime that keeps the last KV cache reuses it), the part that varies is a handful of
fact lines (an output excerpt only when the facts say little), the reply is one short sentence (at most 32 new
tokens) and generation stops at the end of that sentence, so a small model on 2 CPU cores answers well under a second.
"""

from __future__ import annotations

import re
import time

from terminus_edge.model import ChatModel, ModelUnavailable
from terminus_edge.summarize.tokens import count_tokens

SYSTEM_PROMPT = (
    "Rewrite the facts about a terminal command as one short plain English sentence. Use only the facts given. "
    "Never claim success if anything failed."
)
# Written for this prompt (no real capture's facts): a passing run, a failing test, a missing package version, a
# compile error. Each answer restates the facts above it in their own words (the guard keeps only such sentences:
# grounding.py), with the program as the subject.
EXAMPLES = (
    ("go test ./...", "- succeeded (exit code 0)\n- tests: 0 failed, 14 passed", "All 14 tests passed."),
    ("npm test", "- exit code 1\n- 6 tests: 1 failed, 5 passed\n- FAILED parses empty header: expected 0 to equal 1 "
     "[test/header.test.js:22:9]", "1 of 6 tests failed: parses empty header expected 0 to equal 1."),
    ("pip install foo==9.9", "- exit code 1\n- missing foo==9.9 (no such version)",
     "pip failed because foo==9.9 is missing: there is no such version."),
    ("make", "- exit code 2\n- 1 error\n- src/lexer.c:57:12: 'buf_len' undeclared (first use in this function)",
     "make failed because 'buf_len' is undeclared in src/lexer.c."),
)
FACT_LINES = 4  # status, counts and the first two items: what one sentence can restate
MAX_NEW_TOKENS = 32
# The end of the first sentence (or line) ends the reply; the stop text itself is not returned.
STOP = ("\n", ". ", "! ", "? ")
ENDS_SENTENCE_RE = re.compile(r"[.!?]['\")]?$")
CUT_CLAUSE_RE = re.compile(r"\b(?:the|a|an|of|to|in|on|at|by|for|from|with|because|and|or|but|is|are|was|were|that|its|their)[.!?]$",
                           re.I)
CAN_END_RE = re.compile(r"[\w)\]'\"`%]$")  # a reply cut at a stop string ends like this, not with ':' or ','


class GistError(Exception):
    """The model could not give a gist in time (missing, failing, or too slow)."""


class UnusableGist(GistError):
    """The model answered, but nothing in the answer was a usable sentence."""


def user_message(command: str, facts_text: str, excerpt: str = "") -> str:
    output = f"\nOutput:\n{excerpt}" if excerpt else ""
    return f"Command: {command}\nFacts:\n{facts_text}{output}\nSentence:"


def build_messages(command: str, facts_text: str, excerpt: str = "") -> list[dict]:
    """System prompt and examples (the same for every call), then this command's first FACT_LINES fact lines."""
    messages = [{"role": "system", "content": SYSTEM_PROMPT}]
    for example_command, example_facts, answer in EXAMPLES:
        messages += [{"role": "user", "content": user_message(example_command, example_facts)},
                     {"role": "assistant", "content": answer}]
    facts = "\n".join(facts_text.splitlines()[:FACT_LINES])
    return messages + [{"role": "user", "content": user_message(command, facts, excerpt)}]


def clean_reply(reply: str, max_sentences: int = 1) -> str:
    reply = re.sub(r"<think>.*?(</think>|$)", "", reply, flags=re.S)
    reply = re.sub(r"^\s*(gist|summary|answer)\s*:\s*", "", reply.strip(), flags=re.I)
    reply = " ".join(line.strip(" -*•") for line in reply.splitlines() if line.strip())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9`'\"(])", reply)
    complete = [s for s in sentences if s.strip()]
    if complete and not ENDS_SENTENCE_RE.search(complete[-1]):
        complete = complete[:-1]  # cut off by the token limit or deadline mid-sentence
    # a sentence that ends on "the", "because", "of" stopped mid-clause (an end-of-text token, or a full stop put back)
    complete = [s for s in complete if not CUT_CLAUSE_RE.search(s)]
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
    model: ChatModel, command: str, facts_text: str, excerpt: str = "", *, deadline_s: float, max_new_tokens: int = MAX_NEW_TOKENS
) -> str:
    started = time.monotonic()
    try:
        reply = _generate(model, build_messages(command, facts_text, excerpt), max_new_tokens, deadline_s)
    except ModelUnavailable as error:
        raise GistError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - any model failure means: fall back, and say why
        raise GistError(f"{type(error).__name__}: {error}") from error
    elapsed = time.monotonic() - started
    if elapsed > deadline_s * 1.25:
        raise GistError(f"model too slow ({elapsed:.3g} s > {deadline_s:g} s deadline)")  # not "0.1 s > 0.1 s"
    gist = clean_reply(reply or "")
    if not gist:
        raise UnusableGist("model returned no usable text")
    return gist
