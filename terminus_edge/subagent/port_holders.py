"""Which process holds a TCP port: after a run that failed with "Address already in use", or when the request asks.

    port_plan(query, cwd) -> [PlannedCommand]          "which process is listening on port 8080?", "is port 8772
                                                       free?" (only the listing: the program is not started to see)
    port_followup(cwd, record) -> PlannedCommand | None  the run failed with EADDRINUSE: the port from its output
                                                       (Node's ":::3000", "port 5000") or from the program's source
    port_report(records) -> str   "Port 8765 is held by pid 7014: python3 tools/stale_worker.py 8765 600."
The listing is `ss -ltnpH` (iproute2), each pid's command line by `ps`; read-only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_IN_USE = re.compile(r"Address already in use|EADDRINUSE|address is already in use|port is already allocated|"
                     r"Only one usage of each socket address", re.I)
_PORT_IN_OUTPUT = re.compile(r"(?:\bport\s+|:)(\d{2,5})\b(?![.\d])", re.I)
_PORT_IN_SOURCE = re.compile(r"\b(?:PORT|port)\b\s*(?:=|:|,)\s*(?:int\()?\s*(?:os\.environ\.get\([^)]*?,\s*)?['\"]?(\d{2,5})\b")
_TRACE_FILE = re.compile(r"File \"([^\"]+)\", line \d+|\(([^():\s]+\.(?:js|ts|mjs|cjs)):\d+:\d+\)|at ([^\s():]+\.(?:go|rb|py)):\d+")
_ASKS_PORT = re.compile(r"\b(?:which|what)\s+(?:process|program|service|app)\b[^.?!\n]{0,60}\bport\b|\bport\b[^.?!\n]{0,60}"
                        r"\b(?:in\s+use|taken|held|holding|listening|bound|occupied|busy|free|available|used)\b|\b(?:holding|listening\s+on|using|"
                        r"bound\s+to|occupying)\s+(?:its\s+|the\s+|my\s+)?port\b", re.I)
_LISTING = "ss -ltnpH"


def _holder_command(port: int | None) -> str:
    where = f" 'sport = :{port}'" if port else ""
    return (f"{_LISTING}{where}; for pid in $({_LISTING}{where} | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -un); "
            "do ps -o pid=,args= -p \"$pid\"; done")


def _planned_holder(port: int | None) -> PlannedCommand:
    what = f"port {port}" if port else "each listening TCP port"
    return planned(_holder_command(port), "info", f"show which process listens on {what}, with its pid and command line")


def port_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS_PORT.search(query) or not shutil.which("ss"):
        return []
    explicit = re.search(r"\bport\s+(\d{2,5})\b|:(\d{2,5})\b", query)
    if not explicit:
        return []  # the port is the program's: its run says which (port_followup)
    return [_planned_holder(int(explicit.group(1) or explicit.group(2)))]


def port_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    if not record.failed or not _IN_USE.search(record.output) or not shutil.which("ss"):
        return None
    line = next((text for text in record.output.splitlines() if _IN_USE.search(text)), "")
    port = _PORT_IN_OUTPUT.search(line)
    number = int(port.group(1)) if port else _port_from_source(cwd, record.output)
    return _planned_holder(number)


def _port_from_source(cwd: Path, output: str) -> int | None:
    """The one port number the program's own files (those its traceback names inside the project) assign."""
    root = cwd.resolve()
    ports = set()
    for match in _TRACE_FILE.finditer(output):
        path = Path(next(g for g in match.groups() if g))
        path = path if path.is_absolute() else cwd / path
        try:
            inside = path.resolve().is_relative_to(root)
        except (OSError, ValueError):
            continue
        if inside and is_file(path):
            try:
                ports.update(_PORT_IN_SOURCE.findall(path.read_text(encoding="utf-8", errors="replace")[:200_000]))
            except OSError:
                continue
    return int(ports.pop()) if len(ports) == 1 else None


_SOCKET = re.compile(r"^\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s+\S+\s+users:\(\((.*)\)\)\s*$", re.M)
_USER = re.compile(r"\"([^\"]+)\",pid=(\d+)")
_PS = re.compile(r"^[ \t]*+(\d+)[ \t]++(.+)$", re.M)


def port_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith(_LISTING)), None)
    if record is None or record.exit_code is None:
        return ""
    asked = re.search(r"'sport = :(\d+)'", record.command)
    args = dict(_PS.findall(record.output))
    sockets = _SOCKET.findall(record.output)
    if not sockets:
        return (f"Nothing listens on TCP port {asked.group(1)} now (ss lists no socket)." if asked else "")
    said = []
    for address, port, users in sockets[:8]:
        holders = [f"pid {pid}: {args.get(pid, name)}" for name, pid in _USER.findall(users)]
        said.append(f"Port {port} ({address}) is held by " + ("; ".join(holders) if holders else "a process ss cannot "
                                                                                              "name (another user's)") + ".")
    return " ".join(said)
