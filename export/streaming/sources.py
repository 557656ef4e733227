"""Resolve SOURCE for the streaming exporter into (lazy tensor reader, metadata directory). The metadata
directory holds config.json + tokenizer files (what write_bundle reads), never the weights."""

from __future__ import annotations

import json
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export import sources as common
from terminus_edge.export.streaming.readers import GGUFTensorReader, RandomReader, SafetensorsReader

STREAMING_MODEL_TYPES = ("qwen3", "llama")


def _check_type(config: dict, where: str) -> None:
    if config.get("model_type") not in STREAMING_MODEL_TYPES:
        raise ExportError(f"--low-memory supports {', '.join(STREAMING_MODEL_TYPES)}; {where} is {config.get('model_type')!r}")
    if config.get("attention_bias") or config.get("rope_scaling"):
        raise ExportError(f"--low-memory does not handle attention bias or rope scaling ({where})")


def from_hf_dir(path: Path, work: Path, tokenizer) -> tuple[SafetensorsReader, common.PreparedSource]:
    prepared = common.prepare_source(path, work, tokenizer=tokenizer)  # checks files, links a --tokenizer
    _check_type(json.loads((prepared.hf_dir / "config.json").read_text()), str(path))
    return SafetensorsReader(prepared.hf_dir), prepared


def from_random(preset: str, layers, work: Path, tokenizer, default_tokenizer) -> tuple[RandomReader, common.PreparedSource]:
    """Config and tokenizer as the builder path makes them (export/sources.py); weights generated later."""
    config = common.random_config(preset, layers)
    _check_type(config, preset)
    meta = work / "meta"
    meta.mkdir(parents=True)
    info, notes = common.install_random_init_tokenizer(meta, tokenizer, default_tokenizer, config["vocab_size"])
    config.update(common.special_token_ids(meta))
    (meta / "config.json").write_text(json.dumps(config, indent=2))
    return RandomReader(config), common.PreparedSource(meta, "random", preset, {}, notes, info)


def from_gguf(path: Path, work: Path) -> tuple[GGUFTensorReader, common.PreparedSource]:
    """Config and tokenizer through transformers' GGUF metadata parser (no tensors loaded)."""
    from transformers import AutoTokenizer

    from terminus_edge.export.gguf_config import gguf_config

    reader, arch = common.read_gguf(path, common.SUPPORTED_MODEL_TYPES)  # one-line errors before transformers parses it
    _check_type({"model_type": arch}, str(path))  # a qwen2 GGUF: the streaming writer's limit, not the exporter's
    config = gguf_config(path)
    _check_type(config, str(path))
    names = {t.name for t in reader.tensors}
    config["tie_word_embeddings"] = "output.weight" not in names
    config.setdefault("num_key_value_heads", config["num_attention_heads"])
    config.setdefault("rms_norm_eps", 1e-6)
    config.setdefault("rope_theta", 10000.0)
    meta = work / "meta"
    tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    tok.save_pretrained(meta)
    (meta / "config.json").write_text(json.dumps(config, indent=2))
    return GGUFTensorReader(path, config), common.PreparedSource(meta, "gguf", str(path), {path.name: common.sha256_file(path)})
