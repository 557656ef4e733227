"""Why an offline `make run` could not install from a wheelhouse: said in one or two lines after pip's own error.

The Makefile runs `python -m terminus_edge.wheelhouse_check` from the repository when `pip install` fails. pip
answers a wheelhouse made with another Python by "No matching distribution found for numpy (from versions:
none)" although numpy's wheel lies right there (pip skips wheels whose tags do not fit, silently); this names the
cause. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# name-version(-build)?-python-abi-platform.whl (PEP 427)
WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-[^-]+(?:-\d[^-]*)?-(?P<python>[^-]+)-(?P<abi>[^-]+)-(?P<platform>[^-]+)\.whl$")


def wheelhouse_dirs(environ=os.environ) -> list[Path]:
    """The local folders pip was told to find wheels in (PIP_FIND_LINKS: whitespace-separated paths or file: URLs)."""
    dirs = []
    for entry in (environ.get("PIP_FIND_LINKS") or "").split():
        path = Path(entry.removeprefix("file://"))
        if "://" not in entry or entry.startswith("file://"):
            if path.is_dir():
                dirs.append(path)
    return dirs


def other_python_wheels(folder: Path, version=sys.version_info[:2]) -> dict[str, str]:
    """{package: its CPython tag} of the compiled wheels in folder that this interpreter cannot install."""
    own = f"cp{version[0]}{version[1]}"
    found = {}
    for wheel in sorted(folder.glob("*.whl")):
        match = WHEEL_NAME.match(wheel.name)
        if not match:
            continue
        tags = match["python"].split(".")
        cpython = [t for t in tags if re.fullmatch(r"cp\d+", t)]
        if not cpython or own in tags:
            continue
        if match["abi"] == "abi3" and any(_as_version(t) <= version for t in cpython):
            continue  # a stable-ABI wheel fits every later CPython
        found[match["name"].lower()] = cpython[0]
    return found


def _as_version(tag: str) -> tuple[int, int]:
    digits = tag.removeprefix("cp")
    return int(digits[0]), int(digits[1:] or 0)


def diagnosis(environ=os.environ, version=sys.version_info[:2]) -> list[str]:
    """Lines to print after pip failed; none where no wheelhouse was in use (pip's own message then suffices)."""
    here = f"Python {version[0]}.{version[1]}"
    lines = []
    for folder in wheelhouse_dirs(environ):
        other = other_python_wheels(folder, version)
        if other:
            tags = sorted(set(other.values()))
            names = ", ".join(sorted(other)[:4]) + (", …" if len(other) > 4 else "")
            lines.append(f"the wheelhouse {folder} was made for another Python: {len(other)} wheels are "
                         f"{'/'.join(tags)} ({names}), this is {here} (cp{version[0]}{version[1]}); make it with "
                         f"this Python's pip download, or run make with PYTHON=python3.X of the wheelhouse's version")
    if not lines and environ.get("PIP_NO_INDEX") and wheelhouse_dirs(environ):
        where = " ".join(str(d) for d in wheelhouse_dirs(environ))
        lines.append(f"offline install failed: the wheelhouse ({where}) lacks the package pip named above; on the "
                     f"connected machine add it with `pip download -d wheels NAME` ({here}, same OS) and copy it over")
    return lines


if __name__ == "__main__":
    for line in diagnosis():
        print(line, file=sys.stderr)
