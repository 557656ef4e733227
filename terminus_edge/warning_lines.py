"""terminus-edge's own warnings on stderr as one line each, `terminus-edge: warning: MESSAGE`, instead of Python's
two (`file.py:112: SomeWarning: MESSAGE`, then a source line the user cannot act on). Warnings of other packages keep
Python's form. The CLI's entry installs it; a library user's own warning filters and hooks are left alone."""
from __future__ import annotations

import warnings

PREFIX = "terminus-edge: warning: "


def install() -> None:
    default = warnings.formatwarning

    def formatted(message, category, filename, lineno, line=None):
        if category.__module__.split(".")[0] == "terminus_edge":
            return f"{PREFIX}{message}\n"
        return default(message, category, filename, lineno, line)

    warnings.formatwarning = formatted
