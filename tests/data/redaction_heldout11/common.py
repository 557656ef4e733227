"""Shared helpers of the session-14 held-out redaction set: heldout10's fakes, case writer and scratch runner, with this
set's own seed and folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout10_common", HERE.parent / "redaction_heldout10" / "common.py")
_h10 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h10)
_h10._h8._h4.R.seed(14_2026_11_27)
_h10._h8._h4.HERE = HERE  # write_case writes into this set's folder
R, Scratch, gpg_env, b64, hexs, jwt, rnd, uuid, write_case, visible_pieces, camel, password = (
    _h10.R, _h10.Scratch, _h10.gpg_env, _h10.b64, _h10.hexs, _h10.jwt, _h10.rnd, _h10.uuid, _h10.write_case,
    _h10.visible_pieces, _h10.camel, _h10.password)
ghp, github_pat, glpat, openai_key, hf_token, stripe_secret, sendgrid_key = (
    _h10.ghp, _h10.github_pat, _h10.glpat, _h10.openai_key, _h10.hf_token, _h10.stripe_secret, _h10.sendgrid_key)
anthropic_key, slack_bot = _h10._h9.anthropic_key, _h10._h8._h7.slack_bot


def pass_store(s: Scratch, email: str = "ops@acme.dev") -> dict:
    """The scratch environment with a fresh gpg key and a `pass` store initialised for it (heldout9's steps)."""
    env = gpg_env(s)
    env["PASSWORD_STORE_DIR"] = str(s.tmp / "store")
    s.sh(f"gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key {email} default default never", env=env)
    s.sh(f"pass init {email}", env=env)
    return env
