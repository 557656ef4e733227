"""Where terminus-edge keeps its files: bundles in the user cache dir, logs in the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "terminus-edge"


def _made(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:  # a TERMINUS_EDGE_HOME that is a file, a read-only disk: one line, not a traceback
        from terminus_edge.errors import TerminusError

        # a read-only home (air-gapped images often have one): name the way out
        hint = (" (check TERMINUS_EDGE_HOME)" if os.environ.get("TERMINUS_EDGE_HOME")
                else " (set TERMINUS_EDGE_HOME to a writable folder)")
        raise TerminusError(f"cannot create {path}: {error.strerror or error}{hint}") from None
    return path


def data_dir() -> Path:
    """Raw-log store and other private state. TERMINUS_EDGE_HOME overrides (tests, portable installs)."""
    root = os.environ.get("TERMINUS_EDGE_HOME")
    return _made(Path(root) / "data" if root else Path(platformdirs.user_data_dir(APP)))


def cache_dir() -> Path:
    """Bundles built by the tool (rebuildable, so cache rather than data)."""
    root = os.environ.get("TERMINUS_EDGE_HOME")
    return _made(Path(root) / "cache" if root else Path(platformdirs.user_cache_dir(APP)))


def bundles_dir() -> Path:
    return _made(cache_dir() / "bundles")


DEFAULT_BUNDLE_NAME = "smollm2-135m-instruct-int4"


def default_bundle_dir() -> Path:
    return bundles_dir() / DEFAULT_BUNDLE_NAME
