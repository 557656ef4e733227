"""The TUI's F1 screen is where a first user learns the keys: it must show every key bound, and no key that is not."""

from __future__ import annotations

import pytest

from terminus_edge.tui.app import TerminusApp
from terminus_edge.tui.keys import KEYS
from terminus_edge.tui.screens.approval import CommandApprovalScreen
from terminus_edge.tui.widgets.cards import CardList
from terminus_edge.tui.widgets.outbox import OutboxList

# help section -> the classes whose bindings it documents (base classes' bindings included)
SECTIONS = {"Anywhere": TerminusApp, "Cards": CardList, "Outbox": OutboxList, "Remote agent's command": CommandApprovalScreen}
# what the help screen writes for a Textual key name
DISPLAY = {"escape": "Esc", "delete": "Del", "enter": "Enter", "up": "↑", "down": "↓"}


def _display(key: str) -> str:
    if key in DISPLAY:
        return DISPLAY[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:].upper()
    if key[:1] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def _bound(cls, *, ours_only: bool = False) -> set[str]:
    """Keys bound on cls; ours_only: those our classes bind, not Textual's scrolling and focus keys."""
    keys = set()
    for klass in cls.__mro__:
        if ours_only and not klass.__module__.startswith("terminus_edge"):
            continue
        for binding in klass.__dict__.get("BINDINGS", []):
            key = binding.key if hasattr(binding, "key") else binding[0]
            action = binding.action if hasattr(binding, "action") else binding[1]
            if getattr(binding, "system", False) or action == "help_quit":  # Textual's own Ctrl+C hint, replaced
                continue
            keys |= {_display(part.strip()) for part in key.split(",")}
    palette = cls.__dict__.get("COMMAND_PALETTE_BINDING")
    if palette:
        keys.add(_display(palette))
    return keys


def _shown(section: str) -> set[str]:
    rows = dict(KEYS)[section]
    return {part for key, _ in rows for part in key.replace(" / ", " ").split()}


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_help_screen_shows_every_bound_key(section):
    missing = _bound(SECTIONS[section], ours_only=True) - _shown(section)
    assert not missing, f"F1 help, {section}: keys bound but not shown: {sorted(missing)}"


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_help_screen_shows_no_key_that_is_not_bound(section):
    extra = _shown(section) - _bound(SECTIONS[section])
    assert not extra, f"F1 help, {section}: keys shown but not bound: {sorted(extra)}"


def test_readme_names_the_keys_the_help_screen_shows():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    tui_section = readme.split("### TUI", 1)[1].split("\n### ", 1)[0]
    for key in ("F1", "F2", "F3", "F4", "F5", "Ctrl+Q", "Ctrl+C", "Enter"):
        assert key in tui_section, f"README's TUI section does not name {key}"
