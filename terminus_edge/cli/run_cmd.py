"""`terminus-edge run -- CMD` and `CMD 2>&1 | terminus-edge summarize --command CMD`.

Both stream the raw output into the log store as it arrives, print the summary (which names the log
id) and, for `run`, exit with the command's own exit code.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import click

from terminus_edge.cli.command_line import command_line, stdin_holds_data
from terminus_edge.cli.exit_status import ExitStatus
from terminus_edge.cli.run_json import Progress, json_object, print_json_on_cancel
from terminus_edge.cli.run_log import first_line, kept_id, mark_cancelled, open_log, readable, report_store_error

if TYPE_CHECKING:  # the store (sqlite3, psutil) loads when a command runs, not for --help
    from collections.abc import Iterable

    from terminus_edge.logstore import LogStore

PIPE_MEMORY_CAP = 8 << 20


class Seconds(click.FloatRange):
    """A FloatRange that refuses NaN: every comparison with it is false, so `--timeout nan` meant no timeout."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)  # click's own says "not a valid seconds"
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


def model_options(func):
    func = click.option("--no-model", is_flag=True, help="Deterministic summary only (no model).")(func)
    func = click.option("--bundle", type=click.Path(file_okay=False), help="Model bundle for the gist (default: the default bundle, if built).")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the summary block.")(func)
    func = click.option("--model-deadline", "model_deadline_s", type=Seconds(min=0.1), default=20.0,
                        show_default=True, help="Seconds the model may spend on the gist (then: deterministic summary).")(func)
    return click.option("--budget", type=click.IntRange(20, 4000), default=200, show_default=True,
                        help="Summary budget in tokens.")(func)


def pick_model(bundle: str | None, no_model: bool):
    """(model or None, note or None). Never raises: a model that cannot load means a deterministic summary."""
    if no_model:
        return None, None
    from terminus_edge.model import load_model
    from terminus_edge.paths import default_bundle_dir

    try:
        if bundle is None and not default_bundle_dir().is_dir():
            return None, "no model bundle built (terminus-edge bundle build-default); deterministic summary"
        return load_model(bundle), None
    except Exception as error:  # noqa: BLE001 - any load failure (corrupt bundle, OOM, ...) falls back
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, f"model failed to load ({reason}); deterministic summary"


def summarize_and_report(store: LogStore | None, log_id: int | None, command: str, raw: bytes | Iterable[bytes],
                         exit_code: int | None, *,
                         budget: int, as_json: bool, bundle: str | None, no_model: bool, timed_out: bool = False,
                         waiting_for_input: bool = False, duration_s: float | None = None,
                         model_deadline_s: float = 20.0, progress: Progress | None = None) -> bool:
    """Summarize, store the summary with the log, print it; False when stdout could not take it."""
    from terminus_edge.cli.stdout_result import print_result
    from terminus_edge.summarize import summarize

    progress = progress or Progress(command, exit_code, log_id, duration_s, ended=True)
    model, note = pick_model(bundle, no_model)
    label = None if log_id is None else str(log_id)  # no stored log: the block has no Log line to point at
    try:
        summary = summarize(command, raw, exit_code, log_id=label, model=model, budget_tokens=budget,
                            timed_out=timed_out, waiting_for_input=waiting_for_input, duration_s=duration_s,
                            deadline_s=model_deadline_s)
    except Exception as error:  # noqa: BLE001 - the model crashing mid-gist must not cost the summary
        if model is None:
            raise
        note = f"model failed ({type(error).__name__}: {error}); deterministic summary"
        summary = summarize(command, raw, exit_code, log_id=label, model=None, budget_tokens=budget,
                            timed_out=timed_out, waiting_for_input=waiting_for_input, duration_s=duration_s)
    progress.summary = summary
    facts = summary.facts.to_dict()
    if store is not None and log_id is not None:
        import sqlite3

        try:
            if not store.set_summary(log_id, summary.text, json.dumps(facts), note=summary.model_note,
                                     note_detail=summary.model_detail):
                click.echo(f"terminus-edge: log {log_id} was removed from the store (`logs rm` or a prune) before its "
                           "summary was stored: its Log line points at nothing now", err=True)
        except (sqlite3.Error, OSError) as error:  # the summary is printed all the same
            click.echo(f"terminus-edge: the summary was not stored with log {log_id} ({first_line(error)})", err=True)
    if note:
        click.echo(f"terminus-edge: {note}", err=True)
    return print_result(json.dumps(json_object(progress)) if as_json else summary.text, log_id)


@click.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@model_options
@click.option("--timeout", "timeout_s", type=Seconds(min=0, min_open=True), default=None,
              help="Kill the command (its whole process group) after S seconds; exit code 124.")
@click.option("--tee", is_flag=True, help="Also stream the raw output live to stderr.")
@click.option("--interactive", is_flag=True,
              help="Let the command read this terminal's stdin (humans; agents leave it closed); implies --tee, "
                   "so you see what it asks.")
