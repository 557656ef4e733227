"""Faithful summaries of command output: normalize → facts → bounded model gist → fact guard → compose → redact.

Public API:
    summarize(command, raw, exit_code, *, log_id=None, model=None, budget_tokens=200, ...) -> Summary
"""

from __future__ import annotations

from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure, TracebackInfo
from terminus_edge.summarize.pipeline import Summary, summarize

__all__ = ["Diagnostic", "Facts", "Summary", "TestFailure", "TracebackInfo", "summarize"]
