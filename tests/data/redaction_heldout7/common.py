"""Shared helpers of the session-10 held-out redaction set: heldout6's fakes, case writer and scratch runner, with this
set's own seed and folder, plus vendor token shapes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout6_common", HERE.parent / "redaction_heldout6" / "common.py")
_h6 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h6)
_h6._h5._h4.R.seed(10_2026_11_26)
_h6._h5._h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, DIGITS, LOWER, UPPER, R, Scratch, serve = _h6.ALNUM, _h6.DIGITS, _h6.LOWER, _h6.UPPER, _h6.R, _h6.Scratch, _h6.serve
aws_pair, b64, b64u, hexs, jwt, rnd, uuid, write_case, camel, slack_bot, gpg_env = (
    _h6.aws_pair, _h6.b64, _h6.b64u, _h6.hexs, _h6.jwt, _h6.rnd, _h6.uuid, _h6.write_case, _h6.camel, _h6.slack_bot,
    _h6.gpg_env)
body_lines = _h6.body_lines


def ghp() -> str:
    return "ghp_" + rnd(36)


def github_pat() -> str:
    return "github_pat_" + rnd(22) + "_" + rnd(59)


def glpat() -> str:
    return "glpat-" + rnd(20, ALNUM + "-_")


def openai_key() -> str:
    return "sk-proj-" + rnd(64, ALNUM + "-_") + "T3BlbkFJ" + rnd(64, ALNUM + "-_")


def anthropic_key() -> str:
    return "sk-ant-api03-" + rnd(93, ALNUM + "-_") + "AA"


def hf_token() -> str:
    return "hf_" + rnd(34, LOWER + UPPER)


def stripe_secret() -> str:
    return "sk_live_51" + rnd(97)


def password() -> str:
    return camel(2) + str(R.randint(10, 99)) + R.choice("!#%*")
