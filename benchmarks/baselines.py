"""Naive summaries to compare against: the first and last lines, or just the tail."""

from __future__ import annotations


def head_tail(output: str, head: int = 15, tail: int = 15) -> str:
    lines = output.splitlines()
    if len(lines) <= head + tail:
        return "\n".join(lines)
    return "\n".join(lines[:head] + [f"… {len(lines) - head - tail} lines …"] + lines[-tail:])


def tail40(output: str) -> str:
    return "\n".join(output.splitlines()[-40:])


BASELINES = {"head-tail": head_tail, "tail40": tail40}
