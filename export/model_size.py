"""How big a model is, read without loading its weights: safetensors headers, GGUF tensor infos or a random-init
config give the elements of its vocab-sized tables, of everything else and of its largest tensor (what the memory
guard's estimate reads)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.errors import ExportError


@dataclass(frozen=True)
class ModelSize:
    """What the estimate reads of a model, from headers or its config only (no weights loaded)."""
    embedding: int  # elements of the vocab-sized tables (embedding, and lm_head when untied)
    rest: int  # every other weight's elements
    largest: int  # elements of the biggest single tensor
    source_kind: str  # hf | gguf | random
    streamable: bool = True  # an architecture the streaming writer builds (qwen3/llama, no attention bias/rope scaling)
    weight_bytes: int = 0  # the source's weights on disk (hf: safetensors files)

    @property
    def parameters(self) -> int:
        return self.embedding + self.rest


def _is_table(name: str) -> bool:
    """A vocab-sized table: HF's embed_tokens / lm_head, GGUF's token_embd / output (not blk.N.attn_output)."""
    return "embed_tokens" in name or name.startswith("lm_head") or name in ("token_embd.weight", "output.weight")


def _streamable(config: dict) -> bool:
    from terminus_edge.export.streaming.sources import STREAMING_MODEL_TYPES

    return (config.get("model_type") in STREAMING_MODEL_TYPES and not config.get("attention_bias")
            and not config.get("rope_scaling"))


def size_from_config(config: dict, source_kind: str = "random") -> ModelSize:
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_dim = config.get("head_dim") or hidden // heads
    kv_heads = config.get("num_key_value_heads") or heads
    per_layer = 2 * hidden * head_dim * (heads + kv_heads) + 3 * hidden * config["intermediate_size"]
    table = config["vocab_size"] * hidden
    tables = table * (1 if config.get("tie_word_embeddings") else 2)
    return ModelSize(tables, config["num_hidden_layers"] * per_layer, max(table, hidden * config["intermediate_size"]),
                     source_kind, _streamable(config))


def _size_from_hf_dir(path: Path) -> ModelSize:
    import math

    from safetensors import safe_open

    embedding = rest = largest = on_disk = 0
    for weights in sorted(path.glob("*.safetensors")):
        on_disk += weights.stat().st_size
        with safe_open(str(weights), framework="np") as handle:
            for name in handle.keys():
                count = math.prod(handle.get_slice(name).get_shape())
                largest = max(largest, count)
                if _is_table(name):
                    embedding += count
                else:
                    rest += count
    config = json.loads((path / "config.json").read_text())
    return ModelSize(embedding, rest, largest, "hf", _streamable(config), on_disk)


def _size_from_gguf(path: Path) -> ModelSize:
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    counts = {tensor.name: int(tensor.n_elements) for tensor in reader.tensors}
    embedding = sum(n for name, n in counts.items() if _is_table(name))
    field_ = reader.fields.get("general.architecture")
    arch = bytes(field_.parts[-1]).decode() if field_ is not None else None
    return ModelSize(embedding, sum(counts.values()) - embedding, max(counts.values(), default=0), "gguf",
                     _streamable({"model_type": arch}), path.stat().st_size)


def model_size(source, *, random_init=None, layers=None) -> ModelSize | None:
    """The model's size from safetensors headers, GGUF tensor infos or a random-init config; None when the
    source cannot be read (the source checks that come next say why, in one line)."""
    try:
        if random_init is not None:
            from terminus_edge.export.sources import random_config

            return size_from_config(random_config(random_init, layers), "random")
        path = Path(source)
        if path.is_file() and path.suffix == ".gguf":
            return _size_from_gguf(path)
        if path.is_dir() and (path / "config.json").is_file():
            return _size_from_hf_dir(path)
    except ExportError:
        raise
    except Exception:  # noqa: BLE001 - unreadable headers: prepare_source reports them properly
        return None
    return None
