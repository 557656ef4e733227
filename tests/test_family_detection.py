"""A large output's families are found on its distinct, number-uniform lines (registry.detection_text): the same
families as a search of the text itself, on every real output we have and on generated logs of any size."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminus_edge.summarize.facts.registry import DETECTION_DEDUPE_AT, FAMILIES, detection_text
from terminus_edge.summarize.normalize import clean_text
from test_summarize_scale import LOGS

REAL = Path(__file__).parent / "data" / "real"


def signatures(text: str) -> list[str]:
    return [family.NAME for family in FAMILIES if family.OUTPUT_RE.search(text)]


def outputs_under(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("output.txt"))


def assert_detected_the_same(outputs: list[Path]) -> None:
    for path in outputs:
        text = clean_text(path.read_text(errors="replace"))
        # Repeated enough to pass the size where the dedupe starts, with numbers that differ on every copy; copies
        # apart by blank lines, so that no signature spanning lines matches across two copies (`just` ends with its
        # `error: recipe … failed` and starts with a ruff snippet's place: one copy's end and the next one's start).
        big = "\n\n\n\n".join(text.replace("1", str(i % 10)) for i in range(DETECTION_DEDUPE_AT // max(len(text), 1) + 2))
        assert signatures(detection_text(big)) == signatures(big), path


def test_every_real_output_in_the_repository_is_detected_the_same():
    outputs = outputs_under(REAL)
    assert len(outputs) >= 900
    assert_detected_the_same(outputs)


def test_every_shared_output_is_detected_the_same(shared_dir):
    outputs = outputs_under(shared_dir / "corpus" / "dev", shared_dir / "tasks" / "dev")
    assert len(outputs) >= 25
    assert_detected_the_same(outputs)


@pytest.mark.parametrize("command", sorted(LOGS))
def test_generated_logs_are_detected_the_same_and_shrink(command):
    raw, _ = LOGS[command](300_000)
    text = clean_text(raw.decode())
    probe = detection_text(text)
    assert signatures(probe) == signatures(text)
    if len(text) >= DETECTION_DEDUPE_AT:
        assert len(probe) < len(text) / 3


def test_numbers_glued_to_letters_are_kept():
    line = "collect2: error: ld returned 1 exit status"
    probe = detection_text((line + "\n") * 2000 + "x" * DETECTION_DEDUPE_AT)
    assert "collect2: error: ld returned 1 exit status" in probe and probe.count("collect2") == 1


def test_hex_addresses_keep_their_0x():
    line = "Thread 0x00007fdfb1dff6c0 (most recent call first):"
    probe = detection_text((line + "\n") * 2 + "x" * DETECTION_DEDUPE_AT)
    assert line in probe
