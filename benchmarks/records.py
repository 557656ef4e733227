"""Flat benchmark records (one per engine × config × test, like llama-bench rows) and their output formats.

Every record has the same keys whatever the engine, so `bench latency` and `bench compare` output can be
read by the same tools. A row that could not be measured keeps its keys with null numbers and says why in
`status` ("not available here", "not installed", "error") and `note`; it never carries a made-up number.
"""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from dataclasses import asdict, dataclass, field

OK = "ok"
NOT_AVAILABLE = "not available here"
NOT_INSTALLED = "not installed"
ERROR = "error"
EXTRAPOLATED = "extrapolated"
INTERRUPTED = "interrupted"  # Ctrl-C came before this row was measured

# The keys other tools may rely on (issue contract); json/jsonl records always carry all of them.
REQUIRED_KEYS = (
    "engine", "model", "precision", "ep", "threads", "test", "n_prompt", "n_gen", "load_s", "ttft_ms",
    "tokens_per_s_mean", "tokens_per_s_std", "token_ms_p50", "token_ms_p95", "rss_peak_mb", "samples",
)


@dataclass
class Record:
    engine: str
    model: str
    precision: str
    ep: str
    threads: int | None
    test: str  # "pp512" (prompt processing) or "tg128" (token generation)
    n_prompt: int
    n_gen: int
    load_s: float | None = None
    ttft_ms: float | None = None
    tokens_per_s_mean: float | None = None
    tokens_per_s_std: float | None = None
    token_ms_p50: float | None = None
    token_ms_p95: float | None = None
    rss_peak_mb: float | None = None
    gpu_mem_peak_mb: float | None = None
    status: str = OK
    note: str = ""
    samples: list[dict] = field(default_factory=list)  # one per repetition: tokens_per_s, ttft_ms, token_ms[]

    def as_dict(self) -> dict:
        return asdict(self)


def label_for(n_prompt: int, n_gen: int) -> str:
    """llama-bench labels: pp<N> for prompt processing, tg<N> for generation after a 1-token prompt, tg<N>@d<D>
    for generation after a D-token prompt (llama-bench -d: decode with D positions already in the KV cache)."""
    if n_gen == 0:
        return f"pp{n_prompt}"
    return f"tg{n_gen}" if n_prompt <= 1 else f"tg{n_gen}@d{n_prompt}"