@click.argument("cmd", nargs=-1, required=True, type=click.UNPROCESSED)
def run(cmd, budget, as_json, model_deadline_s, bundle, no_model, timeout_s, tee, interactive) -> None:
    """Run CMD (after --), store its raw log, print a faithful summary, exit with CMD's exit code.

    Several arguments are one command and its arguments; one is a shell command line (pipes, &&), unless it is
    the path of an existing file (with a /, like "./my script.sh"): that program is run."""
    from terminus_edge.capture import run_command

    command = command_line(cmd)
    if not command.strip():
        raise click.UsageError("the command is empty")
    shown = readable(command)  # bash gets the exact bytes; the store and the summary get text
    try:
        cwd = os.getcwd()
    except FileNotFoundError:
        raise click.ClickException("the current directory no longer exists") from None
    tee = tee or interactive  # an answer needs its question: the prompt must reach the terminal
    progress = Progress(shown)
    if as_json:  # a cancel at the CLI's root (the store's lock, the gist) still prints the object a caller parses
        print_json_on_cancel(progress, "run")
    store, writer = open_log(shown, readable(cwd))
    progress.log_id = writer.id if writer is not None else None

    live = [sys.stderr.buffer] if tee else []  # when its reader goes away, the live copy stops; the command goes on

    def on_output(data: bytes) -> None:
        if writer is not None:
            writer.write(data)
        try:
            for stream in live:
                stream.write(data), stream.flush()
        except OSError:
            live.clear()

    try:
        capture = run_command(command, cwd=cwd, timeout_s=timeout_s, on_output=on_output, on_tick=writer and writer.flush_if_due,
                              inherit_stdin=interactive or stdin_holds_data())
    except BaseException:
        if writer is not None:
            writer.finish(exit_code=None)  # what it printed before failing stays readable
        raise
    progress.exit_code, progress.duration_s, progress.ended = capture.exit_code, capture.duration_s, True
    try:
        for note in filter(None, [capture.note, *(capture.left_behind or "").splitlines()]):
            click.echo(f"terminus-edge: {note.removeprefix('Note: ')}", err=True)
        if writer is not None:
            writer.finish(exit_code=capture.exit_code, ended_at=capture.ended_at, duration_s=capture.duration_s,
                          timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input)
            if capture.interrupted:  # Ctrl-C, SIGTERM or SIGHUP reached us and went on to the command
                mark_cancelled(store, writer.id)
            report_store_error(writer)
        progress.log_id = kept_id(writer)
        summarize_and_report(store, kept_id(writer), shown, capture.chunks,
                             capture.exit_code, budget=budget, as_json=as_json, bundle=bundle, no_model=no_model,
                             timed_out=capture.timed_out, waiting_for_input=capture.waiting_for_input,
                             duration_s=capture.duration_s, model_deadline_s=model_deadline_s, progress=progress)
    finally:
        capture.close()
        if store is not None:
            store.close()
    sys.exit(capture.exit_code)


@click.command()
@model_options
@click.option("--command", "command", default="(piped input)", show_default=True, help="The command that produced the input.")
@click.option("--exit-code", type=ExitStatus(), default=None,
              help="Its exit code, if known: 0..255, or Python's -N for killed by signal N (in a pipe, $? and "
                   "${PIPESTATUS[0]} are still the previous command's).")
def summarize(budget, as_json, model_deadline_s, bundle, no_model, command, exit_code) -> None:
    """Summarize output piped in: CMD 2>&1 | terminus-edge summarize --command "CMD".

    With the exit code, from a file: CMD > out.log 2>&1; terminus-edge summarize --command "CMD" --exit-code $? <
    out.log (in a pipe, $? is not yet CMD's). `terminus-edge run -- CMD` does both."""
    import time

    if sys.stdin.isatty():
        raise click.UsageError("pipe a command's output in: CMD 2>&1 | terminus-edge summarize --command \"CMD\"")
    try:
        cwd = os.getcwd()
    except FileNotFoundError:
        cwd = None
    command = readable(command)
    progress = Progress(command, exit_code)
    if as_json:  # a cancel while the input is read or the gist is made still prints the object a caller parses
        print_json_on_cancel(progress, "summarize")
    store, writer = open_log(command, cwd and readable(cwd), source="pipe", started_at=time.time())
    progress.log_id = writer.id if writer is not None else None
    from terminus_edge.spool import Spool

    spool = Spool(PIPE_MEMORY_CAP)  # a full temp folder keeps the input in memory instead of failing
    try:
        try:
            while data := sys.stdin.buffer.read1(1 << 16):
                if writer is not None:
                    writer.write(data)
                spool.write(data)
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: what came in is kept, marked cut short by a cancel
            if writer is not None:
                writer.finish(exit_code=exit_code)
                mark_cancelled(store, writer.id)
            raise
        if writer is not None:
            writer.finish(exit_code=exit_code)
            report_store_error(writer)
        spool.seek(0)
        raw = spool.read()
        progress.ended = True
        progress.log_id = kept_id(writer)
    finally:
        spool.close()
    try:
        printed = summarize_and_report(store, kept_id(writer), command, raw, exit_code, budget=budget,
                                       as_json=as_json, bundle=bundle, no_model=no_model, duration_s=None,
                                       model_deadline_s=model_deadline_s, progress=progress)
    finally:
        if store is not None:
            store.close()
    if not printed:
        sys.exit(1)
