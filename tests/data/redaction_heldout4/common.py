"""Shared helpers of the session-7 held-out redaction set: seeded random fakes, JWTs and the case writer
(<id>/{command.txt,output.txt,meta.json}, the layout of ../../../../shared/redaction/dev). The real-tool runner
(scratch HOME, local http.server, path scrubbing) is heldout3's tools.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import re
import string
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.append(str(HERE.parent / "redaction_heldout3"))
from tools import VENV_PY, Scratch, serve  # noqa: E402,F401

R = random.Random(7_2026_11_26)
ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits


def rnd(n: int, chars: str = ALNUM) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def hexs(n: int) -> str:
    return rnd(n, "0123456789abcdef")


def b64u(n: int) -> str:
    return rnd(n, ALNUM + "-_")


def uuid() -> str:
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def jwt(claims: dict, alg: str = "HS256") -> str:
    def seg(b: bytes) -> str:
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = seg(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = seg(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(rnd(32).encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{seg(sig)}"


def aws_pair() -> tuple[str, str]:
    return "AKIA" + rnd(16, UPPER + "234567"), rnd(40, ALNUM + "+/")


def azure_secret() -> str:
    return rnd(3) + str(R.randint(0, 9)) + "Q~" + rnd(34, ALNUM + "_.~-")


def slack_bot() -> str:
    return f"xoxb-{rnd(12, DIGITS)}-{rnd(13, DIGITS)}-{rnd(24)}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def pem_body(text: str, kind: str) -> str:
    return re.search(rf"-----BEGIN {kind}-----\n(.*?)\n-----END {kind}-----", text, re.S).group(1)


def write_case(cid: str, command: str, output: str, secrets: list[str], keep: list[str], group: str,
               literal: bool = True) -> None:
    """keep: strings that must survive (regexes when literal=False). Checks every secret is in the output (a short
    one only as a whole word: the scorer's leak test for it is a plain substring test), every keep regex matches
    the output and none matches inside a secret, and the command line holds no secret."""
    rxs = [re.escape(k) if literal else k for k in keep]
    for s in secrets:
        assert s in output, (cid, s)
        assert s not in command, (cid, s)
        if len(s) < 12:
            assert len(re.findall(re.escape(s), output)) == len(re.findall(rf"(?<!\w){re.escape(s)}(?!\w)", output)), (cid, s)
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