def percentile(values: list[float], pct: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize_samples(record: Record, samples: list[dict]) -> Record:
    """Fill the mean/std/percentile fields from raw per-repetition samples (keeps the samples)."""
    record.samples = samples
    rates = [s["tokens_per_s"] for s in samples if s.get("tokens_per_s")]
    record.tokens_per_s_mean = statistics.fmean(rates) if rates else None
    record.tokens_per_s_std = statistics.stdev(rates) if len(rates) > 1 else (0.0 if rates else None)
    ttfts = [s["ttft_ms"] for s in samples if s.get("ttft_ms") is not None]
    record.ttft_ms = statistics.fmean(ttfts) if ttfts else None
    steps = [ms for s in samples for ms in s.get("token_ms", [])]
    record.token_ms_p50 = percentile(steps, 50)
    record.token_ms_p95 = percentile(steps, 95)
    return record


def unavailable(engine: str, model: str, precision: str, ep: str, threads, test: str, n_prompt: int, n_gen: int,
                status: str, note: str) -> Record:
    return Record(engine, model, precision, ep, threads, test, n_prompt, n_gen, status=status, note=note)


# ---- output -----------------------------------------------------------------------------------------
TABLE_COLUMNS = (
    ("engine", "engine"), ("model", "model"), ("precision", "prec"), ("ep", "ep"), ("threads", "thr"),
    ("test", "test"), ("tokens_per_s", "t/s"), ("ratio", "vs te"), ("ttft_ms", "ttft ms"),
    ("token_ms_p50", "tok ms p50"), ("token_ms_p95", "tok ms p95"), ("load_s", "load s"),
    ("rss_peak_mb", "RSS MiB"), ("gpu_mem_peak_mb", "GPU MiB"),
)


def _num(value, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _cell(record: Record, key: str, ratios: dict | None) -> str:
    if key == "tokens_per_s":
        if record.status == EXTRAPOLATED and record.tokens_per_s_mean is not None:
            return f"{record.tokens_per_s_mean:.2f} (extrapolated)"
        if record.status != OK:
            return record.status
        if record.tokens_per_s_mean is None:
            return ""
        if sum(1 for s in record.samples if s.get("tokens_per_s")) == 1:  # `-r 1`: one rate has no spread to show
            return f"{record.tokens_per_s_mean:.2f} (1 rep)"
        return f"{record.tokens_per_s_mean:.2f} ± {record.tokens_per_s_std or 0.0:.2f}"
    if key == "ratio":  # a peer 500x slower reads 0.002×, not 0.00×
        value = (ratios or {}).get(id(record))
        return "" if value is None else f"{value:.2f}×" if value >= 0.1 else f"{value:.2g}×"
    value = getattr(record, key)
    if key == "threads" and value is None:
        return "auto"  # --threads 0: onnxruntime's choice (null in csv/json)
    if key in ("ttft_ms", "token_ms_p50", "token_ms_p95"):
        return _num(value, 1 if key == "ttft_ms" else 2)
    if key in ("rss_peak_mb", "gpu_mem_peak_mb"):
        return _num(value, 0)
    if key == "load_s":
        return _num(value, 2)
    # A pipe in a name (a bundle folder "a|b") would split the cell; a newline would end the row.
    return "" if value is None else " ".join(str(value).split()).replace("|", "\\|")


def ratios_to(records: list[Record], reference_engine: str = "terminus-edge") -> dict[int, float]:
    """tokens/s of each record ÷ the first measured reference-engine record (its first precision) of the same
    test and threads."""
    best: dict[tuple, float] = {}
    for r in records:
        if r.engine == reference_engine and r.status in (OK, EXTRAPOLATED) and r.tokens_per_s_mean:
            best.setdefault((r.test, r.threads), r.tokens_per_s_mean)
    out = {}
    for r in records:
        base = best.get((r.test, r.threads))
        if r.status in (OK, EXTRAPOLATED) and r.tokens_per_s_mean and base:
            out[id(r)] = r.tokens_per_s_mean / base
    return out


def to_markdown(records: list[Record], machine: dict | None = None, with_ratio: bool = False) -> str:
    from terminus_edge.benchmarks.machine import format_machine

    columns = [c for c in TABLE_COLUMNS if c[0] != "ratio" or with_ratio]
    if not any(r.gpu_mem_peak_mb is not None for r in records):
        columns = [c for c in columns if c[0] != "gpu_mem_peak_mb"]
    ratios = ratios_to(records) if with_ratio else None
    lines = []
    if machine:
        lines += [format_machine(machine), ""]
    lines.append("| " + " | ".join(title for _, title in columns) + " |")
    lines.append("|" + "|".join("---:" if key in ("tokens_per_s", "ratio") or key.endswith(("_ms", "_s", "_mb", "p50", "p95"))
                                else "---" for key, _ in columns) + "|")
    for r in records:
        lines.append("| " + " | ".join(_cell(r, key, ratios) for key, _ in columns) + " |")
    notes, seen = [], set()
    for r in records:
        if r.status not in (OK, EXTRAPOLATED) and r.note and (r.engine, r.ep, r.note) not in seen:
            seen.add((r.engine, r.ep, r.note))
            notes.append(f"- {r.engine} ({r.ep}): {r.status}: {r.note}")
    if notes:
        lines += [""] + notes
    return "\n".join(lines)


RATIO_KEY = "tokens_per_s_ratio_vs_terminus_edge"  # the markdown's "vs te" column, in csv/json/jsonl


def _rows(records: list[Record], with_ratio: bool) -> list[dict]:
    if not with_ratio:
        return [r.as_dict() for r in records]
    ratios = ratios_to(records)
    return [{**r.as_dict(), RATIO_KEY: ratios.get(id(r))} for r in records]


def to_csv(records: list[Record], machine: dict | None = None, with_ratio: bool = False) -> str:
    """One row per record (no raw samples); with a machine block, its flat columns (machine.machine_columns) follow
    on every row, so a row read alone still says where, with what and by which command it was measured."""
    from terminus_edge.benchmarks.machine import machine_columns

    extra = machine_columns(machine) if machine else {}
    rows = _rows(records, with_ratio)
    buffer = io.StringIO()
    keys = [k for k in Record.__dataclass_fields__ if k != "samples"] + ([RATIO_KEY] if with_ratio else []) + list(extra)
    writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row = {**{k: v for k, v in row.items() if k != "samples"}, **extra}
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue().rstrip("\n")


def to_json(records: list[Record], machine: dict | None = None, with_ratio: bool = False) -> str:
    """{"machine": {...}, "records": [...]}; raw samples included."""
    return json.dumps({"machine": machine or {}, "records": _rows(records, with_ratio)}, indent=2)


def to_jsonl(records: list[Record], machine: dict | None = None, with_ratio: bool = False) -> str:
    """One record per line; each line also carries the machine block (so lines stand alone)."""
    return "\n".join(json.dumps({**row, "machine": machine or {}}) for row in _rows(records, with_ratio))


FORMATS = ("md", "csv", "json", "jsonl")


def render(records: list[Record], fmt: str, machine: dict | None = None, with_ratio: bool = False) -> str:
    if fmt == "md":
        return to_markdown(records, machine, with_ratio)
    if fmt == "csv":
        return to_csv(records, machine, with_ratio)
    if fmt == "json":
        return to_json(records, machine, with_ratio)
    if fmt == "jsonl":
        return to_jsonl(records, machine, with_ratio)
    raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


def load_records(text: str) -> list[dict]:
    """Read records back from json or jsonl output."""
    text = text.strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return data["records"] if isinstance(data, dict) and "records" in data else [data]


SCALED_KEYS = ("rss_peak_mb", "load_s")


def _typical_ms(row: dict) -> float | None:
    """Median per-token ms (tg rows) or median TTFT (pp rows): robust to a shared machine's stalls."""
    if row["n_gen"]:
        return row.get("token_ms_p50")
    ttfts = [s["ttft_ms"] for s in row.get("samples") or [] if s.get("ttft_ms") is not None]
    return statistics.median(ttfts) if ttfts else row.get("ttft_ms")


def extrapolate_layers(small: list[dict], large: list[dict], layers_small: int, layers_large: int, target: int) -> list[dict]:
    """Per-layer linear scaling between two depths of the same layer shape, to `target` layers.

    For each (engine, precision, ep, threads, test) measured at both depths: value(L) = a + b·L through the two
    points, for the median ms per token (tg) or median TTFT (pp), peak RSS and load time; tokens/s is
    1000 / ms per token (tg) or n_prompt / TTFT (pp). When the deeper model measured no slower (noise beat the
    per-layer cost), the row says so instead of giving a number."""
    def key(r):
        return (r["engine"], r["precision"], r["ep"], r["threads"], r["test"])

    def line(a, b):
        return a + (b - a) / (layers_large - layers_small) * (target - layers_small)

    by_key = {key(r): r for r in small if r.get("status") == OK}
    out = []
    for big in large:
        low = by_key.get(key(big))
        if big.get("status") != OK or low is None:
            continue
        row = {k: big[k] for k in ("engine", "model", "precision", "ep", "threads", "test", "n_prompt", "n_gen")}
        row.update({name: line(low[name], big[name]) if low.get(name) is not None and big.get(name) is not None else None
                    for name in SCALED_KEYS})
        ms_low, ms_big = _typical_ms(low), _typical_ms(big)
        note = f"linear in layers from {layers_small} and {layers_large} to {target} (medians)"
        if ms_low is None or ms_big is None or ms_big <= ms_low:
            row.update(tokens_per_s_mean=None, status=ERROR,
                       note=f"not extrapolated: {layers_large} layers measured no slower than {layers_small} (noise)")
        else:
            ms = line(ms_low, ms_big)
            if row["n_gen"]:
                row.update(token_ms_p50=ms, tokens_per_s_mean=1000 / ms)
            else:
                row.update(ttft_ms=ms, tokens_per_s_mean=row["n_prompt"] / (ms / 1000))
            row.update(status=EXTRAPOLATED, note=note)
        row["model"] = f"{row['model']} ({target} layers, extrapolated)"
        out.append(row)
    return out


def record_from_dict(row: dict) -> Record:
    return Record(**{k: v for k, v in row.items() if k in Record.__dataclass_fields__})
