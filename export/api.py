"""export_model: source -> HF dir -> ONNX graph (builder or optimum backend) -> validation -> bundle."""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.progress import say, stage
from terminus_edge.runtime.manifest import MANIFEST_NAME

PRECISIONS = ("fp32", "fp16", "int8", "int4")
BACKENDS = ("builder", "optimum")
TARGETS = ("cpu", "cuda")


def architecture_fields(hf_dir: Path) -> dict:
    config = json.loads((hf_dir / "config.json").read_text())
    heads = config["num_attention_heads"]
    return {
        "model_type": config["model_type"],
        "num_layers": config["num_hidden_layers"],
        "hidden_size": config["hidden_size"],
        "intermediate_size": config.get("intermediate_size"),
        "num_attention_heads": heads,
        "num_key_value_heads": config.get("num_key_value_heads", heads),
        "head_dim": config.get("head_dim") or config["hidden_size"] // heads,
        "vocab_size": config["vocab_size"],
        "tie_word_embeddings": bool(config.get("tie_word_embeddings", False)),
        "max_position_embeddings": config.get("max_position_embeddings"),
        "rope_theta": config.get("rope_theta"),
    }


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MANIFEST_NAME).is_file())):
        raise ExportError(f"output {out_dir} exists and is not a bundle: choose another --out or remove it")


def prepare_out_dir(out_dir, block_size: int) -> Path:
    """Checks every backend makes before it starts: a valid block size and an output path it may (re)place."""
    if block_size < 16 or block_size & (block_size - 1):
        raise ExportError(f"block size must be a power of two >= 16, got {block_size}")
    out_dir = Path(out_dir).expanduser().resolve()
    _check_out_dir(out_dir)
    try:  # the work folder goes beside out_dir (one filesystem: the finished bundle is renamed into place)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=f".{out_dir.name}.probe-", dir=out_dir.parent))
    except OSError as error:
        raise ExportError(f"cannot write the bundle to {out_dir}: {error.strerror or error} "
                          f"({error.filename or out_dir.parent}); choose another --out") from None
    return out_dir


