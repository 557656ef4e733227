"""`terminus-edge bench …`: a thin group; each benchmark's logic lives in benchmarks/."""

from __future__ import annotations

import click

from terminus_edge.cli.bench_options import (bundle_or_default, compare_bundles, int_list, run_and_report_options,
                                             writable_file)


@click.group()
def bench() -> None:
    """Benchmarks: latency, compare, roofline, fidelity, summarize, tasks."""


def _start_machine(plot: str | None, term_plot: bool) -> dict:
    """The machine block, read before a measurement starts (its load average is the start's), with the method used;
    a plot whose library is missing is refused first."""
    from terminus_edge.benchmarks import plot as plots
    from terminus_edge.benchmarks.latency import METHOD
    from terminus_edge.benchmarks.machine import machine_info

    plots.require(png=bool(plot), term_plot=term_plot)

    return {**machine_info(), "method": METHOD}


def _emit_records(records, machine: dict, fmt: str, plot: str | None, term_plot: bool, with_ratio: bool = False) -> None:
    """Print records in `fmt` (md/csv/json/jsonl) on stdout; plots go to stderr or a PNG. A run cut short by Ctrl-C
    prints what it measured, says so in one line and exits 128 + the signal (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP);
    a run that measured no row at all exits 1."""
    from terminus_edge.benchmarks import plot as plots
    from terminus_edge.benchmarks.interrupted_rows import interrupted_line
    from terminus_edge.benchmarks.machine import finish_run
    from terminus_edge.benchmarks.records import OK, render

    click.echo(render(records, fmt, finish_run(machine), with_ratio=with_ratio))
    if term_plot:
        click.echo(plots.terminal_plot(records), err=True)
    if plot:
        plots.save_png(records, plot)
        click.echo(f"plot written: {plot}", err=True)
    interrupted = interrupted_line(records)
    if interrupted:
        click.echo(interrupted[0], err=True)
        raise SystemExit(interrupted[1])
    if records and not any(r.status == OK for r in records):  # a script running the bench must not take this for a result
        click.echo("Error: no row was measured (the notes above say why)", err=True)
        raise SystemExit(1)


def _emit_with_machine(result: dict, machine: dict, fmt: str, format_text) -> None:
    """A one-off measurement with the machine block read before it: one JSON object, or the machine then format_text(result)."""
    import json

    from terminus_edge.benchmarks.machine import finish_run, format_machine

    machine = finish_run(machine)
    if fmt == "json":
        click.echo(json.dumps({"machine": machine, **result}, indent=2))
    else:
        click.echo(format_machine(machine) + "\n\n" + format_text(result))


@bench.command(short_help="llama-bench-style pp/tg tokens/s per EP and thread count.")
@click.option("--bundle", default=None, callback=bundle_or_default, type=click.Path(file_okay=False, exists=True),
              help="Bundle directory (default: the cached default bundle).")
@click.option("--ep", default="cpu,cuda", show_default=True, help="Execution providers, comma-separated (cpu, cuda, dml, coreml, openvino, …; `all` = every one listed here).")
@click.option("--threads", "threads", default="2", show_default=True, callback=int_list, help="Thread counts, comma-separated (0 = onnxruntime's choice).")
@click.option("-p", "--n-prompt", "prompts", default="128,512", show_default=True, callback=int_list, help="Prompt lengths (pp rows), comma-separated; 0 for none.")
@click.option("-n", "--n-gen", "gens", default="128", show_default=True, callback=int_list, help="Generated tokens (tg rows), comma-separated; 0 for none.")
@click.option("-r", "--repetitions", "reps", default=5, show_default=True, type=click.IntRange(min=1),
              help="Timed repetitions per row (t/s: mean ± standard deviation).")
