"""A GGUF's model config as llama.cpp reads its metadata, for transformers' loader and the streaming writer.

transformers' GGUF parser (4.57) maps no head_dim for llama, qwen2 or qwen3: a Qwen3 GGUF got Qwen3Config's default
128 and the streaming writer hidden/heads, so any file whose `<arch>.attention.key_length` differs from that failed
in torch (a size-mismatch traceback) or, with --low-memory, made a graph that cannot load."""

from __future__ import annotations

from pathlib import Path


def field_int(reader, key: str) -> int | None:
    field = reader.fields.get(key)
    return int(field.parts[-1][0]) if field is not None and len(field.parts[-1]) else None


def gguf_head_dim(reader, arch: str) -> int:
    """`<arch>.attention.key_length`, or embedding_length / head_count when absent (llama.cpp's default)."""
    return field_int(reader, f"{arch}.attention.key_length") or (
        field_int(reader, f"{arch}.embedding_length") // field_int(reader, f"{arch}.attention.head_count"))


def _reader_and_arch(path: Path):
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    return reader, bytes(reader.fields["general.architecture"].parts[-1]).decode()


def gguf_config(path: Path) -> dict:
    """transformers' config dict of the GGUF (no tensors loaded) with the file's head_dim."""
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    config = dict(load_gguf_checkpoint(str(path), return_tensors=False)["config"])
    config["head_dim"] = gguf_head_dim(*_reader_and_arch(path))
    return config


def load_gguf_model(path: Path, dtype, **kwargs):
    """transformers' dequantized torch model of the GGUF, built with the file's head_dim."""
    from transformers import AutoConfig, AutoModelForCausalLM

    path = Path(path)
    config = AutoConfig.from_pretrained(str(path.parent), gguf_file=path.name)
    config.head_dim = gguf_head_dim(*_reader_and_arch(path))
    return AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, config=config, dtype=dtype,
                                                **kwargs)
