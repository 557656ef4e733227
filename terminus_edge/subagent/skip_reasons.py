"""Why tests are skipped: "which tests are skipped, and why?". pytest's -v lines cut a long reason ("(kelvin support
not writt...)"); its short summary (`-rsx`) gives every skip and expected failure whole, with file:line.

    asks_skip_reasons(query) -> bool
    reasons_command(command) -> str            `python3 -m pytest -v` -> `python3 -m pytest -v -rsx`

run_details.skipped_tests pairs each -v line with its whole reason.
"""

from __future__ import annotations

import re

_ASKS = re.compile(r"\b(?:skip(?:s|ped|ping)?|xfail(?:s|ed)?|expected\s+(?:to\s+)?fail(?:ures?)?)\b", re.I)


def asks_skip_reasons(query: str) -> bool:
    return bool(_ASKS.search(query))


def reasons_command(command: str) -> str:
    if re.search(r"\bpytest\b", command) and not re.search(r"(?<!\S)-r\w", command):
        return f"{command} -rsx"
    return command
