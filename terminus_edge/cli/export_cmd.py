"""`terminus-edge export`: a thin wrapper over terminus_edge.export.export_model (imported when run)."""

from __future__ import annotations

import errno
import signal
from contextlib import contextmanager
from pathlib import Path

import click

PRECISIONS = ("fp32", "fp16", "int8", "int4")
GGUF_BLOCK_CHOICES = ("auto", "4bit", "all", "off")


def gguf_block_types(choice: str, source, precision: str, backend: str, block_size: int, low_memory: bool) -> tuple:
    """The GGUF tensor types whose blocks the export keeps; `auto` = the 4-bit ones wherever they can apply."""
    from terminus_edge.export.gguf_blocks import FOUR_BIT_BLOCK_TYPES, GGUF_BLOCK_TYPES

    if choice == "off":
        return ()
    if choice == "auto":
        applies = (str(source or "").endswith(".gguf") and precision == "int4" and backend == "builder"
                   and block_size == 32 and not low_memory)
        return FOUR_BIT_BLOCK_TYPES if applies and _holds_blocks(source, FOUR_BIT_BLOCK_TYPES) else ()
    types = FOUR_BIT_BLOCK_TYPES if choice == "4bit" else GGUF_BLOCK_TYPES
    if str(source or "").endswith(".gguf") and not _holds_blocks(source, types):  # before the export, not after it
        from terminus_edge.errors import ExportError

        raise ExportError(f"{Path(source).name} has no {'/'.join(types)} weights to keep: "
                          "use --gguf-blocks auto or off (re-quantize)")
    return types


def _holds_blocks(gguf_path, types: tuple) -> bool:
    """Whether the GGUF has a tensor of one of `types`: an F16/BF16/Q8_0 file has nothing for `auto` to keep
    (it is re-quantized, not refused after the whole export). An unreadable file is the source check's to report."""
    try:
        from gguf import GGUFReader

        return any(tensor.tensor_type.name in types for tensor in GGUFReader(str(gguf_path)).tensors)
    except Exception:  # noqa: BLE001 - prepare_source says what is wrong with the file, in one line
        return True


# I/O failures of the machine, not of the export's code: one line instead of a traceback from deep in a library.
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO)


@contextmanager
def cleanup_on_termination():
    """SIGTERM / SIGHUP end an export like Ctrl-C does: as an exception, so its work folder beside --out (GBs for
    a 4B model) is removed on the way out. Python's default for them is to die on the spot and leave it.
    A full disk (or another disk failure) is one ExportError line; the work folder is removed all the same."""
    from terminus_edge.errors import ExportError
    from terminus_edge.signal_exit import signal_exit

    def stop(signum, frame):
        raise SystemExit(signal_exit(signum))

    saved = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    except OSError as error:
        if error.errno not in _DISK_ERRORS:
            raise
        target = error.filename2 or error.filename  # a copy or rename: filename is its source, filename2 what it wrote
        where = f" writing {target}" if target else ""
        raise ExportError(f"export failed{where}: {error.strerror or error} (the previous bundle, if any, is "
                          "unchanged; free some space or choose another --out)") from None
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@click.command("export")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Bundle directory to write (default: <cache>/bundles/<source name>-<precision>).")
@click.option("--precision", type=click.Choice(PRECISIONS), default="int4", show_default=True,
              help="Weights of the bundle: int4/int8 block-quantized (MatMulNBits), fp16 or fp32.")
@click.option("--backend", type=click.Choice(("builder", "optimum")), default=None,
              help="builder (default): onnxruntime-genai model builder (GroupQueryAttention, faster decode); optimum: "
                   "optimum-onnx + onnxruntime quantizer. Unless one is named, an int4 export that would not fit in "
                   "memory uses the --low-memory writer instead.")
@click.option("--random-init", metavar="PRESET|CONFIG", default=None,
              help="Random weights instead of SOURCE: preset `qwen3-4b` or a config.json path.")
@click.option("--layers", type=int, default=None, help="With --random-init: keep the layer shape, use N layers.")
@click.option("--tokenizer", type=click.Path(path_type=Path), default=None,
              help="Tokenizer to bundle (bundle/HF dir or tokenizer.json); random-init defaults to the default bundle's.")
@click.option("--block-size", type=int, default=32, show_default=True,
              help="Weights per fp32 scale (int4/int8), a power of two >= 16; int4 needs one that divides the "
                   "model's hidden, intermediate and attention sizes. int4: 32 = 5 bits a weight, 64 = 4.5, 128 = 4.25: larger "
                   "is faster and smaller but less accurate (benchmarks/RESULTS.md, 'int4 block size').")
@click.option("--accuracy-level", type=click.IntRange(0, 4), default=4, show_default=True,
              help="MatMulNBits accuracy_level (4: int8 activations).")
@click.option("--quantize-lm-head/--no-quantize-lm-head", default=True, show_default=True,
              help="Quantize the output projection (and the tied embedding) too.")
