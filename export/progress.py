"""Per-stage progress on stderr: one line when a stage starts, one when it ends (with its duration)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator


def say(message: str) -> None:
    print(f"[export] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    say(f"{name} ...")
    start = time.perf_counter()
    yield
    say(f"{name}: done in {time.perf_counter() - start:.1f}s")


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Third-party exporters print freely; send it to stderr so our stdout stays machine-readable.

    onnxruntime's quantizer logs every node at INFO (it calls logging.basicConfig(level=INFO) on import).
    """
    import logging

    quantizer_log = logging.getLogger("onnxruntime.quantization")
    level = quantizer_log.level
    quantizer_log.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        quantizer_log.setLevel(level)
