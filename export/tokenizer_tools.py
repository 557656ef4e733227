"""Tokenizer helpers: a small locally trained tokenizer, and placeholders for ids a tokenizer does not know.

A random-weight model (e.g. Qwen3-4B-shaped, vocab 151936) borrowed tokenizer may know fewer ids than the
model can emit. We extend the tokenizer's vocabulary with added tokens `<unk_N>` for every id from the
tokenizer's size up to the model's vocab size, so any id decodes to something visible with no special
case in the runtime. The manifest records this under `tokenizer.placeholders`.
"""

from __future__ import annotations

import json
from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
PLACEHOLDER_FORMAT = "<unk_{id}>"

_TRAINING_TEXT = [
    "Command: ls -la\nSummary: 12 files listed, exit code 0.",
    "Command: pytest -q\nSummary: 3 failed, 41 passed in 2.1s; exit code 1.",
    "error: could not compile `demo` due to 2 previous errors",
    "The quick brown fox jumps over the lazy dog.",
    "def fibonacci(n):\n    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)",
    "You are a helpful assistant. Run the command and summarize the output faithfully.",
    "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\nValueError: bad input",
    "npm WARN deprecated package; added 120 packages in 4s",
]


def build_small_tokenizer(out_dir: Path, vocab_size: int = 384) -> Path:
    """Train a byte-level BPE tokenizer on a few sentences and save it (with a ChatML template) as HF files.

    Nothing is downloaded. The vocabulary is exactly `vocab_size` ids when the merges allow it (byte
    alphabet 256 + specials + merges); returns out_dir.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(_TRAINING_TEXT * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        unk_token=None,
    )
    fast.chat_template = CHATML_TEMPLATE
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(out_dir)
    return out_dir


def tokenizer_vocab_size(tokenizer_json: Path) -> int:
    """Number of ids the tokenizer can decode (base vocab plus added tokens): max id + 1."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    return max(tok.get_vocab(with_added_tokens=True).values()) + 1


def add_placeholders(tokenizer_json: Path, model_vocab_size: int) -> int:
    """Append `<unk_N>` added tokens for ids in [tokenizer size, model_vocab_size); return how many were added.

    Written straight into tokenizer.json's `added_tokens` list (the tokenizers library assigns ids in order
    only when there are no gaps, so we write explicit ids and check them on reload).
    """
    from tokenizers import Tokenizer

    start = tokenizer_vocab_size(tokenizer_json)
    if start >= model_vocab_size:
        return 0
    data = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    data.setdefault("added_tokens", []).extend(
        {
            "id": token_id,
            "content": PLACEHOLDER_FORMAT.format(id=token_id),
            "single_word": False,
            "lstrip": False,
            "rstrip": False,
            "normalized": False,
            "special": False,
        }
        for token_id in range(start, model_vocab_size)
    )
    Path(tokenizer_json).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    check = Tokenizer.from_file(str(tokenizer_json))
    last = model_vocab_size - 1
    if check.id_to_token(last) != PLACEHOLDER_FORMAT.format(id=last):
        raise RuntimeError(f"placeholder tokens were not assigned their ids in {tokenizer_json}")
    return model_vocab_size - start
