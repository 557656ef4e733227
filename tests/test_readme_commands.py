"""Every `terminus-edge …` line README.md shows must name real subcommands, real flags and valid choices.

The lines are taken from README.md itself (bash blocks, inline code, the MCP client JSON), so a renamed
flag or a documented one that was never added fails here instead of on a new user's machine.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest

from terminus_edge.cli import main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
PROG = "terminus-edge"


def _code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _bash_lines() -> list[str]:
    lines = []
    for block in _code_blocks("bash"):
        # a trailing backslash continues the line
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()  # a trailing comment
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _inline_spans() -> list[str]:
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    return [re.sub(r"\s+", " ", span) for span in re.findall(r"`([^`]+)`", prose)]


def _segments(text: str) -> list[list[str]]:
    """Words of each simple command in a shell line; `|` between two subcommands also lists alternatives."""
    text = re.sub(r'"\$\((.*?)\)"', r"; \1 ;", text)  # eval "$(terminus-edge shell-init …)"
    text = text.replace("…", " ").replace("...", " ")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.wordchars += "$?{}:,@%+"
    segments: list[list[str]] = [[]]
    try:
        for token in lexer:
            if token and set(token) <= set("();<>|&"):
                segments.append([])
            elif token.strip("[]"):
                segments[-1].append(token.strip("[]"))
    except ValueError:  # an unbalanced quote in a placeholder (`-- '<the command>'`)
        pass
    return [words for words in segments if words]


def _resolve(words: list[str], group: click.Group = main) -> tuple[click.Command, list[str], str]:
    """Walk `bundle list …` down the click tree: the command reached, its arguments, its dotted name."""
    command: click.Command = group
    path = []
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        sub = command.get_command(click.Context(command), words[0])
        assert sub is not None, f"README: `{PROG} {' '.join(path + words[:1])}`: no such command"
        path.append(words.pop(0))
        command = sub
    return command, words, " ".join(path)


def _check_args(command: click.Command, args: list[str], where: str) -> None:
    """Option names and arity through click's own parser; choices checked by hand (values may be placeholders)."""
    if "--" in args:
        args = args[: args.index("--")]
    ctx = click.Context(command, resilient_parsing=False)
    parser = command.make_parser(ctx)
    try:
        values, _, _ = parser.parse_args(list(args))
    except click.UsageError as error:
        pytest.fail(f"README: `{PROG} {where} {' '.join(args)}`: {error.format_message()}")
    for param in command.params:
        if isinstance(param, click.Option) and isinstance(param.type, click.Choice) and param.name in values:
            value = values[param.name]
            for one in value if isinstance(value, (list, tuple)) else [value]:
                # `--planner auto|model|rules` documents every choice at once
                for choice in str(one).split("|"):
                    assert choice in param.type.choices, f"README: `{where} {param.opts[0]} {choice}`: not a choice"


def _invocations() -> list[tuple[str, list[str]]]:
    """(where it came from, words after `terminus-edge`) for every documented invocation."""
    found = []
    texts = [("bash", line) for line in _bash_lines()]
    texts += [("inline", span) for span in _inline_spans() if span.startswith(PROG + " ")]
    top = set(main.list_commands(click.Context(main)))
    for source, text in texts:
        last: list[str] | None = None
        for words in _segments(text):
            if PROG in words:  # also `claude mcp add terminus-edge -- terminus-edge mcp`: the last one runs
                last = words[len(words) - words[::-1].index(PROG):]
            elif last and words and words[0] in top:  # `logs rm 17 | logs prune`
                last = words
            elif last and words and words[0] in _siblings(last):  # `bundle list | info [DIR] | verify [DIR]`
                last = _resolve(list(last))[2].split()[:-1] + words
            else:
                last = None
                continue
            found.append((f"{source}: {text}", last))
    for server in _mcp_servers():
        if server["command"].endswith(PROG):
            found.append((f"json: {server}", list(server["args"])))
    return found


def _siblings(words: list[str]) -> set[str]:
    """The other subcommands of the group that the invocation `words` is a subcommand of."""
    path = _resolve(list(words))[2].split()
    group: click.Command = main
    for name in path[:-1]:
        group = group.get_command(click.Context(group), name)
    return set(group.list_commands(click.Context(group))) if isinstance(group, click.Group) and group is not main else set()


def _mcp_servers() -> list[dict]:
    servers = []
    for block in _code_blocks("json"):
        config = json.loads(block)
        servers += list((config.get("mcpServers") or config.get("servers") or {}).values())
    return servers


def _all_long_options(command: click.Command = main) -> set[str]:
    names = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts) if opt.startswith("--")}
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            names |= _all_long_options(command.get_command(ctx, name))
    return names


INVOCATIONS = _invocations()


def test_readme_shows_every_top_level_command():
    shown = {words[0] for _, words in INVOCATIONS if words}
    missing = set(main.list_commands(click.Context(main))) - shown
    assert not missing, f"commands README.md never shows: {sorted(missing)}"


def test_readme_invocations_were_found():
    """The extraction itself: the README's bash blocks hold at least these lines."""
    words = {" ".join(w[:2]) for _, w in INVOCATIONS}
    assert {"run --", "bundle build-default", "bench latency", "hooks install", "mcp --cwd", "shell-init bash"} <= words


@pytest.mark.parametrize(("where", "words"), INVOCATIONS, ids=[" ".join(w)[:60] for _, w in INVOCATIONS])
def test_readme_invocation_names_real_commands_and_flags(where, words):
    command, args, path = _resolve(list(words))
    assert not isinstance(command, click.Group) or args == [] or args[0].startswith("-"), where
    _check_args(command, args, path)


def test_every_flag_the_readme_names_in_prose_exists():
    known = _all_long_options() | {"--help"}  # help_option_names, not a param
    # A span is ours when it starts with a flag, the program or one of its commands; the policy prose also names
    # other programs' flags (`black --check`, `alembic upgrade --sql`), which are not ours to check.
    ours = (PROG, *main.list_commands(click.Context(main)))
    spans = [span for span in _inline_spans() if span.startswith("-") or span.split(" ", 1)[0] in ours]
    named = {flag for span in spans for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", span)}
    assert named, "no flags found in README prose"
    assert named - known == set(), f"README names flags no command has: {sorted(named - known)}"


def test_readme_make_targets_exist():
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    lines = [line.replace("# ", "; ") for block in _code_blocks("bash") for line in block.splitlines()]  # comments too
    segments = [words for text in lines + _inline_spans() for words in _segments(text)]
    named = {words[1] for words in segments if words[0] == "make" and len(words) > 1 and not words[1].startswith("-")}
    named -= {"serve", "migrate", "TARGET"}  # a user's own targets: `make serve &` (hooks), `make migrate`, `make TARGET` (policy)
    assert named <= targets, f"README names make targets the Makefile lacks: {sorted(named - targets)}"
