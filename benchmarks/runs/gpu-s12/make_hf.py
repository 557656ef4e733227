"""Random fp16 Hugging Face checkpoints of real shapes (session 9's gpu_check.py make-hf, kept as it was).
usage: make_hf.py make-hf SHAPE OUT [LAYERS]"""
import sys
import time

SHAPES = {
    "smollm2-135m": dict(model_type="llama", architectures=["LlamaForCausalLM"], hidden_size=576, intermediate_size=1536,
                         num_hidden_layers=30, num_attention_heads=9, num_key_value_heads=3, head_dim=64, vocab_size=49152,
                         tie_word_embeddings=True, max_position_embeddings=8192, rope_theta=100000.0, rms_norm_eps=1e-5,
                         bos_token_id=1, eos_token_id=2),
    "qwen3-4b": dict(model_type="qwen3", architectures=["Qwen3ForCausalLM"], hidden_size=2560, intermediate_size=9728,
                     num_hidden_layers=36, num_attention_heads=32, num_key_value_heads=8, head_dim=128, vocab_size=151936,
                     tie_word_embeddings=True, max_position_embeddings=40960, rope_theta=1000000.0, rms_norm_eps=1e-6,
                     bos_token_id=151643, eos_token_id=151645),
}


def make_hf(shape: str, out: str, layers: int | None = None) -> None:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = dict(SHAPES[shape])
    if layers:
        fields["num_hidden_layers"] = layers
    config = AutoConfig.for_model(fields.pop("model_type"), **fields)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    started = time.perf_counter()
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float16)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() == 2:
                param.normal_(0.0, 0.05 if "embed" in name else 0.02)
    model.save_pretrained(out)
    print(f"{shape}: random fp16 HF model in {out} ({time.perf_counter() - started:.1f}s)", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "make-hf":
        make_hf(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)
