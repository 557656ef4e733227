"""Where a name is defined and used: "where is apply_tax defined, and where is it called from?", "who calls
parse_args?", "find all usages of `RetryPolicy`". One read-only search a user can re-run (`grep -rnw` over the project,
dependency and build folders skipped); the answer sorts its lines into definitions, imports, uses and mentions in
documents by what each line says (a word only inside a string literal or a comment is not a use).

    symbol_plan(query, cwd) -> [PlannedCommand]
    symbol_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_NAME = (r"(?:(?:the\s+)?(?:function|method|class|variable|constant|symbol|type|struct|macro|field|attribute)\s+)?"
         r"`?([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)`?(?:\(\))?")
_ASKS = re.compile(rf"\bwhere\s+(?:is|are|was|'s|do\s+we|does\s+\w+)\s+{_NAME}\s+(?:defined|declared|implemented|created|"
                   rf"called|used|referenced|imported|invoked)\b|\b(?:who|what|which\s+\w+)\s+calls?\s+{_NAME}|"
                   rf"\b(?:find|list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:usages?|callers?|references?|call\s+sites?|"
                   rf"uses|definitions?)\s+of\s+{_NAME}", re.I)
_NOT_A_NAME = {"it", "this", "that", "these", "those", "they", "he", "she", "something", "everything", "anything", "the",
               "a", "an", "my", "our", "your"}
SKIPPED = ("--exclude-dir=.git", "--exclude-dir=node_modules", "--exclude-dir=.venv", "--exclude-dir=venv",
           "--exclude-dir=__pycache__", "--exclude-dir=build", "--exclude-dir=dist", "--exclude-dir=target")
MAX_LINES = 200


def symbol_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _ASKS.search(query)
    name = next((g for g in match.groups() if g), None) if match else None
    if not name or name.lower() in _NOT_A_NAME:
        return []
    name = name.rsplit(".", 1)[-1]  # Cart.checkout: the method's own name is what the code spells
    command = f"grep -rnwI {' '.join(SKIPPED)} -e {shlex.quote(name)} . | head -n {MAX_LINES}"
    return [planned(command, "search", f"find every line that names {name}: where it is defined, imported and used")]


_HIT = re.compile(r"^(?:\./)?([^:\n]+):(\d+):(.*)$", re.M)
_DOCS = (".md", ".rst", ".txt", ".adoc", ".html")
_STRING = re.compile(r"\x22(?:[^\x22\\\n]|\\.)*\x22|\x27(?:[^\x27\\\n]|\\.)*\x27")
_COMMENT = re.compile(r"(?<![\w\x22\x27:])(?:#|//).*")


def symbol_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith("grep -rnwI ") and " -e " in r.command),
                  None)
    if record is None or record.exit_code is None:
        return ""
    try:
        name = shell_words.split(record.command.split(" -e ", 1)[1].split(" . | head", 1)[0])[0]
    except (ValueError, IndexError):
        return ""
    hits = _HIT.findall(record.output)
    if not hits:
        return f"No file of the project names {name} (grep -rnw, dependency and build folders skipped)."
    word = re.escape(name)
    defined = re.compile(rf"\b(?:def|class|function|func|fn|sub|interface|type|struct|enum|trait|module)\s+(?:\([^)]*\)\s*)?"
                         rf"{word}\b|^\s*(?:export\s+)?(?:const|let|var|val)?\s*{word}\s*(?::[^=\n]*)?=(?!=)")
    imported = re.compile(r"^\s*(?:from\s+\S+\s+)?import\b|\brequire\(|^\s*(?:use|using|include)\s|^\s*#\s*include\b")
    groups: dict[str, list[str]] = {"defined": [], "imported": [], "used": [], "text": [], "docs": []}
    for path, line, text in hits:
        place = f"{path}:{line}"
        code = _COMMENT.sub("", _STRING.sub('""', text))
        kind = "docs" if path.endswith(_DOCS) else "defined" if defined.search(text) else \
            "imported" if imported.search(text) else "used" if re.search(rf"\b{word}\b", code) else "text"
        groups[kind].append(place if kind != "defined" else f"{place} ({text.strip()[:80]})")
    said = [f"{name} is defined at " + "; ".join(groups["defined"][:6]) if groups["defined"] else
            f"No line defines {name} in the project (only uses found)"]
    for kind, label in (("used", "Used at"), ("imported", "Imported at"), ("text", "Only inside a string or comment at"),
                        ("docs", "Mentioned in")):
        if groups[kind]:
            said.append(f"{label} " + ", ".join(groups[kind][:15]) + (f" (+{len(groups[kind]) - 15} more)"
                                                                      if len(groups[kind]) > 15 else ""))
    return ". ".join(said) + "."
