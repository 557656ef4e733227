"""A command that stopped at an interactive prompt (it waits for input that never comes)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "prompt"
PROMPT_RE = re.compile(
    r"\[(?:y/n|yes/no)\]|\((?:y/n|yes/no)\)|\by/n\b|password\s*(?:for \S+)?\s*:|passphrase|"
    r"\bcontinue\?|\bproceed\?|\bare you sure\b|press (?:any key|enter|return)|\benter\b.{0,40}:\s*$|\?\s*$|:\s*$|>\s*$",
    re.I,
)
STRONG_PROMPT_RE = re.compile(
    r"\[(?:y/n|yes/no)\]|\((?:y/n|yes/no)\)|password\s*(?:for \S+)?\s*:|passphrase|press (?:any key|enter|return)"
    # `package name: (init)`: a question with its default in parentheses (npm init, yeoman, many setup scripts)
    r"|^[\w .'/-]{1,40}: \([^()\n]{0,60}\)$"
    # coreutils' -i questions: `rm: remove regular file 'a'?`, `cp: overwrite 'b'?`
    r"|^(?:rm|cp|mv|ln|install): (?:remove|overwrite|replace|descend into) .+\?$"
    # a confirmation or an entry request left as the last line: `Continue?`, `Do you want to overwrite it?`,
    # `Enter install dir:` (a script's `echo -n ...; read x` ends like this when stdin is closed)
    r"|^(?:do you (?:want|wish) to |are you sure\b|(?:continue|proceed|overwrite|replace)\b).{0,80}\?$"
    r"|^(?:please )?(?:enter|type|choose|select)\b.{0,60}:$",
    re.I,
)


def parse(text: str, *, timed_out: bool) -> Facts:
    """Killed while its last line was a prompt, or died reading a closed stdin: it waited for input."""
    facts = Facts()
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return facts
    last = lines[-1].strip()
    if (timed_out and PROMPT_RE.search(last)) or STRONG_PROMPT_RE.search(last):
        facts.waiting_for_input = True
        facts.input_prompt = clip(last, 160)
    elif re.search(r"^EOFError: EOF when reading a line|^Error: (?:EOF|stdin is not a tty)", text, re.M):
        # `input("Name: ")` prints its prompt without a newline, so the traceback header follows it on the same line.
        before = [l.split("Traceback (most recent call last):")[0] for l in lines if "Traceback (most recent call last):" in l]
        candidates = [b for b in before if b.strip()] or [
            l for l in lines if not l.startswith((" ", "\t")) and not l.startswith("Traceback") and "EOF" not in l]
        prompt_line = next((l for l in reversed(candidates) if PROMPT_RE.search(l.rstrip() + " ")), None) or (candidates[-1] if before and candidates else None)
        facts.waiting_for_input = True
        facts.input_prompt = clip(prompt_line.strip(), 160) if prompt_line else None
    return facts
