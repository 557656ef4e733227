"""The options of `terminus-edge bench …`: click callbacks that check a value before any measuring starts, and the
option set latency and compare share."""

from __future__ import annotations

import click


def bundle_or_default(ctx, param, value):
    """An explicit --bundle, else the cached default bundle (as every other command defaults)."""
    from terminus_edge.paths import default_bundle_dir

    if value is not None:
        return value
    path = default_bundle_dir()
    if not path.is_dir():
        raise click.BadParameter(f"no bundle given and the default bundle is not built yet ({path}); "
                                 "run `terminus-edge bundle build-default` or pass --bundle DIR", ctx, param)
    return str(path)


def compare_bundles(ctx, param, value):
    """--bundle values -> (shared bundles, {engine: its own bundles})."""
    from terminus_edge.benchmarks.compare import CompareError, split_bundle_args

    try:
        return split_bundle_args(list(value))
    except CompareError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def writable_file(ctx, param, value):
    """A file the command writes at the end: its folder must exist and take writes now, not after minutes of work."""
    from pathlib import Path

    if value is None:
        return value
    path = Path(value).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise click.BadParameter(f"{value}: the folder {folder} does not exist", ctx, param)
    existed = path.exists()
    try:  # a real open: os.access says yes to root everywhere, also on a read-only mount or /proc
        with open(path, "a"):
            pass
    except OSError as error:
        raise click.BadParameter(f"{value}: cannot write there ({error.strerror or error})", ctx, param) from None
    if not existed:
        path.unlink(missing_ok=True)
    return value


def int_list(ctx, param, value: str) -> list[int]:
    """A comma-separated option as integers; a bad one is refused naming the option (it did not say which)."""
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated integers, got {value!r}", ctx, param) from None


_OUTPUT = click.option("-o", "--output", "fmt", type=click.Choice(["md", "csv", "json", "jsonl"]), default="md", show_default=True,
                       help="Output format (json/jsonl keep the raw samples).")
_PLOT = click.option("--plot", default=None, type=click.Path(dir_okay=False), callback=writable_file, help="Save tokens/s vs prompt length as a PNG.")
_TERM_PLOT = click.option("--term-plot", is_flag=True, help="Draw tokens/s vs prompt length in the terminal (stderr).")
_INTERLEAVE = click.option("--interleave", is_flag=True,
                           help="One repetition per process in rounds over all rows (fairer on a machine whose load changes).")


def run_and_report_options(command):
    """--warmup, --output, --plot, --term-plot, --interleave, --no-progress: shared by latency and compare."""
    for option in reversed((click.option("--warmup", default=1, show_default=True, type=click.IntRange(min=0),
                                         help="Untimed repetitions first, per row."),
                            _OUTPUT, _PLOT, _TERM_PLOT, _INTERLEAVE,
                            click.option("--no-progress", is_flag=True, help="No progress bar."))):
        command = option(command)
    return command
