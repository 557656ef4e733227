import pytest

from sizeparse import format_size, parse_size


def test_plain_bytes():
    assert parse_size("512") == 512


def test_decimal_units():
    assert parse_size("1.5 GB") == 1_500_000_000


def test_binary_units():
    assert parse_size("2KiB") == 2048


def test_negative_rejected():
    with pytest.raises(ValueError):
        parse_size("-5 MB")


def test_comma_decimal():
    assert parse_size("1,5 MB") == 1_500_000


def test_format_binary():
    assert format_size(1536) == "1.5 KiB"


def test_format_rounds_up():
    assert format_size(1023 * 1024 + 1000) == "1.0 MiB"


@pytest.mark.slow
def test_roundtrip_binary():
    for n in range(0, 1 << 20, 4093):
        assert parse_size(format_size(n).replace(" ", "")) == pytest.approx(n, rel=0.06)


@pytest.mark.slow
def test_roundtrip_decimal():
    for n in range(0, 10**7, 99991):
        assert parse_size(format_size(n, binary=False).replace(" ", "")) == pytest.approx(n, rel=0.06)
