"""A container given this machine's files or powers, asked when nobody is watching: whatever runs inside can then
change them (`docker run -v /:/host alpine rm -rf /host/etc`), and what runs there is not this policy's to read.

check_containers(name, words, segment, ctx) runs on every simple command unattended. `docker|podman|nerdctl run` or
`create` (and `container run|create`) ask for a bind mount of a path outside the working tree and the writable
directories that is not read-only (`-v /etc:/etc`, `--volume=$HOME:/h`, `--mount type=bind,source=/,target=/h`), of
the container engine's socket (read-only or not: it starts containers of its own), for `--privileged`, and for
sharing the host's process, network-admin or user namespaces (`--pid=host`, `--cap-add=SYS_ADMIN|ALL`,
`--userns=host`). Named volumes, the working tree (`-v "$PWD":/app`) and read-only mounts stay allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

_ENGINES = {"docker", "podman", "nerdctl"}
_SOCKETS = ("docker.sock", "podman.sock", "containerd.sock")
_POWERS = {"--privileged": "runs a privileged container", "--pid=host": "shares the host's processes",
           "--userns=host": "shares the host's users", "--cap-add=SYS_ADMIN": "gives the container SYS_ADMIN",
           "--cap-add=ALL": "gives the container every capability"}
_SHORT_VALUES = "aceEhlmpuvw"
_FLAGS = {"--rm", "--privileged", "--detach", "--interactive", "--tty", "--init", "--read-only", "--no-healthcheck",
          "--oom-kill-disable", "--publish-all", "--quiet", "--help", "--sig-proxy", "--disable-content-trust"}


def check_containers(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    if name not in _ENGINES:
        return
    args = words[1:]
    start = 2 if args[:1] == ["container"] else 1
    if len(args) < start or args[start - 1] not in ("run", "create"):
        return
    reasons = []
    for option, value in _options(args[start:]):
        if option in ("-v", "--volume"):
            source, _, rest = value.partition(":")
            reasons.append(_mount(source, "ro" in rest.split(":")[-1].split(","), ctx))
        elif option == "--mount":
            fields = dict(part.partition("=")[::2] for part in value.split(","))
            if fields.get("type", "volume") == "bind":
                source = fields.get("source") or fields.get("src") or ""
                reasons.append(_mount(source, "readonly" in fields or fields.get("ro") in ("", "true", "1"), ctx))
        elif f"{option}={value}" in _POWERS or option in _POWERS:
            reasons.append(_POWERS.get(option) or _POWERS[f"{option}={value}"])
    reasons = list(dict.fromkeys(r for r in reasons if r))
    if reasons:  # one reason per command, however many mounts it names
        ctx.ask(f"`{segment}` {'; '.join(reasons[:3])}{f' and {len(reasons) - 3} more' if len(reasons) > 3 else ''}")


def _options(args: list[str]):
    """(option, value) pairs before the image: `-v A:B`, `-vA:B`, `--volume=A:B`, `--mount …`, `--privileged`. A
    long option with no `=` takes the next word unless it is one of the flags; short bundles (`-it`, `-dp 80:80`) take
    one when their last letter takes a value."""
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] != "--":
        word = args[at]
        key, eq, value = word.partition("=")
        takes = not eq and (key not in _FLAGS if key.startswith("--") else key[-1] in _SHORT_VALUES)
        if takes:
            value = args[at + 1] if at + 1 < len(args) else ""
        elif not key.startswith("--") and len(key) > 2:  # -vA:B, -p80:80, -it
            letter = next((c for c in key[1:] if c in _SHORT_VALUES), "")
            key, value = (f"-{letter}", key[key.index(letter) + 1:]) if letter else (key, "")
        yield ("-v" if key.startswith("-") and not key.startswith("--") and key.endswith("v") else key), value
        at += 2 if takes else 1


def _mount(source: str, read_only: bool, ctx: "Context") -> str | None:
    """Why a bind mount of source asks, or None (a named volume, read-only, inside the tree)."""
    if not source.startswith(("/", "~", "$", ".")):
        return None  # a named volume: the engine's own storage
    if source.endswith(_SOCKETS):
        return f"gives the container the container engine's socket ({source}): it can start anything"
    if read_only:
        return None
    path = ctx.resolve(source)
    if path is None:
        return f"mounts {source!r}, which cannot be checked, into the container"
    if not any(path == root or root in path.parents for root in ctx.writable):
        return f"lets the container write {path}, outside the working tree"
    return None
