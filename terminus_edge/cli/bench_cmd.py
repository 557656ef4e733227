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
