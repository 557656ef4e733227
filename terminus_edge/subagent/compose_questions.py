"""Questions about a Docker Compose file that its text answers without Docker: "which host ports does
docker-compose.yml publish, and for which services?". One read-only command (Python with PyYAML over the file) that
lists each service's published ports (short and long syntax, host address kept) and the ports it only exposes to the
other services; the answer sentence is read off its output.

    compose_ports_plan(query, cwd) -> [PlannedCommand]
    compose_ports_report(records) -> str
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_COMPOSE = re.compile(r"(?:^|/)(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$", re.I)
_PORTS = re.compile(r"\b(?:ports?|publish(?:es|ed)?|expose[sd]?|listen(?:s|ing)?)\b", re.I)
_DEFAULT_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
# prints "SERVICE: publishes HOST -> CONTAINER, …" or "SERVICE: publishes no port", plus "(exposes …)" when it does
PORTS = (
    "import sys, yaml\nservices = (yaml.safe_load(open(sys.argv[1], encoding=\"utf-8\")) or {}).get(\"services\") or {}\n"
    "def short(p):\n    parts = str(p).split(\":\")\n    if len(parts) == 1: return \"(random host port) -> \" + parts[0]\n"
    "    return \":\".join(parts[:-1]) + \" -> \" + parts[-1]\n"
    "def long(p):\n    host = str(p[\"host_ip\"]) + \":\" if p.get(\"host_ip\") else \"\"\n"
    "    return host + str(p.get(\"published\", \"(random host port)\")) + \" -> \" + str(p.get(\"target\"))\n"
    "for name, s in services.items():\n    s = s or {}\n"
    "    published = [long(p) if isinstance(p, dict) else short(p) for p in s.get(\"ports\") or []]\n"
    "    exposed = [str(p) for p in s.get(\"expose\") or []]\n"
    "    said = \"publishes \" + \", \".join(published) if published else \"publishes no port\"\n"
    "    if exposed: said += \" (exposes \" + \", \".join(exposed) + \" to the other services only)\"\n"
    "    print(f\"{name}: {said}\")\n")
_MARK = "publishes no port"


def compose_ports_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _PORTS.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if _COMPOSE.search(p) and is_file(cwd / p)]
    if not files and re.search(r"\b(?:docker[- ])?compose\b", query, re.I):
        files = [n for n in _DEFAULT_NAMES if is_file(cwd / n)][:1]
    if not files:
        return []
    return [planned(python_script(PORTS, files[0]), "info",
                    f"list the ports each service of {files[0]} publishes on the host and the ones it only exposes")]


def compose_ports_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.exit_code == 0 and _MARK in r.command), None)
    rows = re.findall(r"^([\w.-]+): (publishes .*)$", record.output, re.M) if record else []
    return ("Ports by service: " + "; ".join(f"{name} {what}" for name, what in rows[:20]) + ".") if rows else ""