@click.option("--no-validate", is_flag=True, help="Skip comparing the bundle with the torch source (not recommended).")
@click.option("--threads", type=click.IntRange(1, 1024), default=None, help="onnxruntime threads for validation.")
@click.option("--low-memory", is_flag=True,
              help="Stream one tensor at a time into the builder's int4 graph (peak RSS ~2 GB for a 4B model); int4 "
                   "only. An HF or GGUF source is then validated against torch where the reference fits in memory "
                   "(fp32, else bf16), or the validation is skipped and the report says so.")
@click.option("--force", is_flag=True, envvar="TERMINUS_EDGE_EXPORT_FORCE",
              help="Skip the memory check: export as asked even when the estimated peak exceeds the available memory "
                   "(also TERMINUS_EDGE_EXPORT_FORCE=1).")
@click.option("--gguf-blocks", type=click.Choice(GGUF_BLOCK_CHOICES), default="auto", show_default=True,
              help="From a .gguf (builder, int4, block 32): keep the file's own blocks instead of re-quantizing. "
                   "4bit: Q4_0 exact, Q4_1 refitted to integer zero points (auto picks it when it applies); "
                   "all: also Q8_0 kept at 8 bits (closest to the source, 4-11% slower decode); off: re-quantize.")
@click.option("--target", type=click.Choice(("cpu", "cuda")), default="cpu", show_default=True,
              help="Where the bundle runs best. cuda: float16 activations and KV cache for onnxruntime-gpu's CUDA "
                   "kernels (int4 or fp16; it still runs on CPU, slower than a cpu bundle).")
@click.option("--verbose", is_flag=True, help="Show the exporters' own output too (it is always logged to a file).")
def export(source, out_dir, precision, backend, random_init, layers, tokenizer, block_size, accuracy_level,
           quantize_lm_head, no_validate, threads, low_memory, force, gguf_blocks, target, verbose):
    """Convert SOURCE (a Hugging Face model directory or a .gguf file) into an ONNX bundle.

    One line per stage on stderr; the exporters' own output (builder, tqdm, warnings) goes to <cache>/logs/, whose
    path is said if the export fails (and with --verbose). Every export is validated against the torch model on
    fixed prompts unless --no-validate. Before the heavy work
    the export's peak memory is estimated: when it would not fit, the export validates against a bf16 reference,
    switches to --low-memory, or stops with the options that fit (--force exports as asked).
    """
    from terminus_edge.export import export_model
    from terminus_edge.paths import bundles_dir

    if out_dir is None:
        stem = random_init if random_init else (source.stem if source else "model")
        stem = Path(stem).stem if random_init and Path(random_init).suffix else stem
        suffix = f"-{layers}l" if layers else ""
        out_dir = bundles_dir() / f"{stem}{suffix}-{precision}{'-cuda' if target == 'cuda' else ''}".lower()
    if (Path(out_dir) / "manifest.json").is_file():
        click.echo(f"[export] note: {out_dir} holds a bundle: it is replaced once the new one is complete "
                   "(an export that fails or is stopped leaves it as it is)", err=True)
    from terminus_edge.export.output_log import captured_output, log_path_for

    with captured_output(log_path_for(Path(out_dir).name), verbose=verbose), cleanup_on_termination():
        manifest = export_model(
            source, out_dir, precision=precision, backend=backend, validate=not no_validate, random_init=random_init,
            layers=layers, tokenizer=tokenizer, block_size=block_size, accuracy_level=accuracy_level,
            quantize_lm_head=quantize_lm_head, threads=threads, low_memory=low_memory, force=force,
            gguf_blocks=gguf_block_types(gguf_blocks, source, precision, backend or "builder", block_size, low_memory),
            gguf_blocks_optional=gguf_blocks == "auto", target=target,
        )
    click.echo(report_line(Path(out_dir), manifest))


def report_line(out_dir: Path, manifest: dict) -> str:
    """The export's result on one line: where, what, how big, how it validated, its peak memory."""
    import resource

    size = sum(p.stat().st_size for p in Path(out_dir).iterdir() if p.is_file())
    validation = manifest["validation"]
    carried = manifest.get("quantization", {}).get("matmuls")  # export/gguf_graph.py: GGUF blocks kept
    kept = f", GGUF blocks kept in {carried['exact'] + carried['fitted']} of {sum(carried.values())} MatMuls" if carried else ""
    line = f"bundle written: {out_dir} ({manifest['precision']}, {manifest['backend']}, {size / 1e6:.1f} MB{kept})"
    if validation.get("status") == "skipped":
        line += f"; NOT validated ({validation.get('reason') or '--no-validate'})"
    else:
        reference = validation.get("reference", "torch fp32") + {"gguf": " of the dequantized GGUF",
                                                                "random": " of the random weights"}.get(manifest["source"]["kind"], "")
        line += (f"; vs {reference}: max |logit diff| {validation['max_abs_logit_diff']:.3g}, "
                 f"next-token agreement {validation['next_token_agreement']:.1%}, "
                 f"KV-cache diff {validation['kv_cache_max_abs_diff']:.3g} ({validation['status']})")
    return line + f"; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9:.1f} GB"
