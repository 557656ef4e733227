"""Turn what the user points at (HF directory, .gguf file, random-init preset or config) into one HF directory.

Both backends and the validator read a plain Hugging Face directory (config.json + safetensors +
tokenizer), so GGUF files and random-weight models are materialized into one first.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.gguf_check import read_gguf
from terminus_edge.export.progress import stage
from terminus_edge.export.tokenizer_tools import add_placeholders, build_small_tokenizer, tokenizer_vocab_size
from terminus_edge.runtime.manifest import sha256_file

SUPPORTED_MODEL_TYPES = ("qwen3", "llama", "qwen2")

# Qwen3-4B-Instruct-2507's shape (Terminus-4B is this shape; its weights are not public).
PRESETS: dict[str, dict] = {
    "qwen3-4b": {
        "architectures": ["Qwen3ForCausalLM"],
        "model_type": "qwen3",
        "hidden_size": 2560,
        "intermediate_size": 9728,
        "num_hidden_layers": 36,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "vocab_size": 151936,
        "max_position_embeddings": 262144,
        "rope_theta": 5000000.0,
        "rms_norm_eps": 1e-6,
        "tie_word_embeddings": True,
        "hidden_act": "silu",
        "attention_bias": False,
        "bos_token_id": 151643,
        "eos_token_id": 151645,
    },
}


@dataclass
class PreparedSource:
    hf_dir: Path  # config.json + weights + tokenizer files
    kind: str  # hf | gguf | random
    path: str  # what the user gave (preset name for random)
    sha256: dict[str, str] = field(default_factory=dict)  # file name -> sha256 of the source weights
    notes: list[str] = field(default_factory=list)  # things the user should know (tokenizer choice, ...)
    tokenizer_info: dict = field(default_factory=dict)


def _check_model_type(config: dict, where: str) -> None:
    model_type = config.get("model_type")
    if model_type not in SUPPORTED_MODEL_TYPES:
        raise ExportError(
            f"unsupported architecture {model_type!r} in {where} (supported: {', '.join(SUPPORTED_MODEL_TYPES)})"
        )


def _check_hf_dir(path: Path) -> list[Path]:
    config_path = path / "config.json"
    if not config_path.is_file():
        raise ExportError(f"not a Hugging Face model directory: {config_path} is missing")
    try:
        config = json.loads(config_path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise ExportError(f"unreadable {config_path}: {error}") from None
    _check_model_type(config, str(config_path))
    missing = [key for key in RANDOM_INIT_SIZES if not isinstance(config.get(key), int) or config[key] < 1]
    if missing:  # transformers would fill them with its defaults and allocate that model (8B for Qwen3)
        raise ExportError(f"incomplete {config_path}: no positive integer {', '.join(missing)}")
    weights = sorted(path.glob("*.safetensors"))
    if not weights:
        pickled = sorted(p.name for p in path.glob("*.bin") if p.name.startswith("pytorch_model"))
        hint = (f" ({pickled[0]} is a pickle, which export does not load: re-save the model with "
                "save_pretrained(dir, safe_serialization=True))") if pickled else ""
        raise ExportError(f"no weights in {path}: model.safetensors (or *.safetensors shards) is missing{hint}")
    _check_shard_index(path)
    if not (path / "tokenizer.json").is_file():
        raise ExportError(f"no tokenizer in {path}: tokenizer.json is missing (or pass --tokenizer DIR)")
    from safetensors import safe_open

    for weight in weights:  # reads the header only; it also checks the data it describes is all there
        try:
            with safe_open(str(weight), framework="np"):
                pass
        except Exception as error:  # noqa: BLE001 - SafetensorError, OSError: a truncated or foreign file
            raise ExportError(f"unreadable weights {weight}: {error} (truncated or not a safetensors file?)") from None
    return weights


def _check_shard_index(path: Path) -> None:
    """A sharded checkpoint's index names every shard transformers will open: one missing (a partial copy) was a
    FileNotFoundError traceback from inside the builder."""
    index = path / "model.safetensors.index.json"
    if not index.is_file():
        return
    try:
        shards = set(json.loads(index.read_text())["weight_map"].values())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise ExportError(f"unreadable {index}: {error!r} (it should map each tensor to its shard)") from None
    missing = sorted(str(shard) for shard in shards if not (path / str(shard)).is_file())
    if missing:
        raise ExportError(f"incomplete sharded weights in {path}: {', '.join(missing)} named by "
                          f"model.safetensors.index.json {'is' if len(missing) == 1 else 'are'} missing")


def _copy_tokenizer(src_dir: Path, dst_dir: Path) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"):
        if (src_dir / name).is_file():
            shutil.copy2(src_dir / name, dst_dir / name)


def _tokenizer_dir(tokenizer: str | Path) -> Path:
    """--tokenizer may name a bundle or HF directory, or a tokenizer.json file."""
    path = Path(tokenizer)
    directory = path.parent if path.is_file() else path
    if not (directory / "tokenizer.json").is_file():
        raise ExportError(f"tokenizer not found: {directory / 'tokenizer.json'} is missing")
    return directory


def _from_hf_dir(path: Path, work: Path, tokenizer: str | Path | None) -> PreparedSource:
    weights = _check_hf_dir(path) if tokenizer is None else None
    if tokenizer is None:
        return PreparedSource(path, "hf", str(path), {w.name: sha256_file(w) for w in weights})
    # A different tokenizer: link the weights into a work dir beside the chosen tokenizer files.
    hf_dir = work / "hf"
    hf_dir.mkdir(parents=True, exist_ok=True)
    for item in path.iterdir():
        if item.is_file() and not item.name.startswith("tokenizer") and item.name not in ("special_tokens_map.json", "chat_template.jinja"):
            (hf_dir / item.name).symlink_to(item.resolve())
    _copy_tokenizer(_tokenizer_dir(tokenizer), hf_dir)
    weights = _check_hf_dir(hf_dir)
    return PreparedSource(hf_dir, "hf", str(path), {w.name: sha256_file(w) for w in weights})


def _from_gguf(path: Path, work: Path) -> PreparedSource:
    from transformers import AutoTokenizer

    from terminus_edge.export.gguf_config import load_gguf_model

    read_gguf(path, SUPPORTED_MODEL_TYPES)
    hf_dir = work / "hf"
    with stage("dequantize", f"{path.name} with transformers"):
        model = load_gguf_model(path, "float32")
        # transformers warns here that the GGUF's tokenizer class (GPT2Tokenizer: a byte-level BPE) is not the
        # LlamaTokenizerFast it builds for a llama GGUF, and about `legacy` (which it says to ignore for a GGUF): the
        # tokenizer.json it saves is the GGUF's own BPE vocabulary and merges, which is what the bundle uses.
        tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
        model.save_pretrained(hf_dir, safe_serialization=True)
        tok.save_pretrained(hf_dir)
    return PreparedSource(hf_dir, "gguf", str(path), {path.name: sha256_file(path)})


def random_config(random_init: str, layers: int | None) -> dict:
    """The config of a --random-init model: a preset's, or a config file's (checked), with --layers applied."""
    if random_init in PRESETS:
        config = dict(PRESETS[random_init])
    else:
        config_path = Path(random_init)
        if config_path.is_dir():
            config_path = config_path / "config.json"
        if not config_path.is_file():
            raise ExportError(f"--random-init: no preset named {random_init!r} (presets: {', '.join(PRESETS)}) and no config file {config_path}")
        try:
            config = json.loads(config_path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ExportError(f"--random-init: unreadable config {config_path}: {error}") from None
        if not isinstance(config, dict):
            raise ExportError(f"--random-init: {config_path} is not a JSON object")
        _check_model_type(config, str(config_path))
        # transformers fills a missing size with its config class's default (an 8B-parameter Qwen3): refuse instead
        missing = [key for key in RANDOM_INIT_SIZES if not isinstance(config.get(key), int) or config[key] < 1]
        if missing:
            raise ExportError(f"--random-init: {config_path} has no positive integer {', '.join(missing)}")
    if layers is not None:
        if layers < 1:
            raise ExportError(f"--layers must be at least 1, got {layers}")
        config["num_hidden_layers"] = layers
    return config


RANDOM_INIT_SIZES = ("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "vocab_size")


def random_init_bytes(config: dict) -> int:
    """The fp32 bytes of a random-weight model of `config` (what building it in torch holds in memory)."""
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_dim = config.get("head_dim") or hidden // heads
    kv_heads = config.get("num_key_value_heads") or heads
    per_layer = 2 * hidden * head_dim * (heads + kv_heads) + 3 * hidden * config["intermediate_size"]
    embeddings = config["vocab_size"] * hidden * (1 if config.get("tie_word_embeddings") else 2)
    return 4 * (embeddings + config["num_hidden_layers"] * per_layer)


def check_random_init_fits(config: dict) -> None:
    """ExportError before torch allocates a random model that does not fit in the memory available now
    (the kernel's OOM killer would end the export, and maybe other work on the machine, instead)."""
    import psutil

    need, available = random_init_bytes(config), psutil.virtual_memory().available
    if need > available:
        raise ExportError(f"random weights for this config take {need / 1e9:.1f} GB in fp32 and {available / 1e9:.1f} GB "
                          "of memory is available: use --layers N (same layer shape, fewer layers) or --low-memory")


def special_token_ids(hf_dir: Path) -> dict:
    """bos/eos/pad token ids (config.json fields) of the tokenizer files in hf_dir."""
    from tokenizers import Tokenizer

    tok_config = json.loads((hf_dir / "tokenizer_config.json").read_text()) if (hf_dir / "tokenizer_config.json").is_file() else {}
    tokenizer = Tokenizer.from_file(str(hf_dir / "tokenizer.json"))
    ids = {}
    for key in ("bos", "eos", "pad"):
        entry = tok_config.get(f"{key}_token")
        text = entry.get("content") if isinstance(entry, dict) else entry
        ids[f"{key}_token_id"] = tokenizer.token_to_id(text) if text else None
    return ids


def install_random_init_tokenizer(dst: Path, tokenizer: str | Path | None, default_tokenizer: Path | None,
                                  vocab_size: int) -> tuple[dict, list[str]]:
    """Tokenizer files for a random-weight model in dst: --tokenizer, else the default bundle's, else a small
    locally trained BPE; padded with placeholder tokens up to vocab_size. Returns (tokenizer_info, notes)."""
    notes = []
    if tokenizer is not None:
        _copy_tokenizer(_tokenizer_dir(tokenizer), dst)
        tok_source = f"--tokenizer {tokenizer}"
    elif default_tokenizer is not None and (default_tokenizer / "tokenizer.json").is_file():
        _copy_tokenizer(default_tokenizer, dst)
        tok_source = f"default bundle {default_tokenizer}"
    else:
        build_small_tokenizer(dst)
        tok_source = "small locally trained BPE tokenizer (default bundle not built)"
        notes.append("random-init model uses a small locally trained tokenizer: build the default bundle first to borrow its tokenizer")
    tok_size = tokenizer_vocab_size(dst / "tokenizer.json")
    if tok_size > vocab_size:
        raise ExportError(f"tokenizer has {tok_size} ids but the model's vocab_size is {vocab_size}: pass --tokenizer with at most {vocab_size} ids")
    added = add_placeholders(dst / "tokenizer.json", vocab_size)
    info = {"source": tok_source, "vocab_size": tok_size, "placeholders": {"format": "<unk_{id}>", "first_id": tok_size, "count": added}}
    return info, notes


def _from_random(random_init: str, layers: int | None, work: Path, tokenizer: str | Path | None, default_tokenizer: Path | None) -> PreparedSource:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config_dict = random_config(random_init, layers)
    check_random_init_fits(config_dict)
    hf_dir = work / "hf"
    hf_dir.mkdir(parents=True, exist_ok=True)
    info, notes = install_random_init_tokenizer(hf_dir, tokenizer, default_tokenizer, int(config_dict.get("vocab_size", 0)))
    config_dict.update(special_token_ids(hf_dir))  # a preset's own ids mean nothing to this tokenizer
    name = config_dict.get("model_type")
    config = AutoConfig.for_model(name, **{k: v for k, v in config_dict.items() if k != "model_type"})
    with stage("random weights", f"{name}, {config.num_hidden_layers} layers, hidden {config.hidden_size}"):
        torch.manual_seed(0)
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        model.save_pretrained(hf_dir, safe_serialization=True)
        del model
    weights = sorted(hf_dir.glob("*.safetensors"))
    return PreparedSource(hf_dir, "random", random_init, {w.name: sha256_file(w) for w in weights}, notes, info)


def prepare_source(source: str | Path | None, work: Path, *, random_init: str | None = None, layers: int | None = None,
                   tokenizer: str | Path | None = None, default_tokenizer: Path | None = None) -> PreparedSource:
    """Resolve SOURCE (or --random-init) to an HF directory under `work` (or the source dir itself)."""
    work = Path(work)
    if random_init is not None:
        if source is not None:
            raise ExportError("give either SOURCE or --random-init, not both")
        return _from_random(random_init, layers, work, tokenizer, default_tokenizer)
    if source is None:
        raise ExportError("nothing to export: give SOURCE (HF directory or .gguf file) or --random-init PRESET|CONFIG")
    if layers is not None:
        raise ExportError("--layers only applies to --random-init")
    path = Path(source)
    if not path.exists():
        raise ExportError(f"source not found: {path}")
    if path.is_file() and path.suffix == ".gguf":
        if tokenizer is not None:
            raise ExportError("--tokenizer is not supported with a GGUF source (the GGUF carries its tokenizer)")
        return _from_gguf(path, work)
    if path.is_dir():
        return _from_hf_dir(path, work, tokenizer)
    raise ExportError(f"unrecognized source {path}: expected a Hugging Face model directory or a .gguf file")
