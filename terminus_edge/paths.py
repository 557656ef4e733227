"""Where terminus-edge keeps its files: bundles in the user cache dir, logs in the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "terminus-edge"


def data_dir() -> Path:
    """Raw-log store and other private state. TERMINUS_EDGE_HOME overrides (tests, portable installs)."""
    root = os.environ.get("TERMINUS_EDGE_HOME")
    path = Path(root) / "data" if root else Path(platformdirs.user_data_dir(APP))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def cache_dir() -> Path:
    """Bundles built by the tool (rebuildable, so cache rather than data)."""
    root = os.environ.get("TERMINUS_EDGE_HOME")
    path = Path(root) / "cache" if root else Path(platformdirs.user_cache_dir(APP))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def bundles_dir() -> Path:
    path = cache_dir() / "bundles"
    path.mkdir(parents=True, exist_ok=True)
    return path


DEFAULT_BUNDLE_NAME = "smollm2-135m-instruct-int4"


def default_bundle_dir() -> Path:
    return bundles_dir() / DEFAULT_BUNDLE_NAME
