"""Shared helpers of the session-11 held-out redaction set: heldout7's fakes, case writer and scratch runner, with this
set's own seed and folder, plus a few more vendor token shapes and a scratch venv for SDKs the project does not use
(moto's AWS server, boto3, pyotp, rich, azure-storage-blob: `python3 -m venv /tmp/h8venv && /tmp/h8venv/bin/pip install
'moto[server]' boto3 pyotp rich azure-storage-blob`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout7_common", HERE.parent / "redaction_heldout7" / "common.py")
_h7 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h7)
_h4 = _h7._h6._h5._h4
_h4.R.seed(11_2026_11_26)
_h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, DIGITS, LOWER, UPPER, R, Scratch, serve = _h7.ALNUM, _h7.DIGITS, _h7.LOWER, _h7.UPPER, _h7.R, _h7.Scratch, _h7.serve
aws_pair, b64, b64u, hexs, jwt, rnd, uuid, write_case, camel, slack_bot, body_lines = (
    _h7.aws_pair, _h7.b64, _h7.b64u, _h7.hexs, _h7.jwt, _h7.rnd, _h7.uuid, _h7.write_case, _h7.camel, _h7.slack_bot,
    _h7.body_lines)
ghp, github_pat, glpat, openai_key, anthropic_key, hf_token, stripe_secret, password = (
    _h7.ghp, _h7.github_pat, _h7.glpat, _h7.openai_key, _h7.anthropic_key, _h7.hf_token, _h7.stripe_secret, _h7.password)
SDK_PY = "/tmp/h8venv/bin/python"


def discord_webhook() -> str:
    return f"https://discord.com/api/webhooks/{rnd(19, DIGITS)}/{rnd(68, ALNUM + '-_')}"


def sendgrid_key() -> str:
    return f"SG.{rnd(22, ALNUM + '-_')}.{rnd(43, ALNUM + '-_')}"


def twilio_token() -> str:
    return hexs(32)


def vault_token() -> str:
    return "hvs." + rnd(24)


def tfc_token() -> str:
    return f"{rnd(14)}.atlasv1.{rnd(67)}"


def visible_pieces(secret: str, text: str, least: int = 12) -> list[str]:
    """The pieces a secret shows in a text that cuts it across lines or table cells (curl --trace-ascii's 64-byte rows,
    a folded table column): the longest runs of it found in the text, in order, those of `least`+ characters."""
    out, i = [], 0
    while i < len(secret):
        j = i + 1
        while j <= len(secret) and secret[i:j] in text:
            j += 1
        if j - 1 > i and j - 1 - i >= least:
            out.append(secret[i:j - 1])
        i = max(j - 1, i + 1)
    return out
