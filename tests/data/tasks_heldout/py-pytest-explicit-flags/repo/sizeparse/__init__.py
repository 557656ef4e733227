import re

UNITS = {
    "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
    "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4,
}

_RX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_size(text):
    m = _RX.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r}")
    number, unit = m.groups()
    unit = (unit or "b").lower()
    if unit not in UNITS:
        raise ValueError(f"unknown unit: {unit!r}")
    return int(float(number) * UNITS[unit])


def format_size(n, binary=True):
    step = 1024 if binary else 1000
    names = ["B", "KiB", "MiB", "GiB", "TiB"] if binary else ["B", "kB", "MB", "GB", "TB"]
    value = float(n)
    for name in names:
        if value < step or name == names[-1]:
            return f"{value:.1f} {name}" if name != "B" else f"{int(value)} B"
        value /= step
