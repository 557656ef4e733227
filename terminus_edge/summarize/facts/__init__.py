"""Fact extraction: one parser module per tool family, chosen by `registry.extract_facts`."""

from __future__ import annotations

from terminus_edge.summarize.facts.registry import extract_facts
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure, TracebackInfo

__all__ = ["Diagnostic", "Facts", "TestFailure", "TracebackInfo", "extract_facts"]
