"""`run` and `summarize` with bytes that are not UTF-8 in the command line or the working folder: bash gets
the exact bytes, the store and the summary show them as \\xNN. Before: a UnicodeEncodeError traceback
('surrogates not allowed') from SQLite after the command had run, and exit 1 instead of the command's code.
Also: NaN seconds, and a temp folder too full to hold the output waiting for the summary."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from terminus_edge.logstore import LogStore

TE = [sys.executable, "-m", "terminus_edge"]


def _te(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*TE, *args], capture_output=True, timeout=120, **kwargs)


def test_a_non_utf8_argument_reaches_the_command_exactly(tmp_path):
    out = tmp_path / "arg.bin"
    proc = _te("run", "--no-model", "--", "sh", "-c", f'printf %s "$1" > {out}; exit 3', "sh", b"caf\xe9-\xff")
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr and proc.returncode == 3, stderr
    assert out.read_bytes() == b"caf\xe9-\xff"  # the exact bytes, not the escaped text
    assert b"Command: sh -c" in proc.stdout and b"caf\\xe9-\\xff" in proc.stdout and b"exit code 3" in proc.stdout
    with LogStore() as store:
        assert store.get(1).command.endswith("'caf\\xe9-\\xff'")


def test_a_non_utf8_shell_line_and_folder(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"dir-\xff")
    os.mkdir(folder)
    proc = _te("run", "--no-model", "--", b"printf 'x\\n'; echo \xe9 > /dev/null; exit 4", cwd=folder)
    assert proc.returncode == 4 and b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert proc.stdout.startswith(b"Command: printf 'x\\n'; echo \\xe9 > /dev/null; exit 4")
    with LogStore() as store:
        record = store.get(1)
        assert record.cwd.endswith("dir-\\xff") and store.read_raw(1) == b"x\n"


def test_summarize_with_a_non_utf8_command_label():
    proc = _te("summarize", "--no-model", "--command", b"make \xff", input=b"error: it broke\n")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert proc.stdout.startswith(b"Command: make \\xff") and b"it broke" in proc.stdout


def test_nan_seconds_are_refused():
    """Before: `--timeout nan` was taken and meant no timeout at all (every comparison with NaN is false)."""
    from click.testing import CliRunner

    from terminus_edge.cli import main

    for option in ("--timeout", "--model-deadline"):
        result = CliRunner().invoke(main, ["run", "--no-model", option, "nan", "--", "true"])
        assert result.exit_code == 2 and "'nan' is not a number of seconds" in result.output
    ok = CliRunner().invoke(main, ["run", "--no-model", "--timeout", "2.5", "--", "true"])
    assert ok.exit_code == 0


class _FillingDisk:
    """An unbuffered temp file on a disk with `room` bytes left: short writes, then ENOSPC."""

    def __init__(self, room: int):
        import io

        self.room, self._data = room, io.BytesIO()

    def write(self, data) -> int:
        if self.room == 0:
            raise OSError(28, "No space left on device")
        piece = bytes(data[: min(len(data), self.room, 3000)])  # short writes, as a nearly full disk gives
        self.room -= len(piece)
        return self._data.write(piece)

    def seek(self, *args):
        return self._data.seek(*args)

    def read(self, *args):
        return self._data.read(*args)

    def tell(self):
        return self._data.tell()

    def close(self):
        pass


@pytest.mark.parametrize("room", [0, 5000, 12_345])
def test_a_spool_on_a_full_temp_folder_keeps_every_byte(monkeypatch, room):
    """Before: a full temp folder ended `run` with an OSError traceback from SpooledTemporaryFile's rollover,
    the command killed and its summary lost."""
    import tempfile

    from terminus_edge.spool import Spool

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kwargs: _FillingDisk(room))
    spool = Spool(max_size=4000)
    expected = b""
    for i in range(200):
        piece = bytes([65 + i % 26]) * (i * 7 % 900 + 1)
        spool.write(piece)
        expected += piece
    spool.seek(0)
    assert spool.read() == expected and spool.size == len(expected) and not spool.on_disk


def test_a_spool_without_any_temp_file(monkeypatch):
    import tempfile

    from terminus_edge.spool import Spool

    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    spool = Spool(max_size=10)
    spool.write(b"a" * 8)
    spool.write(b"b" * 8)
    spool.seek(8)
    assert spool.read(4) == b"bbbb"


def test_run_with_a_full_temp_folder_keeps_exit_code_and_summary(monkeypatch):
    import tempfile

    from click.testing import CliRunner

    from terminus_edge import capture
    from terminus_edge.cli import main

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kwargs: _FillingDisk(1 << 20))
    real = capture.run_command
    monkeypatch.setattr(capture, "run_command", lambda *a, **k: real(*a, **{**k, "memory_cap": 1 << 20}))
    result = CliRunner().invoke(main, ["run", "--no-model", "--", "seq 1 500000; echo 'error: the end'; exit 3"])
    assert result.exit_code == 3 and isinstance(result.exception, SystemExit), result.output
    assert "error: the end" in result.output and "Traceback" not in result.output
