"""Shared helpers of the session-14 second held-out redaction set (11b): heldout11's, writing into this folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout11_common", HERE.parent / "redaction_heldout11" / "common.py")
_h11 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h11)
_h11._h10._h8._h4.R.seed(14_2)
_h11._h10._h8._h4.HERE = HERE  # write_case writes into this set's folder
R, Scratch, b64, hexs, jwt, rnd, uuid, write_case, visible_pieces, password = (
    _h11.R, _h11.Scratch, _h11.b64, _h11.hexs, _h11.jwt, _h11.rnd, _h11.uuid, _h11.write_case, _h11.visible_pieces,
    _h11.password)
glpat, stripe_secret = _h11.glpat, _h11.stripe_secret
