"""Third-party output of an export (the onnxruntime-genai builder's prints, tqdm bars, transformers and onnx_ir
warnings, onnxruntime's C++ log) goes to a log file instead of the terminal; our stage lines still reach the
terminal (export/progress.py). The log's path is said when the export fails, or always with verbose.

The capture is at the file-descriptor level: onnxruntime logs from C++ straight to fd 2, and transformers' log
handler holds the sys.stderr object of its import time, so swapping sys.stdout/sys.stderr alone misses them.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from terminus_edge.export.progress import ACTIVE_DISPLAY, Display, say


def log_path_for(bundle_name: str) -> Path:
    """<cache>/logs/export-<bundle name>.log (each export of that bundle overwrites it)."""
    from terminus_edge.paths import cache_dir

    return cache_dir() / "logs" / f"export-{bundle_name}.log"


def _terminal_stream(stream):
    """A stream on the command's own stderr that stays there while fds 1/2 point at the log; (stream, opened)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return stream, False  # not a file descriptor (click's CliRunner): Python-level writes only
    return open(os.dup(fd), "w", buffering=1, encoding="utf-8", errors="replace"), True


def _pump(read_fd: int, log, echo) -> None:
    with open(read_fd, "rb", buffering=0) as source:
        while chunk := source.read(1 << 16):
            log.write(chunk)
            log.flush()
            if echo is not None:
                echo.buffer.write(chunk) if hasattr(echo, "buffer") else echo.write(chunk.decode(errors="replace"))
                echo.flush()


@contextlib.contextmanager
def captured_output(log_path: Path, *, verbose: bool = False) -> Iterator[Path]:
    """Run the block with fds 1/2 (and sys.stdout/sys.stderr) going to log_path; stage lines to the terminal.

    verbose: the third-party output is shown too (and logged), without the spinner, and the log's path is said
    at the end. On failure the path is said when the log holds anything. An empty log is removed."""
    log_path = Path(log_path)
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(log_path, "wb")
    except OSError as error:  # a read-only cache must not stop the export: the output is shown instead
        say(f"note: cannot write the export log {log_path} ({error.strerror or error}): the exporters' output is shown")
        yield log_path
        return
    terminal, opened = _terminal_stream(sys.stderr)
    display = Display(terminal, live=not verbose and terminal.isatty())
    read_fd, write_fd = os.pipe() if verbose else (None, os.dup(log.fileno()))
    pump = None
    if verbose:
        pump = threading.Thread(target=_pump, args=(read_fd, log, terminal), daemon=True)
        pump.start()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved_fds = [os.dup(1), os.dup(2)]
    saved_streams = sys.stdout, sys.stderr
    os.dup2(write_fd, 1)
    os.dup2(write_fd, 2)
    capture = open(os.dup(write_fd), "w", buffering=1, encoding="utf-8", errors="replace")
    sys.stdout = sys.stderr = capture
    token = ACTIVE_DISPLAY.set(display)
    progress = None
    failed = False
    try:
        if display.live:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            progress = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn(),
                                console=Console(file=terminal, stderr=False), transient=True,
                                redirect_stdout=False, redirect_stderr=False)  # sys.stdout/err are the log's
            progress.start()
            display.progress = progress
        yield log_path
    except BaseException:
        failed = True
        raise
    finally:
        if progress is not None:
            progress.stop()
            display.progress = None
        capture.close()
        sys.stdout, sys.stderr = saved_streams
        os.dup2(saved_fds[0], 1)
        os.dup2(saved_fds[1], 2)
        for fd in (*saved_fds, write_fd):
            os.close(fd)
        if pump is not None:
            pump.join(timeout=10)  # EOF once every write end is closed (a lingering child process may hold one)
        log.close()
        if log_path.stat().st_size == 0:
            log_path.unlink()
        elif failed or verbose:
            say(f"third-party output of this run: {log_path}")
        ACTIVE_DISPLAY.reset(token)
        if opened:
            terminal.close()
