"""A request to delete named files or folders of the project: show what is there, then the delete itself, which the
unattended policy decides (a recursive or forced delete needs a person's approval, so it is refused and the answer
says so and names the command). Never a stand-in that deletes more (`make clean`, a clean script) or that slips
past the policy (`find … -delete`), and never a build or test run the request did not ask for.

    delete_plan(query, cwd) -> ([PlannedCommand], rest, first)   ([], query, False) when the request asks for no
        delete; rest is the request without its deletes (it may ask more); first: the request starts with the delete
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import PlannedCommand

# An instruction at the start of a clause ("Delete the build/ directory", "please remove out/"), not a question about
# one ("what would clean.sh delete?") and not a prohibition ("don't delete data/"). Clauses are split first: a search
# for a clause start before each verb re-read every blank run.
_CLAUSE_END = re.compile(r"[;!?\n]|\.(?!\S)|(?:,|(?<![ \t,]))[ \t]++(?:and[ \t]++)?then[ \t]++")
_DELETE = re.compile(r"(?<![ \t])[ \t]*+(?:(?:please|pls|can\s+you|could\s+you|go\s+ahead\s+and|just|now)[ \t,]++)?"
                     r"(?:delete|remove|rm|wipe|get\s+rid\s+of|clear\s+out|clean\s+up|clean\s+out|clean|nuke)\s++(?P<object>.{1,120})", re.I)
MAX_TARGETS = 3
MAX_QUERY = 10_000


def delete_plan(query: str, cwd: Path) -> tuple[list[PlannedCommand], str, bool]:
    targets: list[str] = []
    rest: list[str] = []
    first, at = False, 0
    for end in [m for m in _CLAUSE_END.finditer(query[:MAX_QUERY])] + [None]:
        clause = query[at:end.start() if end else len(query)]
        match = _DELETE.match(clause)
        found, leftover = _targets(match.group("object"), cwd) if match else ([], "")
        if found and not targets:
            first = not "".join(rest).strip()  # nothing asked before this delete
        targets += [t for t in found if t not in targets]
        rest.append((leftover if found else clause) + (end.group(0) if end else ""))
        at = end.end() if end else len(query)
    if not targets:
        return [], query, False
    targets = targets[:MAX_TARGETS]
    quoted = " ".join(shlex.quote(t) for t in targets)
    folders = any((cwd / t).is_dir() for t in targets)
    listing = PlannedCommand(command=f"ls -la {quoted}", kind="info", explanation=describe(f"ls -la {quoted}").explanation,
                             goal="show what the delete would remove", timeout_s=30.0)
    # a delete cannot be undone: its form is one the unattended policy leaves to a person (recursive, or forced for
    # a file), so with nobody to ask it is refused and the answer names it; with an approver the person decides
    delete = f"rm -r {quoted}" if folders else f"rm -f {quoted}"
    return [listing, PlannedCommand(command=delete, kind="run", origin="request", explanation=describe(delete).explanation
                                    + " The request asks for this delete.", goal="delete what the request names, nothing else",
                                    timeout_s=30.0)], "".join(rest).strip(), first


_ITEM_SPLIT = re.compile(r"(?<!\s)(\s*,\s*|\s+and\s+|\s+&\s+)")  # a separator starts after a non-blank: linear
_INSTRUCTION = re.compile(r"(?:then\s+)?(?:re-?run|run|build|rebuild|test|make|check|compile|lint|execute|start)\b", re.I)
_ITEM = re.compile(r"(?:the\s+|all\s+of\s+|everything\s+in\s+|my\s+)?(?P<path>(?:\./)?[\w][\w.-]*(?:/[\w.-]+)*/?)"
                   r"(?:\s+(?:directory|folder|dir|file|tree|outputs?|artifacts|files))?(?:\s+(?:again|too|now|please|for\s+me|entirely))?\s*", re.I)


def _targets(phrase: str, cwd: Path) -> tuple[list[str], str]:
    """(existing paths inside the project that the delete phrase is a list of, the rest of the phrase): "the build/
    directory", "out/ and dist/", "the build folder". It stops at the first item that is no path ("it's full of
    stale objects", "re-run the migrations", which the planner then reads): a phrase that only mentions a path
    ("the TODO comments from src/x.py") names nothing to delete."""
    root = cwd.resolve()
    found: list[str] = []
    pieces = _ITEM_SPLIT.split(phrase.strip())
    items, joints = pieces[::2], pieces[1::2]

    def rest(i: int) -> str:
        """What follows the paths: kept when it is one more instruction ("… and re-run make", ", run the tests"),
        dropped when it only describes them (", it's full of stale objects")."""
        text = "".join(items[i] + (joints[i] if i < len(joints) else "") for i in range(i, len(items))).strip()
        joined_by_and = i > 0 and joints[i - 1].strip() in ("and", "&")
        return text if joined_by_and or _INSTRUCTION.match(text) else ""

    for i, item in enumerate(items[:MAX_TARGETS * 2]):
        match = _ITEM.fullmatch(item)
        if not match:
            return found, rest(i)
        text = match.group("path").rstrip(".").removeprefix("./")
        path = cwd / text
        try:
            inside = bool(text) and ".." not in text.split("/") and not text.startswith("/") and path.exists() and \
                not path.is_symlink() and path.resolve() != root and path.resolve().is_relative_to(root)
        except (OSError, ValueError):
            inside = False
        if not inside:
            return found, rest(i)
        found.append(text.rstrip("/"))
    return found, ""
