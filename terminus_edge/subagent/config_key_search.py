"""Where one config key is set across a project's config files, and to what: "which config files set max_connections,
and to what value in each?". One read-only search a user can re-run (`grep -rniIw` over INI, TOML, YAML, JSON, .env,
.properties and .conf files, dependency folders skipped; case-insensitive, so MAX_CONNECTIONS in a .env counts), the
answer one place per line. A key that names a secret, or any line of a .env file, is shown without its value.

    config_key_plan(query, cwd) -> [PlannedCommand]
    config_key_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.symbol_questions import SKIPPED

_KEY = r"`?(?<![\w.-])([A-Za-z_][\w-]*[_.-][\w.-]*\w|[A-Za-z_]\w*(?=`))`?"
_ASKS = re.compile(rf"\b(?:which|what|where)\b[^.?!\n]{{0,40}}?\b(?:config(?:uration)?|settings?)\s+files?\b[^.?!\n]{{0,30}}?"
                   rf"\b(?:sets?|set|define[sd]?|contains?|has|have|mentions?)\s+(?:the\s+)?(?:key\s+|option\s+|setting\s+)?{_KEY}|"
                   rf"\bwhere\s+(?:is|are)\s+(?:the\s+)?(?:config\s+|configuration\s+)?(?:key|option|setting)\s+{_KEY}\s+"
                   rf"(?:set|configured|defined)\b", re.I)
CONFIG_GLOBS = ("*.ini", "*.cfg", "*.conf", "*.toml", "*.yaml", "*.yml", "*.json", ".env", ".env.*", "*.env", "*.properties")
_SECRET = re.compile(r"secret|passw|token|credential|private|api.?key|dsn|(?:^|[._])key$", re.I)
MAX_LINES = 100


def config_key_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _ASKS.search(query)
    key = next((g for g in match.groups() if g), None) if match else None
    if not key or re.search(r"\.(?:ini|cfg|conf|toml|ya?ml|json|env|properties|py|js)$", key, re.I):
        return []
    includes = " ".join(f"--include={shlex.quote(g)}" for g in CONFIG_GLOBS)
    return [planned(f"grep -rniIw {includes} {' '.join(SKIPPED)} -e {shlex.quote(key)} . | head -n {MAX_LINES}", "search",
                    f"find every config file line that names {key}, with its value")]


_HIT = re.compile(r"^(?:\./)?([^:\n]+):(\d+):(.*)$", re.M)


def config_key_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith("grep -rniIw --include=")), None)
    if record is None or record.exit_code is None:
        return ""
    key = record.command.split(" -e ", 1)[1].split(" . | head", 1)[0].strip("'")
    hits = _HIT.findall(record.output)
    if not hits:
        return f"No config file names {key} (INI, TOML, YAML, JSON, .env, .properties, .conf searched)."
    places = []
    for path, line, text in hits[:20]:
        hidden = path.rsplit("/", 1)[-1].startswith(".env") or path.endswith(".env") or _SECRET.search(key)
        shown = re.split(r"[=:]", text, maxsplit=1)[0].strip() + " = (value not shown)" if hidden else text.strip()[:100]
        places.append(f"{path}:{line} ({shown})")
    more = f" (+{len(hits) - 20} more)" if len(hits) > 20 else ""
    return f"{key} is named in {len({h[0] for h in hits})} config file(s): " + "; ".join(places) + more + "."
