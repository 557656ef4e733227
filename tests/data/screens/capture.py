"""How the fixtures here were captured: run a command on a real pty of a fixed size (80x24, TERM=xterm-256color),
type the given keys after a delay, stop it (SIGTERM to its group) after `--seconds`, and save every byte it wrote.

    python tests/data/screens/capture.py --seconds 3 --keys q --delay 1.5 -o less-quit.raw -- less pyproject.toml
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time


def capture(argv: list[str], seconds: float, keys: bytes, delay: float, rows: int = 24, cols: int = 80) -> bytes:
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out, start, typed = bytearray(), time.monotonic(), not keys
    while time.monotonic() - start < seconds:
        if not typed and time.monotonic() - start >= delay:
            os.write(fd, keys)
            typed = True
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    return bytes(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--keys", default="")
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("argv", nargs="+")
    args = parser.parse_args()
    keys = args.keys.encode().decode("unicode_escape").encode()
    with open(args.output, "wb") as f:
        f.write(capture(args.argv, args.seconds, keys, args.delay))
