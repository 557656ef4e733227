"""Shared test fixtures. Every test gets its own TERMINUS_EDGE_HOME, so nothing touches the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def te_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "te-home"
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(home))
    return home


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED
