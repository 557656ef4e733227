"""Shared helpers of the session-9 held-out redaction set: heldout5's fakes, case writer and word passwords, with this
set's own seed and folder, plus a scratch GNUPGHOME and armour helpers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout5_common", HERE.parent / "redaction_heldout5" / "common.py")
_h5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h5)
_h5._h4.R.seed(9_2026_11_26)
_h5._h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, DIGITS, LOWER, UPPER, R, Scratch, serve = _h5.ALNUM, _h5.DIGITS, _h5.LOWER, _h5.UPPER, _h5.R, _h5.Scratch, _h5.serve
aws_pair, b64, b64u, hexs, jwt, pem_body, rnd, uuid, write_case = (
    _h5.aws_pair, _h5.b64, _h5.b64u, _h5.hexs, _h5.jwt, _h5.pem_body, _h5.rnd, _h5.uuid, _h5.write_case)
body_lines, camel = _h5.body_lines, _h5.camel


def armour_body(text: str) -> list[str]:
    """The base64 lines of an armoured block: not the BEGIN/END lines, not `Key: value` headers, not the blank line
    after them, not the `=XXXX` CRC-24 checksum (a checksum of the body, not secret)."""
    return [ln for ln in text.splitlines() if ln and not ln.startswith(("-----", "=")) and ": " not in ln]


def gpg_env(s: Scratch) -> dict:
    """The scratch environment with a private GNUPGHOME (0700, as gpg wants it)."""
    home = s.tmp / "gnupg"
    home.mkdir(mode=0o700, exist_ok=True)
    return {**s.env, "GNUPGHOME": str(home)}


def slack_bot() -> str:
    return f"xoxb-{rnd(12, DIGITS)}-{rnd(13, DIGITS)}-{rnd(24)}"