@run_and_report_options
def latency(bundle, ep, threads, prompts, gens, reps, warmup, fmt, plot, term_plot, interleave, no_progress) -> None:
    """llama-bench-style rows (pp<N>, tg<N>) for a bundle on each EP and thread count; each row in its own process."""
    from terminus_edge.benchmarks.latency import run_latency

    machine = _start_machine(plot, term_plot)
    thread_list = [t or None for t in threads] or [None]
    eps = [e.strip() for e in ep.split(",") if e.strip()]
    records = run_latency(bundle, eps, thread_list, prompts, gens, reps, warmup, progress=not no_progress,
                          interleave=interleave)
    _emit_records(records, machine, fmt, plot, term_plot)


@bench.command(short_help="Peer engines (llama.cpp, optimum…) on the same weights.")
@click.option("--gguf", default=None, type=click.Path(dir_okay=False, exists=True), help="GGUF weights (llama.cpp reads these).")
@click.option("--hf", default=None, type=click.Path(file_okay=False, exists=True), help="Hugging Face model directory of the same weights.")
@click.option("--bundle", "bundles", multiple=True, callback=compare_bundles, metavar="[ENGINE=]DIRECTORY",
              help="Bundle(s) of these weights (repeat). DIRECTORY: every bundle engine (terminus-edge, optimum, "
                   "onnxruntime-genai) runs it; ENGINE=DIRECTORY: only ENGINE runs it, instead of the plain ones (e.g. optimum=DIRECTORY from "
                   "`export --backend optimum`). Default: export the --gguf/--hf one per --precision (cached); bundles alone need no source.")
@click.option("--precision", "precisions", default="int4", show_default=True, help="Precisions to export when no --bundle, comma-separated.")
@click.option("--engines", default="terminus-edge,llama.cpp,optimum,transformers", show_default=True, help="Engines, comma-separated: terminus-edge, llama.cpp, optimum, onnxruntime-genai, transformers.")
@click.option("--threads", "threads", default="2", show_default=True, callback=int_list, help="Thread counts, comma-separated.")
@click.option("--ep", type=click.Choice(("cpu", "cuda")), default="cpu", show_default=True,
              help="Where every engine runs: cuda offloads llama.cpp's layers and runs transformers in fp16; an engine "
                   "whose build here has no CUDA path gets a 'not available here' row saying how to enable it.")
@click.option("-p", "--n-prompt", "prompts", default="128", show_default=True, callback=int_list, help="Prompt lengths (pp rows); 0 for none.")
@click.option("-n", "--n-gen", "gens", default="32", show_default=True, callback=int_list, help="Generated tokens (tg rows); 0 for none.")
@click.option("-d", "--depth", "depths", default="0", show_default=True, callback=int_list,
              help="KV cache depths for the tg rows, comma-separated: each tg row decodes after a prompt of D tokens "
                   "(tg<N>@d<D>, llama-bench's -d); 0 = after a 1-token prompt.")
@click.option("--kernels", type=click.Choice(("on", "off", "both")), default="on", show_default=True,
              help="terminus-edge rows: int4 matmuls on this machine's kernel library (`kernels build`), MatMulNBits, or both.")
@click.option("-r", "--repetitions", "reps", default=3, show_default=True, type=click.IntRange(min=1),
              help="Timed repetitions per row (t/s: mean ± standard deviation).")
@run_and_report_options
def compare(gguf, hf, bundles, precisions, engines, threads, ep, prompts, gens, depths, reps, warmup, fmt, plot, term_plot,
            interleave, no_progress, kernels) -> None:
    """Same prompt, token count and threads on the same weights: terminus-edge vs llama.cpp, optimum, onnxruntime-genai, transformers.

    The model column names the graph a bundle engine ran ("terminus-edge graph", "optimum's own export")."""
    from terminus_edge.benchmarks.compare import run_compare

    machine = _start_machine(plot, term_plot)
    shared, own = bundles
    records = run_compare(gguf=gguf, hf=hf, bundles=shared, engine_bundles=own, precisions=[p.strip() for p in precisions.split(",") if p.strip()],
                          engines=[e.strip() for e in engines.split(",") if e.strip()],
                          threads=[t or None for t in threads] or [None], prompts=prompts, gens=gens, reps=reps,
                          warmup=warmup, progress=not no_progress, interleave=interleave, ep=ep, depths=depths,
                          kernels=kernels)
    _emit_records(records, machine, fmt, plot, term_plot, with_ratio=True)


