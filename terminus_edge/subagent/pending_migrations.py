"""The pending migrations a read-only migration listing names, as one answer sentence.

    pending_migrations(output) -> [str] | None    names listed as not applied; [] when the listing says none are;
                                                  None when the output is no listing this reads
    pending_report(records) -> str                "2 pending migrations (not applied), as `python3 manage.py
                                                  showmigrations` lists them: shop.0002_price, shop.0003_order."

Formats, told by their own marks, not by the tool: a `[ ]` box under an app name (Django's showmigrations), a status
word in the first or last column (rails and sequelize's `down`, a script's `PENDING`), the names under a heading
that says they are pending or planned (Django's `migrate --plan`, knex's `migrate:list`, prisma's `migrate status`),
alembic's history lines (`abc -> def (head), message`) less the one marked (current).
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord

_BOX = re.compile(r"^[ \t]*\[([ Xx])\][ \t]+(\S+)")
_APP = re.compile(r"^([A-Za-z_]\w*)[ \t]*$")
_PENDING_WORD = r"(?:pending|unapplied|not[ \t]+applied|down)"
_FIRST = re.compile(rf"^[ \t]*\(?{_PENDING_WORD}\)?[ \t:]+(\S.*)", re.I)
_LAST = re.compile(rf"^[ \t]*(\S+)[ \t]+\(?{_PENDING_WORD}\)?[ \t]*$", re.I)
_ALEMBIC = re.compile(r"^\S+ -> (\w+)((?: \([a-z]+\))*),[ \t]*(\S.*)$")
_HEADING = re.compile(r"planned operations|pending migration|not yet been applied|migrations? to apply|^[ \t]*pending:",
                      re.I)
_NAME = re.compile(r"^[ \t]{0,2}([\w][\w.:/-]*)[ \t]*$")
_NONE = re.compile(r"no planned migration operations|no pending migrations?|database schema is up to date|"
                   r"no migrations to apply|nothing to migrate|already up[ -]to[ -]date", re.I)
MAX_SHOWN = 12


def pending_migrations(output: str) -> list[str] | None:
    lines = output.splitlines()
    found: list[str] = []
    app, listing, heading = "", False, False
    for line in lines:
        if not line.strip():
            heading = False
            continue
        box = _BOX.match(line)
        if box:
            listing = True
            if box.group(1) == " ":
                found.append(f"{app}.{box.group(2)}" if app else box.group(2))
            continue
        alembic = _ALEMBIC.match(line)
        if alembic:
            listing = True
            if "(current)" not in alembic.group(2):
                found.append(f"{alembic.group(1)} ({alembic.group(3).strip()})")
            continue
        if _HEADING.search(line):
            listing = heading = True
            continue
        named = _NAME.match(line)
        if heading and named:
            found.append(named.group(1))
            continue
        status = _FIRST.match(line) or _LAST.match(line)
        if status:
            listing = True
            found.append(" ".join(status.group(1).split()))
            continue
        heading = heading and line[:1] in " \t"  # an operation under a planned migration keeps the list going
        app_line = _APP.match(line)
        app = app_line.group(1) if app_line else app
    found = list(dict.fromkeys(found))
    if found:
        return found
    return [] if listing or _NONE.search(output) else None


def pending_report(records: list[CommandRecord]) -> str:
    """What the first migration listing that ran cleanly says is pending, or "" when none did."""
    for record in records:
        if record.refused or record.exit_code != 0 or record.kind not in ("info", "preview"):
            continue
        if not re.search(r"migrat|alembic", record.command, re.I):
            continue
        names = pending_migrations(record.output or "")
        if names is None:
            continue
        if not names:
            return f"No pending migrations: `{record.command}` lists none as not applied."
        more = len(names) - MAX_SHOWN
        shown = ", ".join(names[:MAX_SHOWN]) + (f", … ({more} more)" if more > 0 else "")
        plural = "s" * (len(names) != 1)
        return f"{len(names)} pending migration{plural} (not applied), as `{record.command}` lists them: {shown}."
    return ""
