"""Shared helpers of the session-8 held-out redaction set: heldout4's seeded fakes and case writer with this set's own
seed, plus word-built passwords (CamelCase words, the shape people type) and PEM helpers."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("heldout4_common", HERE.parent / "redaction_heldout4" / "common.py")
_h4 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_h4)
_h4.R.seed(8_2026_11_26)
_h4.HERE = HERE  # write_case writes into this set's folder
ALNUM, DIGITS, LOWER, UPPER, R, Scratch, serve = _h4.ALNUM, _h4.DIGITS, _h4.LOWER, _h4.UPPER, _h4.R, _h4.Scratch, _h4.serve
aws_pair, b64, b64u, hexs, jwt, pem_body, rnd, uuid, write_case = (
    _h4.aws_pair, _h4.b64, _h4.b64u, _h4.hexs, _h4.jwt, _h4.pem_body, _h4.rnd, _h4.uuid, _h4.write_case)

WORDS = ("amber harbor velvet lantern marmalade skyline copper kettle winter mango silver falcon quartz orchard "
         "tangerine meadow cobalt thistle juniper pebble saffron walnut glacier ember violet compass maple "
         "otter cedar biscuit harvest nimbus pepper radish sparrow topaz willow zephyr bramble fennel").split()


def camel(n: int = 3) -> str:
    return "".join(w.capitalize() for w in R.sample(WORDS, n))


def lower_word() -> str:
    return R.choice(WORDS)


def body_lines(pem: str) -> list[str]:
    return [ln for ln in pem.splitlines() if ln and not ln.startswith("-----")]


assert isinstance(R, random.Random)
