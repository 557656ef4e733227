"""`--help` as a first user reads it: every command once, grouped, one line each, nothing cut off with '...'."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from terminus_edge.cli import COMMANDS, SECTIONS, main


def _groups(command: click.Command = main, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        yield path, command
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _groups(command.get_command(ctx, name), (*path, name))


GROUPS = list(_groups())


def _commands_listing(output: str) -> list[str]:
    """The indented lines under the section titles that follow Options."""
    tail = output.split("Options:", 1)[1].split("\n\n", 1)[1] if "\n\n" in output.split("Options:", 1)[1] else ""
    return [line for line in tail.splitlines() if line.startswith("  ")]


def test_top_level_help_lists_each_command_once_under_a_section():
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    listing = _commands_listing(result.output)
    names = [line.split()[0] for line in listing]
    assert sorted(names) == sorted(COMMANDS) and len(names) == len(set(names))
    for title, _ in SECTIONS:
        assert f"\n{title}:\n" in result.output
    assert "bundle build-default" in result.output.split("Options:")[0]  # the first step is named before the list


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[" ".join(p) or "terminus-edge" for p, _ in GROUPS])
def test_every_command_listing_is_one_uncut_line_at_80_columns(path, group):
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    listing = _commands_listing(result.output)
    assert listing, result.output
    for line in listing:
        assert not line.startswith("   "), f"`{' '.join(path)} --help`: a description wraps:\n{result.output}"
        assert not line.rstrip().endswith("..."), f"`{' '.join(path)} --help`: a description is cut:\n{line}"


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[" ".join(p) or "terminus-edge" for p, _ in GROUPS])
def test_every_subcommand_help_runs(path, group):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        result = CliRunner().invoke(main, [*path, name, "--help"], terminal_width=80)
        assert result.exit_code == 0 and result.output.startswith("Usage: "), (path, name, result.output)


@pytest.mark.parametrize(("typed", "meant"), [("bundl", "'bundle'"), ("sumarize", "'summarize'"), ("log", "'logs'")])
def test_a_mistyped_command_names_the_close_one(typed, meant):
    result = CliRunner().invoke(main, [typed, "list"])
    assert result.exit_code == 2 and f"No such command '{typed}'. Did you mean {meant}?" in result.output


def test_an_unknown_command_with_nothing_close_keeps_clicks_message():
    result = CliRunner().invoke(main, ["xyz"])
    assert result.exit_code == 2 and result.output.rstrip().endswith("Error: No such command 'xyz'.")


def _leaf_commands(command: click.Command = main, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _leaf_commands(command.get_command(ctx, name), (*path, name))
    else:
        yield path, command


def test_every_option_says_what_it_does():
    """An option listed with only its type and default (`-r, --repetitions INTEGER RANGE [default: 5]`) says nothing."""
    bare = [f"{' '.join(path)} {param.opts[-1]}" for path, command in _leaf_commands()
            if not command.callback.__module__.startswith("terminus_edge.cli.export")  # the export engineer's
            for param in command.params if isinstance(param, click.Option) and not param.hidden and not param.help]
    assert bare == [], f"options without help text: {bare}"
