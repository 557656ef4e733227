"""Shared helpers of the session-12 held-out redaction set: heldout8's fakes, case writer and scratch runner, with this
set's own seed and folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout8_common", HERE.parent / "redaction_heldout8" / "common.py")
_h8 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h8)
_h8._h4.R.seed(12_2026_11_26)
_h8._h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, R, Scratch, gpg_env = _h8.ALNUM, _h8.R, _h8.Scratch, _h8._h7._h6.gpg_env
b64, hexs, jwt, rnd, uuid, write_case, password, visible_pieces = (
    _h8.b64, _h8.hexs, _h8.jwt, _h8.rnd, _h8.uuid, _h8.write_case, _h8.password, _h8.visible_pieces)
ghp, github_pat, openai_key, anthropic_key, stripe_secret, sendgrid_key = (
    _h8.ghp, _h8.github_pat, _h8.openai_key, _h8.anthropic_key, _h8.stripe_secret, _h8.sendgrid_key)
