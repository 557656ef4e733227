"""`terminus-edge logs list|show|rm|prune`: a thin view over terminus_edge.logstore."""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

import click

from terminus_edge.log_text import binary_kind, visible
from terminus_edge.logstore import LogRecord, LogStore, parse_size
from terminus_edge.logstore_db import store_error


@contextmanager
def open_store() -> Iterator[LogStore]:
    """The store, with a SQLite error met while reading it (a damaged file, a held lock) as one clear line."""
    store = LogStore()
    try:
        yield store
    except sqlite3.Error as error:
        raise store_error(store.path, error) from None
    finally:
        store.close()


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _exit_said(code: int | None) -> str:
    return f" (exit {code})" if code is not None else ""


def describe(rec: LogRecord) -> str:
    """One line: what ran, how it ended."""
    if rec.status != "ok":
        ending = rec.status
    elif rec.timed_out:
        ending = "timed out" + _exit_said(rec.exit_code)
    elif rec.cancelled:
        ending = "cancelled" + _exit_said(rec.exit_code)  # a run stopped when the TUI closed has no exit code
    else:
        ending = f"exit {rec.exit_code}" if rec.exit_code is not None else "exit unknown"
    if rec.waiting_for_input:
        ending += ", waiting for input"
    size = human_size(rec.bytes) + (f" ({human_size(rec.stored)} kept)" if rec.truncated else "")
    duration = f"{rec.duration_s:.1f} s" if rec.duration_s is not None else "-"
    return f"{ending}, {duration}, {size}"


@click.group()
def logs() -> None:
    """List, show and remove stored raw logs."""


@logs.command("list")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many of the newest logs.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--cancelled/--not-cancelled", "cancelled", default=None,
              help="Only the logs whose command a cancel stopped (or only the others).")
def list_logs(limit: int, as_json: bool, cancelled: bool | None) -> None:
    """The newest logs first: id, when, how it ended, the command."""
    with open_store() as store:
        records = store.list(limit, cancelled=cancelled)
        total = store.total_stored()
    if as_json:
        for rec in records:
            click.echo(json.dumps({k: v for k, v in asdict(rec).items() if k not in ("summary", "facts_json", "note_detail")}))
        return
    if not records:
        click.echo("no logs yet (terminus-edge run -- CMD stores one)" if cancelled is None
                   else f"no {'cancelled' if cancelled else 'uncancelled'} logs")
        return
    for rec in records:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(rec.started_at))
        command = visible(rec.command if len(rec.command) <= 60 else rec.command[:57] + "...")
        click.echo(f"{rec.id:>5}  {when}  {describe(rec):<38}  {command}")
    click.echo(f"{len(records)} shown; store holds {human_size(total)} (cap {human_size(store.cap_bytes)})", err=True)


@logs.command("show", short_help="Show one log: header and numbered lines (--raw, --json).")
@click.argument("log_id")
@click.option("--lines", "span", metavar="A:B", help="Only these lines: A:B or A-B (1-based, inclusive), A: or A-, "
              ":B, -N (the last N) or N; the same ranges as the MCP tool read_log.")
@click.option("--grep", "pattern", metavar="REGEX", help="Only lines matching this regular expression.")
@click.option("--raw", is_flag=True, help="The exact bytes as the command produced them, nothing else.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: the log's record, its summary, facts, note "
              "and the detail behind the note (the fact guard's reasons), and its (selected) lines.")
def show(log_id: str, span: str | None, pattern: str | None, raw: bool, as_json: bool) -> None:
    """Show one log: a header, then numbered lines (or --raw bytes, or --json)."""
    with open_store() as store:
        rec = store.get(log_id)
        if raw and as_json:
            raise click.UsageError("--raw and --json are two ways to print the log; give one")
        if as_json:
            click.echo(json.dumps(as_object(rec, store.lines(rec.id, span, pattern))))
            return
        if raw:
            if span or pattern:
                raise click.UsageError("--raw prints the whole log exactly; leave out --lines/--grep")
            out = sys.stdout.buffer
            for data in store.iter_raw(rec.id):
                out.write(data)
            out.flush()
            return
        lines = store.lines(rec.id, span, pattern)
        first = next(lines, None)  # a bad --lines or --grep fails here, before any header is printed
        click.echo(f"# log {rec.id}: {visible(rec.command)}")
        click.echo(f"# {describe(rec)}; cwd {rec.cwd or '-'}; "
                   f"started {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(rec.started_at))}")
        if rec.note:  # in the summary's words; --json has the detail behind it
            click.echo(f"# note: {visible(rec.note)}")
        binary = None if span or pattern else binary_kind(store, rec.id)
        if binary is not None:  # not a wall of ^@ escapes: say what it is and how to get the bytes
            click.echo(f"# binary output{binary}: `terminus-edge logs show {rec.id} --raw > FILE` writes its bytes")
            return
        shown = 0
        for number, text in itertools.chain([first] if first else [], lines):
            click.echo(f"{number:>6}: {visible(text)}")
            shown += 1
        if shown == 0 and (span or pattern):
            click.echo(f"# {nothing_shown(store, rec.id, span, pattern)}", err=True)


def as_object(rec: LogRecord, lines: Iterator[tuple[int, str]]) -> dict:
    """The record with its facts and note detail parsed (null where absent or unreadable) and its lines; a bad
    --lines or --grep fails while the lines are read, before anything is printed."""
    data = {k: v for k, v in asdict(rec).items() if k not in ("facts_json", "note_detail")}
    data["facts"], data["note_detail"] = _parsed(rec.facts_json), _parsed(rec.note_detail)
    data["lines"] = [[number, text] for number, text in lines]
    return data


def _parsed(text: str | None):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


@logs.command("rm")
@click.argument("log_ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Remove every stored log.")
def rm(log_ids: tuple[str, ...], everything: bool) -> None:
    """Remove logs by id (or --all)."""
    if bool(log_ids) == everything:
        raise click.UsageError("give log ids or --all (not both)")
    with open_store() as store:
        count = store.remove_all() if everything else store.remove(log_ids)
    click.echo(f"removed {count} log{'s' if count != 1 else ''}")


@logs.command("prune")
@click.option("--max-size", metavar="SIZE", help="Keep at most this much (e.g. 200M); default: the store's cap.")
def prune(max_size: str | None) -> None:
    """Remove the oldest logs until the store fits its size cap."""
    with open_store() as store:
        before = store.total_stored()
        removed = store.prune(parse_size(max_size) if max_size else None)
        after = store.total_stored()
    click.echo(f"removed {len(removed)} logs, freed {human_size(before - after)}; store holds {human_size(after)}")


def nothing_shown(store, log_id: int, span: str | None, pattern: str | None) -> str:
    """Why `logs show --lines/--grep` printed no line: a range past the log's end says how long the log is."""
    from terminus_edge.line_range import parse_line_range

    total = sum(1 for _ in store.iter_lines(log_id))
    if total == 0:
        return "the log is empty"
    if span and parse_line_range(span).first > total:
        return f"--lines {span} starts after the end: log {log_id} has {total} line{'s' if total != 1 else ''}"
    return "no lines match"
