"""`terminus-edge generate` and `terminus-edge chat`: thin wrappers over terminus_edge.runtime.

onnxruntime and the runtime are imported inside the commands so `terminus-edge --help` stays fast.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings

import click


# onnxruntime makes every thread up front: 100 000 of them hung the load for minutes (64 on 2 cores: 14 s for 2 tokens).
MAX_THREADS = 1024


def _text(value: str) -> str:
    """A prompt as valid UTF-8 (bytes that are not, from stdin or argv, become U+FFFD): the tokenizer refuses
    Python's surrogate escapes with a TypeError."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _model_options(func):
    options = [
        click.option("--bundle", "bundle", type=click.Path(file_okay=False), default=None,
                     help="Bundle directory (default: the cached default bundle)."),
        click.option("--ep", default="auto", show_default=True,
                     help="Execution provider: auto, cpu, cuda or any onnxruntime provider name."),
        click.option("--threads", type=click.IntRange(min=1, max=MAX_THREADS), default=None,
                     help="Intra-op threads (default: onnxruntime's choice)."),
        click.option("--max-new-tokens", type=click.IntRange(min=0), default=256, show_default=True, help="Stop after this many new tokens."),
        click.option("--temperature", type=click.FloatRange(min=0.0), default=0.0, show_default=True, help="0 means greedy."),
        click.option("--top-p", type=click.FloatRange(min=0.0, max=1.0, min_open=True), default=1.0, show_default=True, help="Nucleus sampling: keep the smallest set of tokens with this much probability (1 = all)."),
        click.option("--top-k", type=click.IntRange(min=0), default=0, show_default=True, help="0 means no top-k cut."),
        click.option("--seed", type=int, default=None, help="Seed for sampling (reproducible output)."),
        click.option("--stop", "stop", multiple=True, help="Stop when this text appears (repeatable); it is not printed."),
        click.option("--system", default=None, help="System message (chat template only)."),
        click.option("--stats", is_flag=True, help="Print load/prefill/decode timings to stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load(bundle, ep, threads):
    import os

    from terminus_edge.model import check_bundle_integrity
    from terminus_edge.paths import default_bundle_dir
    from terminus_edge.runtime.chat_model import OnnxChatModel

    if bundle is not None or default_bundle_dir().is_dir():  # else load() says how to build the default one
        check_bundle_integrity(bundle or default_bundle_dir())  # a corrupt file: one line naming it
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if threads and threads > cpus:
        click.echo(f"warning: --threads {threads} is more than the {cpus} CPUs here; onnxruntime is slower "
                   "when its threads outnumber the cores", err=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = OnnxChatModel.load(bundle, ep=ep, threads=threads)
    for warning in caught:
        click.echo(f"warning: {warning.message}", err=True)
    return model


def _params(max_new_tokens, temperature, top_p, top_k, seed, stop):
    from terminus_edge.runtime.generate import GenerationParams
    from terminus_edge.runtime.sampling import SamplingParams

    sampling = SamplingParams(temperature=temperature, top_p=top_p, top_k=top_k, seed=seed)
    return GenerationParams(max_new_tokens=max_new_tokens, sampling=sampling, stop=tuple(stop))


def _print_stats(model, stats) -> None:
    click.echo(f"[{model.name} {model.precision} on {model.ep}] load {model.load_s * 1000:.0f} ms, {stats.describe()}", err=True)


def _stream_out(delta: str) -> None:
    click.echo(delta, nl=False)
    sys.stdout.flush()


@click.command()
@_model_options
@click.option("--raw", is_flag=True, help="Feed the prompt as is, without the chat template.")
@click.option("--ignore-eos", is_flag=True, help="Always make --max-new-tokens tokens (benchmarks).")
@click.argument("prompt", required=False)
def generate(bundle, ep, threads, max_new_tokens, temperature, top_p, top_k, seed, stop, system, stats, raw, ignore_eos, prompt):
    """Generate a reply to PROMPT (or stdin when PROMPT is '-' or left out), streaming it to stdout."""
    if prompt is None or prompt == "-":
        if prompt is None and sys.stdin.isatty():
            raise click.UsageError("give a PROMPT (or pipe one on stdin)")
        prompt = sys.stdin.buffer.read().decode("utf-8", "replace")  # whatever the locale's strictness
    prompt, system = _text(prompt), system and _text(system)
    if raw and system:
        raise click.UsageError("--system needs the chat template; drop --raw")
    model = _load(bundle, ep, threads)
    if raw:
        ids = model.encode_raw(prompt)
    else:
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        ids = model.encode_chat(messages)
    params = dataclasses.replace(_params(max_new_tokens, temperature, top_p, top_k, seed, stop), ignore_eos=ignore_eos)
    result = model.generate_ids(ids, params, on_text=_stream_out)
    click.echo("")
    if stats:
        _print_stats(model, result.stats)


@click.command()
@_model_options
def chat(bundle, ep, threads, max_new_tokens, temperature, top_p, top_k, seed, stop, system, stats):
    """Chat in the terminal: one line per turn, the history is kept. /reset clears it, /exit (or EOF) quits."""
    from terminus_edge.runtime.generate import PromptTooLong

    model = _load(bundle, ep, threads)
    params = _params(max_new_tokens, temperature, top_p, top_k, seed, stop)
    base = [{"role": "system", "content": _text(system)}] if system else []
    history: list[dict] = []
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(f"{model.name} ({model.precision}, {model.ep}). /exit to quit, /reset to forget the conversation.", err=True)
    while True:
        if interactive:
            click.echo("> ", nl=False, err=True)
        line = sys.stdin.buffer.readline().decode("utf-8", "replace")
        if not line:
            break
        text = _text(line.strip())
        if not text:
            continue
        if text in ("/exit", "/quit"):
            break
        if text == "/reset":
            history.clear()
            continue
        history.append({"role": "user", "content": text})
        while True:
            try:
                ids = model.encode_chat(base + history)
                result = model.generate_ids(ids, params, on_text=_stream_out)
                break
            except PromptTooLong:
                if len(history) <= 1:
                    raise
                del history[:2]  # forget the oldest exchange and try again
        click.echo("")
        history.append({"role": "assistant", "content": result.text})
        if stats:
            _print_stats(model, result.stats)
