"""Tokens/s against prompt length (the pp<N> rows), one line per engine/precision/EP/threads:
in the terminal with plotext, or as a PNG with matplotlib. Both are in the `[bench]` extra."""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict

from terminus_edge.benchmarks.records import OK, Record
from terminus_edge.errors import TerminusError


def series(records: list[Record]) -> dict[str, list[tuple[int, float]]]:
    """label -> [(prompt length, mean tokens/s)] sorted by length, from measured pp rows only."""
    lines: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in records:
        if r.status == OK and r.n_gen == 0 and r.tokens_per_s_mean:
            lines[f"{r.engine} {r.precision} {r.ep} t{r.threads or '-'}"].append((r.n_prompt, r.tokens_per_s_mean))
    return {label: sorted(points) for label, points in lines.items()}


MIN_WIDTH, MAX_WIDTH = 32, 100  # narrower than 32 columns plotext's axis labels no longer fit
MARKERS = "•x+o*#@%"  # one per line, so lines stay apart without colour


def stderr_columns() -> int:
    """Width of the terminal the plot goes to (stderr: stdout is often redirected to a results file); COLUMNS wins."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return shutil.get_terminal_size(fallback=(80, 24)).columns


def terminal_plot(records: list[Record], width: int | None = None, height: int = 20, color: bool | None = None) -> str:
    """The pp rows as a plotext chart: as wide as the terminal (32–100 columns), in colour only on a terminal."""
    if width is None:
        width = stderr_columns()
    width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    if color is None:
        color = sys.stderr.isatty()
    require(term_plot=True)
    import plotext as plt

    lines = series(records)
    if not lines:
        return "(no prompt-processing rows to plot)"
    plt.clear_figure()
    plt.plotsize(width, height)
    narrow = width < 60  # plotext drops a legend that does not fit inside the frame: it goes below instead
    legend = []
    for i, (label, points) in enumerate(lines.items()):
        marker = MARKERS[i % len(MARKERS)]
        plt.plot([p for p, _ in points], [v for _, v in points], label=None if narrow else label, marker=marker)
        legend.append(f"{marker} {label}")
    plt.title("pp tokens/s vs prompt length" if narrow else "prompt processing: tokens/s vs prompt length")
    plt.xlabel("prompt tokens")
    plt.ylabel("tokens/s")
    text = plt.build()
    if not color:
        text = plt.uncolorize(text)  # no escape codes in a log file or a pipe
    return text + ("\n" + "\n".join(legend) if narrow else "")


def require(png: bool = False, term_plot: bool = False) -> None:
    """The one-line error for a plot whose library is missing: asked before the run, not after minutes of measuring."""
    import importlib.util

    if png and importlib.util.find_spec("matplotlib") is None:
        raise TerminusError('--plot needs matplotlib: pip install -e ".[bench]" in the clone')
    if term_plot and importlib.util.find_spec("plotext") is None:
        raise TerminusError('the terminal plot needs plotext: pip install -e ".[bench]" in the clone')


def save_png(records: list[Record], path: str) -> None:
    require(png=True)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = series(records)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, points in lines.items():
        ax.plot([p for p, _ in points], [v for _, v in points], marker="o", label=label)
    ax.set_xlabel("prompt tokens")
    ax.set_ylabel("tokens/s (prompt processing)")
    ax.set_title("tokens/s vs prompt length")
    ax.grid(True, alpha=0.3)
    if lines:
        ax.legend(fontsize="small")
    else:
        ax.text(0.5, 0.5, "no prompt-processing rows", ha="center", transform=ax.transAxes)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
