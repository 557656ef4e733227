"""Parse durations like '1h30m' and clock times like '07:45'."""
import re

_UNITS = {"h": 3600, "m": 60, "s": 1}


def parse_seconds(text):
    total = 0
    for number, unit in re.findall(r"(\d+)([hms])", text):
        total += int(number) * _UNITS[unit]
    if total == 0 and text.strip() not in ("0", "0s"):
        raise ValueError(f"not a duration: {text!r}")
    return total


def parse_clock(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
