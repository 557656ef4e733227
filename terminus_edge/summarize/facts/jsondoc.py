"""An output that is one JSON document (an API's answer, `kubectl -o json`, `jq .`): its shape in a line, since a
summary can show only the first few hundred characters of it. `{"count":140,"items":[…]}` becomes
`JSON object: count=140, page=1; items: 140 objects (id, sku, name, price, stock)`."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts import jsonreport, jsontests
from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Facts

NAME = "json-document"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone
OUTPUT_RE = re.compile(r"\A\s*[\[{]")
MIN_CHARS = 400  # a shorter document is shown whole: no need to describe it
MAX_CHARS = 5_000_000
SCALARS_SHOWN = 8
KEYS_SHOWN = 8


def _scalar(value: object) -> str:
    return clip(json.dumps(value, ensure_ascii=False), 40)


def _array(values: list) -> str:
    if not values:
        return "empty array"
    if all(isinstance(v, dict) for v in values):
        keys = list(dict.fromkeys(k for v in values[:200] for k in v))
        more = f", +{len(keys) - KEYS_SHOWN} more" if len(keys) > KEYS_SHOWN else ""
        return f"{plural(len(values), 'object')} ({', '.join(keys[:KEYS_SHOWN])}{more})"
    kinds = sorted({type(v).__name__ for v in values})
    return f"{plural(len(values), 'item')} ({'/'.join(kinds)})"


def describe(document: object) -> str | None:
    if isinstance(document, list):
        return f"JSON array: {_array(document)}"
    if not isinstance(document, dict):
        return None
    scalars = [f"{k}={_scalar(v)}" for k, v in document.items() if not isinstance(v, (dict, list))]
    nested = []
    for key, value in document.items():
        if isinstance(value, list):
            nested.append(f"{key}: {_array(value)}")
        elif isinstance(value, dict):
            nested.append(f"{key}: object ({', '.join(list(value)[:KEYS_SHOWN])}{', …' if len(value) > KEYS_SHOWN else ''})")
    more = f" (+{len(scalars) - SCALARS_SHOWN} more)" if len(scalars) > SCALARS_SHOWN else ""
    parts = [", ".join(scalars[:SCALARS_SHOWN]) + more] if scalars else []
    return f"JSON object with {plural(len(document), 'key')}: " + "; ".join(parts + nested[:6])


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    stripped = text.strip()
    if not MIN_CHARS <= len(stripped) <= MAX_CHARS or not stripped.endswith(("}", "]")):
        return facts
    try:
        document = json.loads(stripped)
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested deeper than the decoder goes
        return facts
    if jsonreport.OUTPUT_RE.search(stripped[:200]) and jsonreport.parse(stripped).diagnostics:
        return facts  # a linter's report: its findings are said, not its shape
    if jsontests.OUTPUT_RE.search(stripped[:200]) and jsontests.parse(stripped).counts:
        return facts  # a test runner's report: its counts and failures are said
    described = describe(document)
    if described:
        facts.highlights.append(clip(described, 320))
    return facts
