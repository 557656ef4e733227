"""summarize(): raw bytes in, a guarded, redacted `Command/Summary/Log` block out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from terminus_edge.model import ChatModel
from terminus_edge.summarize.compose import compose_block, compose_body, fact_items
from terminus_edge.summarize.facts.registry import extract_facts, needs_full_text
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.gist import GistError, UnusableGist, ask_gist
from terminus_edge.summarize.guard import guard
from terminus_edge.summarize.prefixes import NOISE_KINDS, strip_line_prefixes
from terminus_edge.summarize.select import select_excerpt
from terminus_edge.summarize.tokens import count_tokens
from terminus_edge.summarize.window import OutputView, read_output

# The model restates facts; an output excerpt (this many tokens at most) goes with them only when they say little more
# than the exit code: a small model shown output pastes it or talks about it.
EXCERPT_TOKENS = 120
SPARSE_FACT_LINES = 2
SHORT_OUTPUT_TOKENS = 60
# What a summary says when the model's sentence is not in it although the model answered: no error, a choice.
LEFT_OUT_NOTE = "the local model's sentence was left out: it could not be checked against the output"
INCOMPLETE_NOTE = "the local model's sentence was left out: it was not a complete sentence"


@dataclass
class Summary:
    command: str
    text: str  # the whole block: "Command: …\nSummary: …\nLog: <id>"
    body: str  # just the Summary: part
    facts: Facts
    model_used: bool
    model_note: str | None
    tokens_raw: int
    tokens_summary: int
    latency_ms: float
    # For machines, beside the note (the log store's note_detail): {"fact_guard": {"removed_sentences": N, "reasons":
    # [why each went]}} when the guard left model sentences out. The note itself stays in the summary's words.
    model_detail: dict | None = None
    # The redaction step's redactor (with the output's learned secrets), for public_facts().
    redactor: Callable[[str], str] | None = field(default=None, repr=False)

    def public_facts(self) -> dict:
        """facts.to_dict() as it may leave the machine (`--json`): every string redacted like the text; `facts`
        stays raw for the log store and the subagent, which never send it. Made on demand: 0.07 s of CPU at 1 MB."""
        from terminus_edge.redact import redact
        from terminus_edge.redact.tree import redact_tree

        return redact_tree(self.facts.to_dict(), self.redactor or (lambda text: redact(text, command=self.command)))


def _redactor(source: str, command: str):
    """The redactor for text derived from `source` (the output of `command`): secrets found anywhere in the
    output stay masked even where the summary or the model quotes them without the key that gave them away,
    and a command that prints a secret (`gh auth token`) has its bare output masked."""
    from terminus_edge.redact import learn_secrets, redact

    known = learn_secrets(source, command=command) if source else None
    return lambda text: redact(text, known=known, command=command)


def facts_text(facts: Facts, limit: int = 30, clip_at: int | None = None) -> str:
    from terminus_edge.summarize.compose import counts_phrase, status_phrase

    lines = [status_phrase(facts)]
    counts = counts_phrase(facts)
    if counts:
        lines.append(counts)
    lines += [text for _, text in fact_items(facts)[:limit]]
    if clip_at:
        lines = [line if len(line) <= clip_at else line[: clip_at - 1] + "…" for line in lines]
    return "\n".join(f"- {line}" for line in lines)


def _windowed_note(view: OutputView) -> str:
    from terminus_edge.summarize.facts.common import plural

    errors, warnings = view.trigger_lines.get("error", 0), view.trigger_lines.get("warning", 0)
    lines, of_those = f"{view.n_lines} lines", ""
    if view.added_line_feeds:  # the counts below are of the lines a one-line JSON document was broken into
        lines = (f"{plural(view.n_lines - view.added_line_feeds, 'line')} as printed, {view.n_lines} once one-line JSON was broken "
                 "at its commas")
        of_those = " of those"
    # The error- and warning-like line counts are over the whole output (window.py counts every line as it streams).
    return (f"large output ({lines}, {view.n_bytes} bytes; {errors} error-like and {warnings} warning-like lines in all): "
            f"facts come from its head, its tail and windows around such lines; {view.omitted_lines}{of_those} lines not read")


def summarize(
    command: str,
    raw: bytes | Iterable[bytes],
    exit_code: int | None,
    *,
    log_id: str | None = None,
    model: ChatModel | None = None,
    budget_tokens: int = 200,
    timed_out: bool = False,
    waiting_for_input: bool = False,
    duration_s: float | None = None,
    deadline_s: float = 20.0,
    excerpt_tokens: int = EXCERPT_TOKENS,
) -> Summary:
    """Summarize one command's output. `raw` is the output's bytes, or an iterator of byte chunks (streamed
    in one pass: memory stays bounded however large the output is)."""
    started = time.perf_counter()
    view = read_output(raw, keep_full=lambda head: needs_full_text(command, head))
    # A wrapper's prefix on every line (a CI log's columns, `ts`, compose services) goes before anything reads the lines.
    # The parsers read the lines without any; the lines shown keep the names of the processes that printed them.
    shown = view.text if view.binary else strip_line_prefixes(view.text, NOISE_KINDS)
    text = "" if view.binary else strip_line_prefixes(shown)
    full_text = strip_line_prefixes(view.full_text) if view.full_text is not None else None
    facts = extract_facts(command, text, exit_code, timed_out=timed_out, waiting_for_input=waiting_for_input, full_text=full_text,
                          prefixed=shown,
                          partial=not view.complete, located=view.located)
    if view.binary:  # the parsers read no text of it: what they say ("nothing matched") is about nothing
        facts = Facts(exit_code=facts.exit_code, timed_out=facts.timed_out, waiting_for_input=facts.waiting_for_input)
    facts.binary, facts.n_bytes, facts.n_lines = view.binary, view.n_bytes, view.n_lines
    facts.full_screen = view.full_screen
    if view.binary and ", probably " in view.text:
        facts.highlights.append("probably " + view.text.split(", probably ", 1)[1])
    gist, note, said, detail = None, None, None, None  # note: for logs and the TUI; said: what the summary says
    # A few lines of output are shown whole; a model sentence about them would only cost time.
    worth_a_gist = view.tokens_raw > SHORT_OUTPUT_TOKENS
    if model is not None and worth_a_gist and not view.binary and text.strip():
        known = facts_text(facts, limit=3, clip_at=160)
        try:
            excerpt = ""
            if known.count("\n") + 1 <= SPARSE_FACT_LINES:
                # Counted in the model's own tokens when it has a tokenizer: code and paths cost a BPE model more
                # tokens per word than prose, and the prompt, not the output, is what must stay bounded.
                measure = getattr(model, "count_text_tokens", None) or count_tokens
                excerpt = select_excerpt(text, min(excerpt_tokens, 1500), known=known, measure=measure)
            reply = ask_gist(model, command, known, excerpt, deadline_s=deadline_s)
            # Every fact stays in reach of the gist's words (it may say what it was not shown, if the facts say it), the
            # rest of the output does not: a small model's words from there tell a story, not what happened.
            all_facts = facts_text(facts)
            checked = guard(reply, text, facts, all_facts, [t for k, t in fact_items(facts) if k == "error"], command=command,
                            shown=f"{all_facts}\n{excerpt}")
            gist = checked.text or None
            if checked.removed:
                detail = {"fact_guard": {"removed_sentences": len(checked.removed), "reasons": list(checked.reasons)}}
            if checked.removed and gist is None:  # said in the summary, in few words: short outputs stay short
                note = said = LEFT_OUT_NOTE
            elif checked.removed:
                note = (f"{len(checked.removed)} of the local model's sentences left out: they could not be checked "
                        "against the output")
        except UnusableGist:
            note = said = INCOMPLETE_NOTE
        except GistError as error:
            note = said = f"model unavailable: {error}; deterministic summary"
    if not view.complete:  # for the reader, after the gist: the model has no use for it, and it costs prompt tokens
        facts.highlights.append(_windowed_note(view))
    body = compose_body(facts, shown, gist, budget_tokens)
    if said:
        separator = "\n" if "\n" in body else " "  # after quoted output lines: not read as part of the last one
        body = f"{body}{separator}({said})"
    redact = _redactor(text, command)
    body = redact(body)
    if detail is not None:  # a reason quotes the model's words, which may quote the output
        detail["fact_guard"]["reasons"] = [redact(reason) for reason in detail["fact_guard"]["reasons"]]
    text = redact(compose_block(command, body, log_id))
    return Summary(
        command=command,
        text=text,
        body=body,
        facts=facts,
        model_used=gist is not None,
        model_note=note,
        tokens_raw=view.tokens_raw,
        tokens_summary=count_tokens(text),
        latency_ms=(time.perf_counter() - started) * 1000,
        model_detail=detail,
        redactor=redact,
    )