@bench.command(short_help="Decode's share of the memory-bandwidth ceiling.")
@click.option("--bundle", default=None, callback=bundle_or_default, type=click.Path(file_okay=False, exists=True),
              help="Bundle directory (default: the cached default bundle).")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(min=1), help="Threads for the decode and the probe.")
@click.option("-n", "--n-gen", "n_gen", default=64, show_default=True, type=click.IntRange(min=1), help="Tokens decoded for the measured rate.")
@click.option("--context", default=1, show_default=True, type=click.IntRange(min=1), help="Prompt tokens before decoding (KV cache depth).")
@click.option("-r", "--repetitions", "--rounds", "reps", default=5, show_default=True, type=click.IntRange(min=1),
              help="Rounds, each a bandwidth probe, one decode repetition and the probe again; medians over rounds.")
@click.option("--warmup", default=1, show_default=True, type=click.IntRange(min=0), help="Untimed decode repetitions first.")
@click.option("--array-mb", default=512, show_default=True, type=click.IntRange(min=16),
              help="Array size for the bandwidth probe (copy uses two; 512 was steadier than 128/256 here).")
@click.option("--probe-reps", default=5, show_default=True, type=click.IntRange(min=1), help="Reps per probe kernel (their total bytes / total time).")
@click.option("--probe-after/--no-probe-after", default=True, show_default=True, help="Probe again after each decode repetition.")
@click.option("-o", "--output", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: tables; json: every number, with the machine.")
def roofline(bundle, threads, n_gen, context, reps, warmup, array_mb, probe_reps, probe_after, fmt) -> None:
    """Decode's share of the memory-bandwidth ceiling, bandwidth and decode measured in pairs in one process."""
    from terminus_edge.benchmarks import roofline as rf
    from terminus_edge.benchmarks.machine import machine_info

    machine = machine_info()
    result = rf.roofline(bundle, threads=threads, n_gen=n_gen, context=context, reps=reps, warmup=warmup, array_mb=array_mb,
                         probe_reps=probe_reps, probe_after=probe_after)
    _emit_with_machine(result, machine, fmt, rf.format_roofline)


@bench.command("summarize", short_help="End-to-end summary latency per corpus case (p50/p95).")
@click.option("--corpus", "corpus", required=True, type=click.Path(file_okay=False, exists=True), help="Corpus directory (case folders with meta.json).")
@click.option("--bundle", default=None, type=click.Path(file_okay=False), help="Model bundle (default: the default bundle).")
@click.option("-r", "--repetitions", "reps", default=3, show_default=True, type=click.IntRange(min=1), help="Timed summaries per case.")
@click.option("--warmup", default=1, show_default=True, type=click.IntRange(min=0), help="Untimed summaries first (model warm-up).")
@click.option("--deadline-s", default=20.0, show_default=True, type=click.FloatRange(min=0.1), help="Model time budget per summary.")
@click.option("-o", "--output", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: tables; json: every number, with the machine.")
def summarize_latency(corpus, bundle, reps, warmup, deadline_s, fmt) -> None:
    """End-to-end summary latency per corpus case (p50/p95) with the default model: what a shell user waits for."""
    from terminus_edge.benchmarks.machine import machine_info
    from terminus_edge.benchmarks.summary_latency import format_summary_latency, run_summary_latency

    from terminus_edge.cli.bench_interruptible import exit_if_cancelled, run_cancellable

    machine = machine_info()
    result, cancel = run_cancellable("summarize", lambda cancel: run_summary_latency(
        corpus, bundle, reps=reps, warmup=warmup, deadline_s=deadline_s, cancel=cancel,
        on_case=lambda c: click.echo(f"{c.id}: p50 {c.p50:.0f} ms", err=True)))
    _emit_with_machine(result, machine, fmt, format_summary_latency)
    exit_if_cancelled(cancel, f"{result['calls']} of {result['cases'] * reps} timed calls made (shown above)")


@bench.command(short_help="Score a corpus's summaries: recall, forbidden claims, tokens.")
@click.option("--corpus", "corpus", required=True, type=click.Path(file_okay=False), help="Corpus directory (case folders with meta.json).")
@click.option("--bundle", default=None, type=click.Path(file_okay=False), help="Model bundle for the gist (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="Deterministic summaries only (no model).")
@click.option("--baseline", type=click.Choice(["head-tail", "tail40"]), default=None, help="Score a naive baseline instead.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), callback=writable_file,
              help="Write one JSON line per case here, as each is scored (an existing file is replaced).")
@click.option("--budget", default=200, show_default=True, type=click.IntRange(20, 4000),
              help="Summary token budget (as run's and summarize's --budget).")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON after the table.")
def fidelity(corpus, bundle, no_model, baseline, out, budget, as_json) -> None:
    """Summarize a corpus and score recall, forbidden claims, token reduction and latency."""
    import json

    from terminus_edge.benchmarks import fidelity as fb
    from terminus_edge.benchmarks.machine import finish_run, format_machine, machine_info
    from terminus_edge.cli.bench_interruptible import exit_if_cancelled, lines_to, run_cancellable
    from terminus_edge.model import load_model

    machine, cases = machine_info(), fb.load_corpus(corpus)
    model = None if baseline or no_model else load_model(bundle)

    def scored(cancel, keep):
        summarizer = fb.baseline_summarizer(baseline) if baseline else fb.summarizer_for(model, budget_tokens=budget, cancel=cancel)
        return fb.run_benchmark(cases, summarizer, on_result=keep, cancel=cancel)

    with lines_to(out, fb.jsonl_line) as keep:
        results, cancel = run_cancellable("fidelity", lambda cancel: scored(cancel, keep))
    machine = finish_run(machine)
    click.echo(format_machine(machine) + "\n\n" + fb.format_report(results))
    if as_json:
        click.echo(json.dumps({**fb.totals(results), "machine": machine}))
    exit_if_cancelled(cancel, f"{len(results)} of {len(cases)} cases scored (shown above, written to {out})")


@bench.command(short_help="Run the subagent on task folders; score answers and latency.")
@click.option("--tasks", "tasks_dir", required=True, type=click.Path(file_okay=False), help="Tasks directory (task folders with meta.json, request.txt, repo/).")
@click.option("--bundle", default=None, type=click.Path(file_okay=False), help="Model bundle (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="No model: rules plan, summaries are deterministic.")
@click.option("--planner", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True,
              help="Who picks the commands: auto lets a tool-calling model plan and the rules plan otherwise.")
@click.option("--budget-s", "budget_s", default=300.0, show_default=True, type=click.FloatRange(min=1), help="Wall-clock budget per task.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), callback=writable_file,
              help="Write one JSON line per task here, as each is scored (an existing file is replaced).")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON after the table.")
def tasks(tasks_dir, bundle, no_model, planner, budget_s, out, as_json) -> None:
    """Run the execution subagent on each task (in a temp copy); score recall, forbidden claims, commands, latency."""
    import json

    from terminus_edge.benchmarks import tasks as tb

    from terminus_edge.cli.bench_interruptible import exit_if_cancelled, lines_to, run_cancellable
    from terminus_edge.model import load_model

    loaded = tb.load_tasks(tasks_dir)
    model = None if no_model else load_model(bundle)
    # Ctrl-C stops the whole run (the command in flight and the bench), not only that command as in a shell.
    with lines_to(out, tb.jsonl_line, then=lambda r: click.echo(tb.format_row(r))) as keep:
        results, cancel = run_cancellable("tasks", lambda cancel: tb.run_benchmark(
            loaded, model=model, planner=planner, budget_s=budget_s, on_result=keep, cancel=cancel))
    click.echo(tb.format_totals(results))
    if as_json:
        click.echo(json.dumps(tb.totals(results)))
    exit_if_cancelled(cancel, f"{len(results)} of {len(loaded)} tasks scored (shown above, written to {out})")
