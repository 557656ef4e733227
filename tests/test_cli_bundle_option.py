"""--bundle reads the same in every command's --help, and `bundle info|verify|warm` default to the default
bundle like every other command (QA: TEXT in some helps, DIR in others; a required argument in three)."""

from __future__ import annotations

import re
import shutil

import click
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.paths import default_bundle_dir


def _commands(group: click.Group, ctx: click.Context, prefix=()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, prefix + (name,))


def test_every_bundle_option_is_labelled_directory():
    with click.Context(main) as ctx:
        with_bundle = [(path, command) for path, command in _commands(main, ctx)
                       if any("--bundle" in getattr(p, "opts", ()) for p in command.params)]
    assert len(with_bundle) >= 8  # generate, chat, run, subagent, mcp, tui, agent, bench …
    for path, _ in with_bundle:
        result = CliRunner().invoke(main, [*path, "--help"], terminal_width=200)
        assert result.exit_code == 0, (path, result.output)
        # bench compare's may name the engine that alone runs it: [ENGINE=]DIRECTORY
        assert re.findall(r"^\s+(?:-\w, )?--bundle (?:\[ENGINE=\])?(\S+)", result.output, re.M) == ["DIRECTORY"], (path, result.output)


@pytest.mark.parametrize("sub", ["info", "verify", "warm"])
def test_bundle_commands_without_argument_name_the_unbuilt_default_bundle(sub):
    result = CliRunner().invoke(main, ["bundle", sub])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        f"Error: the default bundle is not built yet ({default_bundle_dir()}); "
        "run `terminus-edge bundle build-default` first"]


def test_bundle_info_and_verify_default_to_the_default_bundle(tiny_bundle):
    pytest.importorskip("onnxruntime_genai")
    shutil.copytree(tiny_bundle("qwen3", "int4"), default_bundle_dir())
    verify = CliRunner().invoke(main, ["bundle", "verify"])
    assert verify.exit_code == 0 and verify.output.startswith(f"ok: {default_bundle_dir()} matches its manifest\nkernels: ")
    info = CliRunner().invoke(main, ["bundle", "info"])
    assert info.exit_code == 0 and info.output.startswith(f"bundle      {default_bundle_dir()}\n"), info.output
    assert "[BUNDLE_DIR]" in CliRunner().invoke(main, ["bundle", "warm", "--help"]).output
