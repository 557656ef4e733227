"""Shared helpers of the session-13 second held-out redaction set (10b): heldout10's, writing into this folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout10_common", HERE.parent / "redaction_heldout10" / "common.py")
_h10 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h10)
_h10._h8._h4.HERE = HERE  # write_case writes into this set's folder
R, Scratch, gpg_env, b64, hexs, rnd, uuid, write_case, visible_pieces = (
    _h10.R, _h10.Scratch, _h10.gpg_env, _h10.b64, _h10.hexs, _h10.rnd, _h10.uuid, _h10.write_case, _h10.visible_pieces)
anthropic_key, glpat, hf_token, stripe_secret = _h10._h9.anthropic_key, _h10.glpat, _h10.hf_token, _h10.stripe_secret