def check_block_size(config: dict, block_size: int) -> None:
    """int4 blocks must tile every MatMul input size K: the shared int4 embedding/lm_head table is read as
    [vocab, K/2] bytes by GatherBlockQuantized, which a padded last block breaks (the builder then emits a graph
    that fails at its first run), and the streaming writer stores unpadded blocks."""
    heads = config["num_attention_heads"]
    sizes = {"hidden": config["hidden_size"], "intermediate": config["intermediate_size"],
             "attention": heads * (config.get("head_dim") or config["hidden_size"] // heads)}
    bad = {name: k for name, k in sizes.items() if k % block_size}
    if bad:
        fits = [b for b in (256, 128, 64, 32, 16) if all(k % b == 0 for k in sizes.values())]
        raise ExportError(f"block size {block_size} does not divide the model's input sizes "
                          f"({', '.join(f'{n} {k}' for n, k in bad.items())}): "
                          + (f"use --block-size {fits[0]} or smaller" if fits else "no power-of-two block >= 16 fits"))


def default_tokenizer_dir() -> Path | None:
    """The default bundle, when built: random-init exports borrow its tokenizer."""
    from terminus_edge.paths import default_bundle_dir

    path = default_bundle_dir()
    return path if (path / "tokenizer.json").is_file() else None


def export_model(source, out_dir, *, precision="int4", backend=None, validate=True, random_init=None, layers=None,
                 tokenizer=None, block_size=32, accuracy_level=4, quantize_lm_head=True, threads=None,
                 source_label=None, low_memory=False, gguf_blocks=(), gguf_blocks_optional=False, force=False,
                 target="cpu") -> dict:
    """Export a model to a bundle at out_dir (replacing a bundle already there); return its manifest.

    backend: "builder" or "optimum"; None = the builder, or the streaming writer when the memory guard finds the
    builder would not fit (export/memory_guard.py), which may also validate against a bf16 reference or refuse.
    source_label: what the manifest records as the source path when `source` is a temporary file.
    low_memory: stream tensors one at a time (int4 only; export/streaming).
    gguf_blocks: GGUF tensor types (e.g. export.gguf_blocks.GGUF_BLOCK_TYPES) whose blocks replace the builder's
    re-quantized int4 weights (builder int4 from a .gguf source only); gguf_blocks_optional: they were picked
    automatically, so a switch to the streaming writer may drop them.
    force: no memory check (also TERMINUS_EDGE_EXPORT_FORCE=1).
    target: "cpu" or "cuda" (float16 activations and KV cache for onnxruntime's CUDA kernels; int4 and fp16 only).
    """
    if precision not in PRECISIONS:
        raise ExportError(f"unknown precision {precision!r} (choose from {', '.join(PRECISIONS)})")
    if (backend or "builder") not in BACKENDS:
        raise ExportError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    prepare_out_dir(out_dir, block_size)  # its one-line errors before the memory plan's
    gguf_blocks = _check_target(target, precision, backend, gguf_blocks, gguf_blocks_optional)
    if target == "cuda" and not low_memory:
        message, low_memory = cuda_writer_note(precision, backend)
        say(message)
    if low_memory:
        _check_low_memory_request(precision, quantize_lm_head, gguf_blocks)
    decision = _memory_plan(source, random_init=random_init, layers=layers, precision=precision, backend=backend,
                            low_memory=low_memory, validate=validate, force=force,
                            streamable=precision == "int4" and quantize_lm_head and (gguf_blocks_optional or not gguf_blocks))
    reference, skipped = ("auto" if low_memory else "fp32"), None
    if decision is not None:
        low_memory, reference, skipped = decision.low_memory, decision.validation, decision.skipped
        validate = validate and (low_memory or reference is not None)
        if low_memory and gguf_blocks and gguf_blocks_optional:
            say(f"note: the streaming writer re-quantizes the GGUF's {'/'.join(gguf_blocks)} blocks (the builder keeps them)")
            gguf_blocks = ()
    if low_memory:
        _check_low_memory_request(precision, quantize_lm_head, gguf_blocks)
        from terminus_edge.export.streaming import export_low_memory

        manifest = export_low_memory(source, out_dir, random_init=random_init, layers=layers, tokenizer=tokenizer,
                                     block_size=block_size, accuracy_level=accuracy_level, validate=validate,
                                     threads=threads, source_label=source_label, reference=reference, skipped=skipped,
                                     target=target)
    else:
        manifest = _export_graph(source, out_dir, precision=precision, backend=backend or "builder", validate=validate,
                                 random_init=random_init, layers=layers, tokenizer=tokenizer, block_size=block_size,
                                 accuracy_level=accuracy_level, quantize_lm_head=quantize_lm_head, threads=threads,
                                 source_label=source_label, gguf_blocks=gguf_blocks, reference=reference, target=target)
    if decision is not None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        say(f"memory: peak RSS {peak / 1e9:.1f} GB, estimated {decision.estimate.peak / 1e9:.1f} GB "
            f"({decision.estimate.path}{f', {decision.validation} validation' if decision.validation else ''}); "
            f"{decision.available / 1e9:.1f} GB was available")
    return manifest


def _export_graph(source, out_dir, *, precision, backend, validate, random_init, layers, tokenizer, block_size,
                  accuracy_level, quantize_lm_head, threads, source_label, gguf_blocks, reference, target="cpu") -> dict:
    """The builder or optimum export: source -> HF dir -> ONNX graph -> validation -> bundle."""
    from terminus_edge.export.sources import prepare_source

    if gguf_blocks and (backend != "builder" or precision != "int4" or block_size != 32
                        or not str(source or "").endswith(".gguf")):
        raise ExportError("GGUF blocks go into builder int4 block-32 graphs from a .gguf source only")
    out_dir = prepare_out_dir(out_dir, block_size)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}.work-", dir=out_dir.parent) as tmp:
        work = Path(tmp)
        prepared = prepare_source(source, work / "source", random_init=random_init, layers=layers,
                                  tokenizer=tokenizer,
                                  default_tokenizer=default_tokenizer_dir() if random_init and tokenizer is None else None)
        gc.collect()  # a GGUF's or random-init's torch model, saved and dropped, before the builder loads its own
        for note in prepared.notes:
            say(f"note: {note}")
        if precision == "int4":
            check_block_size(json.loads((prepared.hf_dir / "config.json").read_text()), block_size)
        onnx_dir = work / "onnx"
        if backend == "builder":
            from terminus_edge.export.builder import run_builder

            made = run_builder(prepared.hf_dir, onnx_dir, precision, cache_dir=work / "cache", block_size=block_size,
                               accuracy_level=accuracy_level, quantize_lm_head=quantize_lm_head, target=target)
            if gguf_blocks:
                from terminus_edge.export.gguf_graph import carry_gguf_blocks

                with stage("carry GGUF blocks", f"the GGUF's {'/'.join(gguf_blocks)} blocks into the graph"):
                    made = carry_gguf_blocks(onnx_dir / "model.onnx", Path(source),
                                             json.loads((prepared.hf_dir / "config.json").read_text()), made, gguf_blocks)
        else:
            from terminus_edge.export.optimum_backend import run_optimum

            made = run_optimum(prepared.hf_dir, onnx_dir, precision, work=work / "optimum", block_size=block_size,
                               accuracy_level=accuracy_level, quantize_lm_head=quantize_lm_head)
        export_seconds = time.perf_counter() - started
        gc.collect()  # the builder's torch model and graph sit in reference cycles: free them before validation loads its own
        if validate:
            from terminus_edge.export.validate import validate_export

            validation = validate_export(prepared.hf_dir, onnx_dir / "model.onnx", precision, threads=threads,
                                         reference=reference)
        else:
            say("warning: --no-validate: the bundle was NOT compared with the source model")
            validation = {"status": "skipped"}
        backend_fields = {"precision": precision, "backend": backend, "target": target,
                          "backend_options": made["options"], "quantization": made["quantization"]}
        return install_bundle(out_dir, work, onnx_dir, prepared, backend_fields, validation=validation,
                              export_seconds=export_seconds, source_label=source_label)


def cuda_writer_note(precision: str, backend: str | None) -> tuple[str, bool]:
    """What `--target cuda` without --low-memory says, and whether it takes the streaming writer instead."""
    if precision == "int4" and backend is None:
        return ("note: --target cuda int4 uses the streaming writer (--low-memory): the builder's graph at a fraction "
                "of its memory; both gave their CPU logits on a GPU (benchmarks/RESULTS.md, 'CUDA, session 12')"), True
    if precision == "int4":
        return "note: the builder's int4 CUDA graph was checked on a GPU (benchmarks/RESULTS.md, 'CUDA, session 12')", False
    return (f"warning: the builder's {precision} CUDA graph is not verified on a GPU (int4 is: benchmarks/RESULTS.md, "
            "'CUDA, session 12')"), False


def _check_target(target: str, precision: str, backend, gguf_blocks, gguf_blocks_optional: bool):
    """One-line errors for what a CUDA bundle cannot be; the GGUF blocks it drops (they carry float32 scales)."""
    if target not in TARGETS:
        raise ExportError(f"unknown target {target!r} (choose from {', '.join(TARGETS)})")
    if target == "cpu":
        return gguf_blocks
    if precision not in ("int4", "fp16"):
        raise ExportError(f"--target cuda makes int4 or fp16 bundles (onnxruntime's CUDA GroupQueryAttention is "
                          f"float16 only), not {precision}")
    if (backend or "builder") != "builder":
        raise ExportError("--target cuda needs the builder export (or --low-memory), not --backend optimum")
    if gguf_blocks and not gguf_blocks_optional:
        raise ExportError("--gguf-blocks carries float32 scales: use --gguf-blocks off with --target cuda")
    if gguf_blocks:
        say("note: --target cuda re-quantizes the GGUF's weights (its blocks are carried into cpu bundles only)")
    return ()


def _check_low_memory_request(precision: str, quantize_lm_head: bool, gguf_blocks) -> None:
    if gguf_blocks:
        raise ExportError("--gguf-blocks needs the builder export: drop --low-memory or use --gguf-blocks off")
    if precision != "int4" or not quantize_lm_head:
        raise ExportError(f"--low-memory supports --precision int4 with a quantized lm_head only (got {precision}"
                          f"{'' if quantize_lm_head else ', --no-quantize-lm-head'})")


def _memory_plan(source, **request):
    """The memory guard's plan (after the cheap checks of the request: their one-line errors come first); a change
    of plan is said on one line. The estimate is said at the end, beside the measured peak."""
    from terminus_edge.export.memory_guard import plan_export

    decision = plan_export(source, **request)
    if decision is not None and decision.note:
        say(f"note: {decision.note}")
    return decision


def install_bundle(out_dir: Path, work: Path, onnx_dir: Path, prepared, backend_fields: dict, *, validation: dict,
                   export_seconds: float, source_label=None) -> dict:
    """The last step of every backend: manifest fields, bundle files, replace out_dir, then the runtime's
    last-position graph (made after validation, which needs every position's logits)."""
    from terminus_edge.export.bundle_writer import write_bundle
    from terminus_edge.export.graph_passes import add_last_logits_graph
    from terminus_edge.export.kernel_validation import record_kernel_check

    fields = {
        "name": out_dir.name,
        "architecture": architecture_fields(prepared.hf_dir),
        **backend_fields,
        "source": {"kind": prepared.kind, "path": source_label or prepared.path, "sha256": prepared.sha256},
        "tokenizer_info": prepared.tokenizer_info,
        "validation": validation,
        "export_seconds": round(export_seconds, 1),
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    with stage("write", str(out_dir)):
        staging = work / "bundle"
        write_bundle(staging, onnx_dir, prepared.hf_dir, fields)
        manifest = add_last_logits_graph(staging)  # complete before it replaces anything (the graph is relocatable)
        if validation.get("status") != "skipped":  # --no-validate: no comparison of any kind
            manifest = record_kernel_check(staging, manifest)
        swap_in(staging, out_dir)
    return manifest


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished bundle `staging` at `out_dir` (same filesystem: renames), replacing a bundle there.

    Ctrl-C / SIGTERM are held for the two renames, so an interrupted or failed export leaves either the old
    bundle or the new one at out_dir, never neither (the old one was removed first before)."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}") if out_dir.exists() else None
    try:
        if old is not None:
            os.replace(out_dir, old)
        try:
            os.replace(staging, out_dir)
        except OSError:
            if old is not None:
                os.replace(old, out_dir)
            raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
