"""Whether a systemd unit file is valid: "is deploy/report.service a valid unit file? what is wrong with it?" ->
`systemd-analyze verify PATH` (when systemd-analyze is installed; it loads the unit, starts nothing).

    unit_verify_plan(query, cwd) -> [PlannedCommand]
    unit_files_reports(records) -> [str]
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_UNIT = re.compile(r"\.(?:service|timer|socket|mount|automount|path|target|slice|scope|swap|device)$")
_CHECK = re.compile(r"\b(?:valid|invalid|wrong|verify|check|errors?|problems?|broken|ok|correct|load)\b", re.I)
VERIFY = "systemd-analyze verify "


def unit_verify_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _CHECK.search(query) or not shutil.which("systemd-analyze"):
        return []
    units = [p for p in named_paths(query, cwd) if _UNIT.search(p) and is_file(cwd / p)]
    if not units:
        return []
    return [planned(VERIFY + " ".join(shlex.quote(u) for u in units[:4]), "check",
                    "load the unit files as systemd would and report their errors (nothing is started)")]


def unit_files_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if record.refused or record.exit_code is None:
            continue
        if record.command.startswith(VERIFY):
            lines = [line.strip() for line in record.output.splitlines() if line.strip()]
            if record.exit_code == 0 and not lines:
                out.append("systemd-analyze verify found no problem in the unit.")
            elif lines:
                verdict = "not valid" if record.exit_code != 0 or re.search(r"fatal|bad unit file", record.output, re.I) \
                    else "loads, with warnings"
                out.append(f"The unit is {verdict} (systemd-analyze verify, exit code {record.exit_code}): "
                           + " | ".join(lines[:6]) + ".")
    return out
