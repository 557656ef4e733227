"""onnxruntime's C/C++ API headers, which the kernel library is compiled against (never committed here).

Looked for in this order: $TERMINUS_EDGE_ORT_INCLUDE, /usr/include/onnxruntime (Debian/Ubuntu's libonnxruntime-dev),
a copy unpacked earlier into the cache, and else Debian's libonnxruntime-dev package itself, downloaded once from
deb.debian.org (checked against its sha256) and unpacked with the standard library. A custom-op library only needs
the headers: it gets the API at run time from the onnxruntime that loads it, so its version may be older than the
installed onnxruntime (the C API only grows).
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import urllib.request
from pathlib import Path

# Debian 13 (trixie), onnxruntime 1.21: C API version 21 (KernelContext_ParallelFor needs 17).
DEB_URL = "http://deb.debian.org/debian/pool/main/o/onnxruntime/libonnxruntime-dev_1.21.0+dfsg-1_amd64.deb"
DEB_SHA256 = "14f7d959d5deacbcf1504830d4189f91fc67382b399ed9ae9d3aa9c4050ced08"
NEEDED = "onnxruntime_cxx_api.h"


class HeadersError(RuntimeError):
    """The headers are neither installed nor downloadable; the message says how to provide them."""


def _has_headers(folder: Path) -> bool:
    return (folder / NEEDED).is_file()


def find_headers(cache: Path, download: bool = True) -> Path:
    """The folder that holds onnxruntime_cxx_api.h; downloads Debian's package into `cache` if allowed."""
    given = os.environ.get("TERMINUS_EDGE_ORT_INCLUDE")
    if given:
        if _has_headers(Path(given)):
            return Path(given)
        raise HeadersError(f"TERMINUS_EDGE_ORT_INCLUDE={given} has no {NEEDED}")
    for folder in (Path("/usr/include/onnxruntime"), cache / "include"):
        if _has_headers(folder):
            return folder
    if not download:
        raise HeadersError("onnxruntime's headers are not here: install libonnxruntime-dev or set TERMINUS_EDGE_ORT_INCLUDE")
    return unpack(fetch_deb(), cache / "include")


def fetch_deb(url: str = DEB_URL, sha256: str = DEB_SHA256, timeout: float = 60) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
    except OSError as error:
        raise HeadersError(f"cannot download onnxruntime's headers from {url}: {getattr(error, 'reason', error)}; "
                           "install libonnxruntime-dev or set TERMINUS_EDGE_ORT_INCLUDE") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise HeadersError(f"{url} does not have the expected sha256 {sha256}")
    return data


def _ar_members(data: bytes):
    """(name, bytes) of a Unix ar archive (a .deb is one)."""
    if not data.startswith(b"!<arch>\n"):
        raise HeadersError("the downloaded package is not a Debian archive")
    at = 8
    while at + 60 <= len(data):
        header = data[at:at + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        yield name, data[at + 60:at + 60 + size]
        at += 60 + size + (size & 1)


def unpack(deb: bytes, dest: Path) -> Path:
    """Write the package's usr/include/onnxruntime/ headers into `dest` (atomically: a partial copy is never used)."""
    for name, member in _ar_members(deb):
        if name.startswith("data.tar"):
            tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
            tmp.mkdir(parents=True, exist_ok=True)
            with tarfile.open(fileobj=io.BytesIO(member)) as tar:  # xz/gz/bz2 by magic
                for entry in tar.getmembers():
                    path = Path(entry.name)
                    parts = path.parts[path.parts.index("onnxruntime") + 1:] if "onnxruntime" in path.parts else ()
                    if entry.isfile() and "include" in path.parts and parts and entry.name.endswith(".h"):
                        target = tmp.joinpath(*parts)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(tar.extractfile(entry).read())
            if not _has_headers(tmp):
                raise HeadersError("the downloaded package has no onnxruntime headers")
            if dest.exists():  # another process unpacked it meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.replace(dest)
            return dest
    raise HeadersError("the downloaded package has no data archive")
