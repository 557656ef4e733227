"""Every string in a JSON-like value (dicts, lists, strings, numbers) passed through a redactor: for structured
answers (`--json` facts) whose strings quote the output, so no field but the summary can carry a secret out."""

from __future__ import annotations

from collections.abc import Callable


def redact_tree(value, redact: Callable[[str], str]):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_tree(item, redact) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(item, redact) for item in value]
    return value
