"""Shared helpers of the session-13 second held-out redaction set (10b): heldout9's fakes (heldout8's, heldout7's...), case writer
and scratch runner, with this set's own seed and folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout9_common", HERE.parent / "redaction_heldout9" / "common.py")
_h9 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h9)
_h8 = _h9._h8
_h8._h4.R.seed(13_2026_11_27_2)
_h8._h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, R, Scratch, gpg_env, serve = _h9.ALNUM, _h9.R, _h9.Scratch, _h9.gpg_env, _h8.serve
b64, hexs, jwt, rnd, uuid, write_case, password, visible_pieces, camel = (
    _h9.b64, _h9.hexs, _h9.jwt, _h9.rnd, _h9.uuid, _h9.write_case, _h9.password, _h9.visible_pieces, _h8.camel)
anthropic_key = _h9.anthropic_key
ghp, github_pat, glpat, openai_key, hf_token, stripe_secret, sendgrid_key = (
    _h9.ghp, _h9.github_pat, _h8.glpat, _h9.openai_key, _h8.hf_token, _h9.stripe_secret, _h9.sendgrid_key)
