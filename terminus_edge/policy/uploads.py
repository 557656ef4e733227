"""Local files sent to another machine, asked when nobody is watching (a model could send `.env` or a key anywhere).

check_uploads(name, words, segment, ctx) runs on every simple command unattended (wrappers and launchers looked
through). Sending: curl's request body or form read from a file (`-d @F`, `--data-binary @F`, `--json @F`,
`--data-urlencode name@F`, `-F field=@F` / `field=<F`, `-T F`), wget's `--post-file` / `--body-file`, a copy whose
destination is another host (scp/rsync `host:path`, `rsync://`, rclone `remote:`, `aws s3 cp|sync|mv … s3://`,
gsutil/gcloud storage `gs://`), and netcat/socat/telnet fed a file or another command's output. Inline data the line
shows (`-d '{"a":1}'`, `echo ping | nc host 7`) and downloads stay allowed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from terminus_edge.policy.outputs import _GETOPT, _getopt

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

# curl options whose value names a file to send, and how: `@F` (the body), `name@F` (urlencoded), `field=@F` or
# `field=<F` (a form part), `F` itself (-T)
_CURL = ((r"@(.+)", "d", ("--data", "--data-binary", "--data-ascii", "--json")),
         (r"[^=@]*@(.+)", "", ("--data-urlencode",)),
         (r"[^=]*=[@<]([^;]+)", "F", ("--form",)),
         (r"(.+)", "T", ("--upload-file",)))
_REMOTE = re.compile(r"^(?:[\w.+-]+@)?[\w.-]+:(?!//)|^(?:rsync|s3|gs|sftp|scp)://")  # host:path, user@host:path
_CLOUD_VALUE_OPTS = {"--profile", "--region", "--endpoint-url", "--output", "--query", "--color", "--ca-bundle",
                     "--cli-read-timeout", "--cli-connect-timeout", "--project", "--account", "--configuration",
                     "--storage-class", "--acl", "--sse", "--exclude", "--include", "--content-type", "-o", "-h", "-p"}
_NETCAT = {"nc", "ncat", "netcat", "socat", "telnet"}
_COPIERS = {"scp": {"-P", "-i", "-o", "-F", "-J", "-l", "-c", "-S"}, "sftp": set(),
            "rsync": {"-e", "--rsh", "-f", "--filter", "--exclude", "--include", "-B", "-T", "-M", "--chmod",
                      "--exclude-from", "--include-from", "--files-from", "--password-file", "--port"}}


def check_uploads(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    args = words[1:]
    sent = []
    if name == "curl":
        sent = [m.group(1) for pattern, letters, longs in _CURL
                for m in (re.fullmatch(pattern, v) for v in _getopt(args, letters, _GETOPT["curl"][1], longs)) if m]
        sent = [ctx.stdin or "stdin" if f == "-" else f for f in sent if f != "-" or ctx.stdin]
    elif name == "wget":
        sent = [a.split("=", 1)[1] for a in args if a.startswith(("--post-file=", "--body-file="))]
        sent += [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--post-file", "--body-file")]
    elif name in _COPIERS:
        operands = _operands(args, _COPIERS[name])
        if len(operands) >= 2 and _REMOTE.match(operands[-1]) and not all(_REMOTE.match(o) for o in operands[:-1]):
            sent = [o for o in operands[:-1] if not _REMOTE.match(o)]
    elif name == "rclone" and args[:1] and args[0] in ("copy", "sync", "move", "copyto", "moveto"):
        operands = [a for a in args[1:] if not a.startswith("-")]
        if len(operands) >= 2 and ":" in operands[1] and ":" not in operands[0]:
            sent = operands[:1]
    elif name in ("aws", "gsutil", "gcloud"):
        operands = _operands(args, _CLOUD_VALUE_OPTS)
        if operands[:2] in (["s3", "cp"], ["s3", "sync"], ["s3", "mv"]) or operands[:1] in (["cp"], ["rsync"], ["mv"]) \
                or operands[:2] in (["storage", "cp"], ["storage", "rsync"], ["storage", "mv"]):
            copied = operands[2:] if operands[0] in ("s3", "storage") else operands[1:]
            if len(copied) >= 2 and re.match(r"^(?:s3|gs)://", copied[-1]) and not re.match(r"^(?:s3|gs)://", copied[0]):
                sent = copied[:-1]
    elif name in _NETCAT and ctx.stdin:
        sent = [ctx.stdin]
    if sent:  # one reason per command: a line sending thousands of files is not thousands of copies of itself
        named = [w if w.startswith("the ") else f"the local file {w}" for w in dict.fromkeys(sent)]
        more = f" and {len(named) - 3} more" if len(named) > 3 else ""
        ctx.ask(f"`{segment}` sends {', '.join(named[:3])}{more} to another machine")


def _operands(args: list[str], value_opts: set[str]) -> list[str]:
    out, at = [], 0
    while at < len(args):
        a = args[at]
        if a.startswith("-") and a != "-":
            at += 2 if a in value_opts else 1
            continue
        out.append(a)
        at += 1
    return out
