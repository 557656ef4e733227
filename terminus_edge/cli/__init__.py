"""The `terminus-edge` command: a thin click group; each noun lives in its own module, imported only when used.

`terminus-edge --help` must stay fast and must not import onnxruntime, torch or textual, so the group
knows each subcommand's one-line help without importing it.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from terminus_edge import __version__

# name -> (module, attribute, one-line help). A module not present yet is left out of the listing.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "export": ("terminus_edge.cli.export_cmd", "export", "Convert a model (HF dir, GGUF, random init) into an ONNX bundle."),
    "bundle": ("terminus_edge.cli.bundle_cmd", "bundle", "Build the default bundle; list, inspect and verify bundles."),
    "generate": ("terminus_edge.cli.generate_cmd", "generate", "Generate text from a prompt with a bundle."),
    "chat": ("terminus_edge.cli.generate_cmd", "chat", "Chat with a bundle in the terminal."),
    "run": ("terminus_edge.cli.run_cmd", "run", "Run a command, store its raw log, print a faithful summary."),
    "summarize": ("terminus_edge.cli.run_cmd", "summarize", "Summarize piped command output."),
    "logs": ("terminus_edge.cli.logs_cmd", "logs", "List, show and remove stored raw logs."),
    "subagent": ("terminus_edge.cli.subagent_cmd", "subagent", "Answer a request by running commands (the execution subagent)."),
    "redact": ("terminus_edge.cli.redact_cmd", "redact", "Mask secrets in text (stdin to stdout)."),
    "kernels": ("terminus_edge.cli.kernels_cmd", "kernels", "Build this machine's C++ kernel library (faster int4 on CPU)."),
    "bench": ("terminus_edge.cli.bench_cmd", "bench", "Benchmarks: latency, compare, roofline, fidelity, tasks…"),
    "tui": ("terminus_edge.cli.tui_cmd", "tui", "Start the TUI: your shell, a summary card per command."),
    "mcp": ("terminus_edge.cli.mcp_cmd", "mcp", "Serve the execution subagent over MCP (stdio)."),
    "hooks": ("terminus_edge.cli.hooks_cmd", "hooks", "Install the Claude Code hook that wraps its commands."),
    "shell-init": ("terminus_edge.cli.shell_init_cmd", "shell_init", "Print a shell snippet that wraps commands with terminus-edge."),
    "agent": ("terminus_edge.cli.agent_cmd", "agent", "Bridge to a remote main agent (OpenAI-compatible endpoint)."),
}


# `--help` lists the commands in these groups, in this order (the README's sections); any other under "Other".
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Your shell", ("tui", "run", "summarize", "logs")),
    ("Coding agents", ("mcp", "hooks", "shell-init", "subagent", "agent")),
    ("Models and bundles", ("bundle", "export", "generate", "chat", "kernels")),
    ("Tools", ("redact", "bench")),
)


def _available(name: str) -> bool:
    module = COMMANDS[name][0]
    return importlib.util.find_spec(module) is not None


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _available(name))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _available(name):
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if args and not ctx.resilient_parsing and self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.6)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {' or '.join(map(repr, close))}?")
        resolved = super().resolve_command(ctx, args)
        ctx.meta["terminus_edge.command"] = resolved
        return resolved

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        """The root's arguments read (where --help and --version are said): a signal meanwhile ends as one during a
        command does, not with click's "Aborted!" or a silent death (terminus_edge.entry covers the imports before)."""
        import time

        from terminus_edge.cancel import signals_interrupt

        started_at, started_mono = time.time(), time.monotonic()
        try:
            with signals_interrupt():
                return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt as interrupt:
            from terminus_edge.cli.interrupted import exit_cancelled

            exit_cancelled("terminus-edge", interrupt, started_at, started_mono, {})

    def invoke(self, ctx: click.Context):
        import time

        from terminus_edge.cancel import signals_interrupt
        from terminus_edge.errors import TerminusError

        started_at, started_mono = time.time(), time.monotonic()
        try:
            with signals_interrupt():  # SIGTERM / SIGHUP end a command as Ctrl-C does, not on the spot
                return super().invoke(ctx)
        except TerminusError as error:  # expected failures: one line, no traceback
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt as interrupt:  # not inside a run that takes the signals itself: a cancel all the same
            from terminus_edge.cli.interrupted import exit_cancelled

            exit_cancelled(_command_name(ctx), interrupt, started_at, started_mono, ctx.meta)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = self.list_commands(ctx)
        grouped = [(title, [name for name in names if name in listed]) for title, names in SECTIONS]
        placed = {name for _, names in grouped for name in names}
        grouped.append(("Other", [name for name in listed if name not in placed]))
        width = max(map(len, listed), default=0)  # one column for every section
        for title, names in grouped:
            if names:
                with formatter.section(title):
                    formatter.write_dl([(name.ljust(width), COMMANDS[name][2]) for name in names])


def _command_name(ctx: click.Context) -> str:
    """`bundle build-default`, `subagent`: what the user ran, as far as it was resolved."""
    name, command, rest = ctx.meta.get("terminus_edge.command") or ("terminus-edge", None, [])
    if isinstance(command, click.Group) and rest and rest[0] in command.commands:
        name += f" {rest[0]}"
    return name


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="terminus-edge")
def main() -> None:
    """terminus-edge: run terminal commands and hand a coding agent short, faithful summaries, offline.

    First time: `terminus-edge bundle build-default` (the embedded model, once), then `terminus-edge tui`.
    """
