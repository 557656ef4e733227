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
    """Config and tokenizer as the builder path makes them (sources.py helpers); weights generated later."""
    config = common._random_config(preset, layers)
    _check_type(config, preset)
    meta = work / "meta"
    meta.mkdir(parents=True)
    notes = []
    if tokenizer is not None:
        common._copy_tokenizer(common._tokenizer_dir(tokenizer), meta)
        tok_source = f"--tokenizer {tokenizer}"
    elif default_tokenizer is not None:
        common._copy_tokenizer(default_tokenizer, meta)
        tok_source = f"default bundle {default_tokenizer}"
    else:
        common.build_small_tokenizer(meta)
        tok_source = "small locally trained BPE tokenizer (default bundle not built)"
        notes.append("random-init model uses a small locally trained tokenizer: build the default bundle first to borrow its tokenizer")
    tok_size = common.tokenizer_vocab_size(meta / "tokenizer.json")
    if tok_size > config["vocab_size"]:
        raise ExportError(f"tokenizer has {tok_size} ids but the model's vocab_size is {config['vocab_size']}")
    added = common.add_placeholders(meta / "tokenizer.json", config["vocab_size"])
    config.update(common._special_ids_from_tokenizer(meta))
    (meta / "config.json").write_text(json.dumps(config, indent=2))
    info = {"source": tok_source, "vocab_size": tok_size, "placeholders": {"format": "<unk_{id}>", "first_id": tok_size, "count": added}}
    return RandomReader(config), common.PreparedSource(meta, "random", preset, {}, notes, info)


def from_gguf(path: Path, work: Path) -> tuple[GGUFTensorReader, common.PreparedSource]:
    """Config and tokenizer through transformers' GGUF metadata parser (no tensors loaded)."""
    from gguf import GGUFReader
    from transformers import AutoTokenizer
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    config = dict(load_gguf_checkpoint(str(path), return_tensors=False)["config"])
    _check_type(config, str(path))
    names = {t.name for t in GGUFReader(str(path)).tensors}
    config["tie_word_embeddings"] = "output.weight" not in names
    config.setdefault("num_key_value_heads", config["num_attention_heads"])
    config.setdefault("rms_norm_eps", 1e-6)
    config.setdefault("rope_theta", 10000.0)
    meta = work / "meta"
    tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    tok.save_pretrained(meta)
    (meta / "config.json").write_text(json.dumps(config, indent=2))
    return GGUFTensorReader(path, config), common.PreparedSource(meta, "gguf", str(path), {path.name: common._sha256(path)})
