"""The key line: a first user sees the keys for where the keyboard is (shell, cards, outbox) without F1, and F1 help
and Ctrl+Q quit at every width."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from terminus_edge.logstore import LogStore
from terminus_edge.tui.app import TerminusApp
from terminus_edge.tui.keys import ALWAYS, KeyContext, destination_words, help_sections, key_hints
from terminus_edge.tui.widgets.cards import CardList
from terminus_edge.tui.widgets.keyhints import fit_hints
from terminus_edge.tui.widgets.outbox import FileSink, OutboxList


def _bound(cls) -> set[str]:
    """The keys bound on cls and its bases, written as the key line writes them."""
    names = {"escape": "Esc", "enter": "Enter", "up": "↑", "down": "↓", "delete": "Del"}
    keys = set()
    for klass in cls.__mro__:
        for binding in klass.__dict__.get("BINDINGS", []):
            key = binding.key if hasattr(binding, "key") else binding[0]
            for part in (p.strip() for p in key.split(",")):
                keys.add(names.get(part) or (part.upper() if part[:1] == "f" and part[1:].isdigit() else
                                              "Ctrl+" + part[5:].upper() if part.startswith("ctrl+") else part))
    if cls.__dict__.get("COMMAND_PALETTE_BINDING"):
        keys.add(cls.COMMAND_PALETTE_BINDING.upper())
    return keys

CONTEXTS = [KeyContext("shell"), KeyContext("shell", cards=3, queued=2), KeyContext("shell", cards=1, side_shown=False),
            KeyContext("cards", cards=2, queued=1), KeyContext("cards", cards=2, card_queued=True),
            KeyContext("outbox", cards=1, queued=1, send="save to outbox.md"),
            KeyContext("cards", cards=2, visiting=True), KeyContext("outbox", queued=1, visiting=True)]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("width", [20, 40, 63, 80, 120, 200])
def test_the_line_fits_and_always_keeps_help_and_quit(context, width):
    text = fit_hints(key_hints(context), width)
    assert text.cell_len <= width
    assert "F1 help  Ctrl+Q quit" in text.plain


@pytest.mark.parametrize("context", CONTEXTS)
def test_a_narrow_line_keeps_the_most_useful_keys_first(context):
    hints = key_hints(context)
    shown = fit_hints(hints, 60).plain
    kept = [f"{key} {words}" for key, words in hints[: -len(ALWAYS)] if f"{key} {words}" in shown]
    assert kept == [f"{key} {words}" for key, words in hints[: len(kept)]]  # a prefix: nothing useful skipped
    assert kept, f"60 columns show no key for {context.focus}: {shown!r}"


@pytest.mark.parametrize(("focus", "owner"), [("shell", TerminusApp), ("cards", CardList), ("outbox", OutboxList)])
def test_every_key_the_line_names_is_bound_there(focus, owner):
    bound = _bound(owner) | _bound(TerminusApp) | {"Ctrl+Q"}  # Textual's App binds Ctrl+Q
    for context in CONTEXTS + [KeyContext(focus, cards=2, queued=1)]:
        if context.focus == focus:
            for key, _ in key_hints(context):
                parts = ["↑", "↓"] if key == "↑↓" else [key]
                assert set(parts) <= bound, f"the key line names {key} on the {focus}, which is not bound there"


def test_the_line_follows_the_state():
    shell = dict(key_hints(KeyContext("shell")))
    assert "F3" not in shell and "F4" not in shell  # nothing to move to yet
    assert dict(key_hints(KeyContext("shell", cards=1)))["F3"] == "cards"
    assert dict(key_hints(KeyContext("shell", cards=1, queued=2)))["F4"] == "outbox (2 to send)"
    assert dict(key_hints(KeyContext("shell", side_shown=False)))["F5"] == "show panel"
    assert dict(key_hints(KeyContext("cards", cards=1)))["m"] == "queue to send"
    assert dict(key_hints(KeyContext("cards", cards=1, card_queued=True)))["m"] == "unqueue"
    assert dict(key_hints(KeyContext("outbox", queued=1, send="send to the agent")))["Enter"] == "send to the agent"


def test_in_the_help_the_line_says_how_to_close_it(tmp_path):
    """The help's line said 'Esc close  F1 help': F1 there closes the help."""
    from terminus_edge.tui.launch import make_app

    async def drive() -> list[str]:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), no_model=True)
            async with app.run_test(size=(60, 20)) as pilot:
                lines = []
                for key in ("f1", "f1", "f1", "escape"):
                    await pilot.press(key)
                    await pilot.pause()
                    lines.append(_line(app))
                return lines

    opened, closed, again, escaped = asyncio.run(drive())
    assert opened == again == "Esc close  F1 close help  Ctrl+Q quit" and "F1 help" not in opened
    assert closed.endswith("F1 help  Ctrl+Q quit") and escaped == closed


