"""Where a command's output waits for the summary: memory first, then a private temp file.

A temp folder that is full or cannot be written must not cost the command or its summary (before, a full
/tmp ended `run` with an OSError traceback and killed the command): the output then stays in memory."""

from __future__ import annotations

import io
import tempfile


class Spool:
    """A write-then-read byte store: in memory up to `max_size`, then in an unlinked temp file."""

    def __init__(self, max_size: int):
        self.max_size, self.size, self.on_disk = max_size, 0, False
        self._file = io.BytesIO()

    def write(self, data: bytes) -> None:
        if not self.on_disk and self.size + len(data) > self.max_size:
            self._to_disk()
        if self.on_disk:
            try:
                _write_all(self._file, data)
                self.size += len(data)
                return
            except OSError:  # the disk filled up: what reached the file is kept, the rest goes to memory
                self._back_to_memory()
                written = self._file.tell() - self.size
                data, self.size = data[written:], self.size + written
        self._file.write(data)
        self.size += len(data)

    def _to_disk(self) -> None:
        try:
            disk = tempfile.TemporaryFile(buffering=0)  # unbuffered: a failed write leaves nothing unaccounted
        except OSError:
            self.max_size = float("inf")  # no temp file at all: memory, without trying again on every write
            return
        try:
            _write_all(disk, self._file.getvalue())
        except OSError:
            disk.close()
            self.max_size = float("inf")
            return
        self._file, self.on_disk = disk, True

    def _back_to_memory(self) -> None:
        self._file.seek(0)
        memory = io.BytesIO(self._file.read())
        self._file.close()
        self._file, self.on_disk, self.max_size = memory, False, float("inf")
        self._file.seek(0, io.SEEK_END)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def close(self) -> None:
        self._file.close()


def _write_all(handle, data) -> None:
    view = memoryview(data)
    while view:
        view = view[handle.write(view):]
