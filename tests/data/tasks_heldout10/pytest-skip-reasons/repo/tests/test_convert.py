import sys

import pytest

from convert import c_to_f, f_to_c


def test_freezing():
    assert c_to_f(0) == 32


def test_boiling():
    assert c_to_f(100) == 212


def test_round_trip():
    assert f_to_c(c_to_f(37)) == pytest.approx(37)


@pytest.mark.skip(reason="kelvin support not written yet")
def test_kelvin():
    assert False


@pytest.mark.skipif(sys.platform != "win32", reason="needs the Windows locale API")
def test_locale_decimal_comma():
    assert False


def test_large_values():
    pytest.importorskip("hypothesis_nonexistent_plugin", reason="property tests need hypothesis_nonexistent_plugin")
