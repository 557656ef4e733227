"""`terminus-edge bench …`: a thin group; each benchmark's logic lives in benchmarks/."""

from __future__ import annotations

import click


@click.group()
def bench() -> None:
    """Benchmarks: latency, compare, roofline, fidelity, tasks."""


@bench.command()
@click.option("--corpus", "corpus", required=True, type=click.Path(file_okay=False), help="Corpus directory (case folders with meta.json).")
@click.option("--bundle", default=None, help="Model bundle for the gist (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="Deterministic summaries only (no model).")
@click.option("--baseline", type=click.Choice(["head-tail", "tail40"]), default=None, help="Score a naive baseline instead.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Write one JSON line per case here.")
@click.option("--budget", default=200, show_default=True, help="Summary token budget.")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON after the table.")
def fidelity(corpus, bundle, no_model, baseline, out, budget, as_json) -> None:
    """Summarize a corpus and score recall, forbidden claims, token reduction and latency."""
    import json

    from terminus_edge.benchmarks import fidelity as fb

    cases = fb.load_corpus(corpus)
    if baseline:
        summarizer = fb.baseline_summarizer(baseline)
    else:
        model = None
        if not no_model:
            from terminus_edge.model import load_model

            model = load_model(bundle)
        summarizer = fb.summarizer_for(model, budget_tokens=budget)
    results = fb.run_benchmark(cases, summarizer)
    fb.write_jsonl(results, out)
    click.echo(fb.format_report(results))
    if as_json:
        click.echo(json.dumps(fb.totals(results)))


@bench.command()
@click.option("--tasks", "tasks_dir", required=True, type=click.Path(file_okay=False), help="Tasks directory (task folders with meta.json, request.txt, repo/).")
@click.option("--bundle", default=None, help="Model bundle (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="No model: rules plan, summaries are deterministic.")
@click.option("--planner", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True)
@click.option("--budget-s", "budget_s", default=300.0, show_default=True, type=click.FloatRange(min=1), help="Wall-clock budget per task.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Write one JSON line per task here.")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON after the table.")
def tasks(tasks_dir, bundle, no_model, planner, budget_s, out, as_json) -> None:
    """Run the execution subagent on each task (in a temp copy); score recall, forbidden claims, commands, latency."""
    import json

    from terminus_edge.benchmarks import tasks as tb

    loaded = tb.load_tasks(tasks_dir)
    model = None
    if not no_model:
        from terminus_edge.model import load_model

        model = load_model(bundle)
    results = tb.run_benchmark(loaded, model=model, planner=planner, budget_s=budget_s,
                               on_result=lambda r: click.echo(tb.format_row(r)))
    tb.write_jsonl(results, out)
    click.echo(tb.format_totals(results))
    if as_json:
        click.echo(json.dumps(tb.totals(results)))
