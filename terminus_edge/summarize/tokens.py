"""One token count for budgets and benchmarks: words and single punctuation marks (the corpus's measure)."""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    return len(TOKEN_RE.findall(text))
