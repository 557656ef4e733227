"""Test doubles shared by the TUI's remote-agent tests (tests/test_tui_remote.py, tests/test_tui_approval.py)."""

from __future__ import annotations

import asyncio
import functools


class ScriptedClient:
    """Stands in for the OpenAI-compatible endpoint: replies from a list, records what it was sent."""

    model = "remote-model"

    def __init__(self, replies: list[dict]) -> None:
        self.replies = replies
        self.sent: list[list[dict]] = []

    def complete(self, messages, tools):
        self.sent.append([dict(m) for m in messages])
        return self.replies.pop(0), {}

    def close(self) -> None:
        pass


def sync(test):
    """Run an async pilot test with asyncio.run (no pytest-asyncio needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper
