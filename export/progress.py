"""Export progress on stderr: one line per stage, written when it ends, with its time.

Inside `export.output_log.captured_output` (what the CLI commands use) the lines go to the terminal the command
started on, past the capture of third-party output, and a terminal also gets a transient rich spinner with the
running stage and its elapsed time; elsewhere (library calls, tests) they are plain lines on sys.stderr.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TextIO

STAGE_WIDTH = 17  # the longest stage key ("carry GGUF blocks"): the times line up in a column
# A finished stage's line: key, seconds (benchmarks/export_memory.py attributes memory samples with it).
STAGE_LINE = re.compile(r"^\[export\] ([A-Za-z][\w ]*?) +(?:failed after )?(\d+\.\d)s(?:  |$)")


@dataclass
class Display:
    """Where progress goes while third-party output is captured (set by export.output_log)."""
    stream: TextIO
    live: bool = False  # a terminal: show a spinner for the running stage
    progress: object = field(default=None, repr=False)  # rich.progress.Progress while live


# The one display of the running command (a context variable, not a module global: set and reset by
# captured_output around the command, so library calls outside it print plainly).
ACTIVE_DISPLAY: ContextVar[Display | None] = ContextVar("terminus_edge_export_display", default=None)


def _write(line: str) -> None:
    display = ACTIVE_DISPLAY.get()
    if display is None:
        print(line, file=sys.stderr, flush=True)
    elif display.progress is not None:
        display.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        print(line, file=display.stream, flush=True)


def say(message: str) -> None:
    _write(f"[export] {message}")


@dataclass
class Stage:
    key: str  # what is done: download, dequantize, build graph, carry GGUF blocks, validate, write, ...
    detail: str = ""  # on what / with what, shown after the time (may be updated with the result)
    step: str = ""  # "layer 3/30": shown on the spinner only

    def update(self, step: str) -> None:
        self.step = step
        display = ACTIVE_DISPLAY.get()
        if display is not None and display.progress is not None:
            task = display.progress.tasks[-1].id
            display.progress.update(task, description=self._running())

    def _running(self) -> str:
        return f"[export] {self.key} {self.detail}{f' ({self.step})' if self.step else ''}"


@contextlib.contextmanager
def stage(key: str, detail: str = "") -> Iterator[Stage]:
    """Time a stage; one line at its end: `[export] key  12.3s  detail` (or `failed after 12.3s`)."""
    current = Stage(key, detail)
    display = ACTIVE_DISPLAY.get()
    task = None
    if display is not None and display.progress is not None:
        task = display.progress.add_task(current._running(), total=None)
    start = time.perf_counter()
    try:
        yield current
    except BaseException:
        _end(display, task)
        _write(f"[export] {key:<{STAGE_WIDTH}} failed after {time.perf_counter() - start:.1f}s  {current.detail}".rstrip())
        raise
    _end(display, task)
    _write(f"[export] {key:<{STAGE_WIDTH}} {time.perf_counter() - start:6.1f}s  {current.detail}".rstrip())


def _end(display: Display | None, task) -> None:
    if task is not None:
        display.progress.remove_task(task)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Third-party exporters print freely; send it to stderr so our stdout stays machine-readable (inside
    captured_output both go to the log file).

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
