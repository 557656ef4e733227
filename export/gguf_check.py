"""A GGUF file checked before any work: readable, an architecture the caller supports, its shape named in its
metadata and matching its tensors, every tensor of a type the installed gguf package can dequantize. Each problem is
one ExportError line instead of a traceback after minutes of work (or a 30 GB allocation)."""

from __future__ import annotations

from pathlib import Path

from terminus_edge.errors import ExportError


def read_gguf(path: Path, supported: tuple[str, ...]):
    """(GGUFReader, architecture) of a GGUF every export path can read; ExportError naming what is wrong
    (unreadable file, architecture, shape metadata, a tensor type gguf-py cannot dequantize) otherwise."""
    try:
        from gguf import GGUFReader

        reader = GGUFReader(str(path))
        arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()
    except Exception as error:  # noqa: BLE001 - any parse failure means "not a readable GGUF"
        raise ExportError(f"unreadable GGUF file {path} ({path.stat().st_size} bytes; truncated, or not a GGUF file?): "
                          f"gguf: {error}") from None
    if arch not in supported:
        raise ExportError(f"unsupported architecture {arch!r} in {path} (supported: {', '.join(supported)})")
    check_gguf_shape(reader, arch, path)
    check_gguf_tensor_types(reader, path)
    return reader, arch


def check_gguf_tensor_types(reader, path: Path) -> None:
    """ExportError before any work when a tensor's type cannot be dequantized by the installed gguf package
    (transformers' loader and the streaming reader both use it): one line instead of its NotImplementedError
    traceback after minutes of work."""
    import numpy as np
    from gguf import GGML_QUANT_SIZES, quants

    by_type: dict = {}
    for tensor in reader.tensors:
        by_type.setdefault(tensor.tensor_type, []).append(tensor.name)
    bad = {}
    for qtype, names in by_type.items():
        try:
            quants.dequantize(np.zeros((1, GGML_QUANT_SIZES[qtype][1]), np.uint8), qtype)
        except (NotImplementedError, KeyError, ValueError):
            bad[qtype.name] = names
    if bad:
        from importlib.metadata import version

        detail = "; ".join(f"{name} ({names[0]}{f' and {len(names) - 1} more' if len(names) > 1 else ''})"
                           for name, names in bad.items())
        raise ExportError(f"unsupported GGUF tensor type in {path}: {detail}: gguf {version('gguf')} cannot dequantize "
                          "it; convert the model to F32/F16/BF16, Q4_0-Q8_0, a K-quant or an IQ type first")


GGUF_REQUIRED_KEYS = ("block_count", "embedding_length", "feed_forward_length", "attention.head_count")


def check_gguf_shape(reader, arch: str, path: Path) -> None:
    """ExportError unless the GGUF's metadata names the model's shape and its tensors have that shape.

    transformers fills a missing key with its config class's default (Llama: 32 layers, hidden 4096) and
    allocates that model in fp32 before it reads a tensor: a 30 GB allocation for a file of a few kB."""
    def value(key: str):
        field = reader.fields.get(key)
        return int(field.parts[-1][0]) if field is not None and len(field.parts[-1]) else None

    missing = [f"{arch}.{key}" for key in GGUF_REQUIRED_KEYS if value(f"{arch}.{key}") is None]
    if "tokenizer.ggml.tokens" not in reader.fields:
        missing.append("tokenizer.ggml.tokens")
    if missing:
        raise ExportError(f"incomplete GGUF file {path}: no {', '.join(missing)} in its metadata")
    shapes = {tensor.name: [int(n) for n in tensor.shape] for tensor in reader.tensors}
    hidden, layers = value(f"{arch}.embedding_length"), value(f"{arch}.block_count")
    embedding = shapes.get("token_embd.weight")
    if embedding is None or embedding[0] != hidden:
        raise ExportError(f"inconsistent GGUF file {path}: {arch}.embedding_length is {hidden} but token_embd.weight "
                          f"is {'missing' if embedding is None else 'x'.join(map(str, embedding))}")
    blocks = {name.split(".")[1] for name in shapes if name.startswith("blk.")}
    if len(blocks) != layers:
        raise ExportError(f"inconsistent GGUF file {path}: {arch}.block_count is {layers} but it holds "
                          f"tensors for {len(blocks)} layers")
    from terminus_edge.export.gguf_config import gguf_head_dim

    query, heads, head_dim = shapes.get("blk.0.attn_q.weight"), value(f"{arch}.attention.head_count"), gguf_head_dim(reader, arch)
    if query is not None and query[-1] != heads * head_dim:
        said = (f"{arch}.attention.key_length is {head_dim}" if value(f"{arch}.attention.key_length")
                else f"{arch}.attention.key_length absent: embedding_length / head_count")
        raise ExportError(f"inconsistent GGUF file {path}: blk.0.attn_q.weight is {'x'.join(map(str, query))} but "
                          f"{arch}.attention.head_count x head size is {heads} x {head_dim} ({said})")