def test_destination_words_say_what_leaves_the_machine(tmp_path):
    local = destination_words(FileSink(tmp_path / "out.md"))
    assert local.short == "save to out.md" and "out.md, a file on this machine (nothing leaves it)" in local.long
    remote = SimpleNamespace(name="agent", bridge=SimpleNamespace(client=SimpleNamespace(model="gpt-x", url="http://h/v1")))
    words = destination_words(remote)
    assert words.short == "send to the agent" and "remote agent (gpt-x at http://h/v1)" in words.long
    enter = dict(dict(help_sections(words))["Outbox"])["Enter"]
    assert enter == words.long
    assert not any("sink" in what for _, rows in help_sections(local) for _, what in rows)


def test_help_screen_says_what_leaves_the_machine(tmp_path):
    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.screens.dialogs import HelpScreen

    async def drive() -> str:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), no_model=True)
            async with app.run_test(size=(100, 40)) as pilot:
                await pilot.press("f1")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                rows = [f"{key} {what}" for _, section in app.screen.sections for key, what in section]
                return "\n".join([app.screen.note, *rows])

    shown = asyncio.run(drive())
    assert "Nothing leaves this machine until you queue it" in shown
    assert "Enter save the queued items, as shown, to out.md, a file on this machine (nothing leaves it)" in shown
    assert "sink" not in shown and "OSC 52" not in shown


def _line(app) -> str:
    return app.query_one("#keys").render().plain


@pytest.mark.parametrize("size", [(120, 36), (60, 24)])
def test_the_app_shows_the_keys_for_where_the_keyboard_is(tmp_path, size):
    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.pipeline import FinishedCommand

    async def drive() -> dict[str, str]:
        seen = {}
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), no_model=True)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                seen["start"] = _line(app)
                app.add_command(FinishedCommand("false", b"", 1, 1000.0, 1000.2, cwd="/tmp"))
                await app.workers.wait_for_complete()
                app.screen.set_focus(None)  # no shell in this view (nothing to focus): the keyboard left the cards
                await pilot.pause()
                seen["card made"] = _line(app)
                await pilot.press("f3")
                await pilot.pause()
                seen["cards"] = _line(app)
                await pilot.press("m")
                await pilot.pause()
                seen["queued"] = _line(app)
                await pilot.press("f4")
                await pilot.pause()
                seen["outbox"] = _line(app)
                await pilot.press("escape")
                app.screen.set_focus(None)
                await pilot.pause()
                seen["back"] = _line(app)
        return seen

    seen = asyncio.run(drive())
    width = size[0] - 2  # the line's padding
    for state, line in seen.items():
        assert line.endswith("F1 help  Ctrl+Q quit") and len(line) <= width, (state, line)
    assert "F3" not in seen["start"] and "F3 cards" in seen["card made"]
    # in a narrow window F3 opened the hidden panel: Esc closes it (and Enter no longer fits)
    assert seen["cards"].startswith("m queue to send  Esc shell" if size[0] < 64 else
                                    "m queue to send  Enter full output")
    assert seen["queued"].startswith("m unqueue")
    assert seen["outbox"].startswith("Enter save to out.md  Esc shell" if size[0] < 64 else
                                     "Enter save to out.md  d remove")
    assert "F3 cards" in seen["back"]
    if size[0] < 64:  # the side panel hides below 64 columns: F5 brings it back
        assert "F5 show panel" in seen["start"]
    else:
        assert "F4 outbox (1 to send)" in seen["back"]
