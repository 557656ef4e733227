"""Run a build tool's own plan and the policy's reading side by side, for benchmarks/gradle_graph_check.py and
benchmarks/maven_plan_check.py: each command in a scratch copy of its project, as a row with what the tool runs
(`real`), what it runs that the reader does not walk (`missed`) and the reverse (`extra`), or the tool's `error`."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from terminus_edge import shell_words


def compare(cases: dict[str, list[str]], data: Path, real: Callable[[Path, list[str]], set[str] | str],
            decided: Callable[[Path, list[str]], set[str]], out: Path | None) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for case, commands in cases.items():
            folder = Path(scratch) / case
            shutil.copytree(data / case, folder)
            for command in commands:
                words = shell_words.split(command)
                found, walked = real(folder, words), decided(folder, words)
                row = {"case": case, "command": command}
                row.update({"error": found} if isinstance(found, str) else
                           {"real": sorted(found), "missed": sorted(found - walked), "extra": sorted(walked - found)})
                rows.append(row)
                print(json.dumps(row))
    print(f"{len(rows)} commands: {sum(bool(r.get('missed')) for r in rows)} with steps the reader misses, "
          f"{sum(bool(r.get('extra')) for r in rows)} with steps it walks that the tool does not run, "
          f"{sum('error' in r for r in rows)} errors from the tool")
    if out:
        out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows
