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


def real_outputs(shared_dir: Path | None) -> list[Path]:
    folders = [REAL] + ([shared_dir / "corpus" / "dev", shared_dir / "tasks" / "dev"] if shared_dir else [])
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("output.txt"))


def test_every_real_output_is_detected_the_same(shared_dir):
    outputs = real_outputs(shared_dir)
    assert len(outputs) >= 70
    for path in outputs:
        text = clean_text(path.read_text(errors="replace"))
        # Repeated enough to pass the size where the dedupe starts, with numbers that differ on every copy.
        big = "\n".join(text.replace("1", str(i % 10)) for i in range(DETECTION_DEDUPE_AT // max(len(text), 1) + 2))
        assert signatures(detection_text(big)) == signatures(big), path


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
