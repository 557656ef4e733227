"""Shared helpers of the session-6 held-out redaction set: seeded random fakes and the case writer
(<id>/{command.txt,output.txt,meta.json}, the layout of ../../../../shared/redaction/dev)."""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

R = random.Random(6_2026_11_26)
ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
HERE = Path(__file__).parent


def rnd(n: int, chars: str = ALNUM) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def hexs(n: int) -> str:
    return rnd(n, "0123456789abcdef")


def b64u(n: int) -> str:
    return rnd(n, ALNUM + "-_")


def uuid() -> str:
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def write_case(cid: str, command: str, output: str, secrets: list[str], keep: list[str], group: str,
               literal: bool = True) -> None:
    """keep: strings that must survive (regexes when literal=False). Checks every secret is in the output (and a
    a short one only as a whole word: the scorer's leak test for it is a plain substring test), every keep regex matches the
    output and none matches inside a secret, and the command line holds no secret."""
    rxs = [re.escape(k) if literal else k for k in keep]
    for s in secrets:
        assert s in output, (cid, s)
        assert s not in command, (cid, s)
        if len(s) < 12:  # only ever as a whole word, so a leak of it means a leak of the secret
            assert len(re.findall(re.escape(s), output)) == len(re.findall(rf"(?<!\w){re.escape(s)}(?!\w)", output))
    for rx in rxs:
        assert re.search(rx, output), (cid, rx)
        assert not any(re.search(rx, s) for s in secrets), (cid, rx)
    d = HERE / cid
    d.mkdir(exist_ok=True)
    (d / "command.txt").write_text(command.rstrip("\n") + "\n")
    (d / "output.txt").write_text(output)
    meta = {"id": cid, "group": group, "secrets": secrets,
            "keep": [{"id": f"k{i}", "what": k, "any_of": [rx]} for i, (k, rx) in enumerate(zip(keep, rxs))]}
    (d / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
