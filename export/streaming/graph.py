"""One function per layer part, each adding the builder backend's nodes (same names, same ops) to a Graph
whose weights go straight to the external-data file. Weights are [N out, K in] Hugging Face matrices."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from terminus_edge.export.streaming.data_file import ExternalDataFile
from terminus_edge.export.streaming.quant import quantize_int4_chunks

MS = "com.microsoft"


@dataclass
class Graph:
    data: ExternalDataFile
    block_size: int
    accuracy_level: int
    epsilon: float
    float_type: type = np.float32  # float16 for --target cuda (onnxruntime's CUDA GroupQueryAttention is fp16-only)
    nodes: list = field(default_factory=list)
    initializers: list = field(default_factory=list)
    constants: set = field(default_factory=set)

    def node(self, op: str, name: str, inputs: list[str], outputs: list[str] | None = None, domain: str = "", **attrs):
        from onnx import helper

        outputs = outputs or [f"{name}/output_0"]
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name, domain=domain, **attrs))
        return outputs[0]

    def constant(self, values: list[int] | int) -> str:
        """An INT64 Constant node named like the builder's (/model/constants/INT64/[...])."""
        from onnx import helper

        name = f"/model/constants/INT64/{values}"
        if name not in self.constants:
            self.constants.add(name)
            array = np.array(values, dtype=np.int64)
            tensor = helper.make_tensor(name, 7, array.shape, array.tobytes(), raw=True)
            self.nodes.insert(0, helper.make_node("Constant", [], [name], name=name.replace("constants", "constant_nodes"), value=tensor))
        return name

    def initializer(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(self.data.add(name, np.ascontiguousarray(array, dtype=self.float_type)))
        return name


def quantized_weight(g: Graph, prefix: str, weight: np.ndarray) -> tuple[str, str]:
    """Quantize `weight` chunk by chunk into `<prefix>.weight_Q4G<bs>` and `<prefix>.weight_scale`."""
    rows, k = weight.shape
    q_name, s_name = f"{prefix}.weight_Q4G{g.block_size}", f"{prefix}.weight_scale"
    packed = g.data.begin(q_name, np.uint8, (rows, k // g.block_size, g.block_size // 2))
    scales = []
    for chunk, scale in quantize_int4_chunks(weight, g.block_size):
        g.data.extend(packed, chunk)
        scales.append(scale)
    g.initializers.append(packed)
    g.initializers.append(g.data.add(s_name, np.concatenate(scales).astype(g.float_type)))
    return q_name, s_name


def matmul(g: Graph, name: str, x: str, weight: np.ndarray, prefix: str, output: str | None = None) -> str:
    """MatMulNBits x @ weight.T (weight quantized to int4 blocks)."""
    rows, k = weight.shape
    q_name, s_name = quantized_weight(g, prefix, weight)
    return g.node("MatMulNBits", f"{name}_Q4", [x, q_name, s_name], [output or f"{name}/output_0"], domain=MS,
                  K=k, N=rows, bits=4, block_size=g.block_size, accuracy_level=g.accuracy_level)


def mask_subgraph(g: Graph) -> tuple[str, str]:
    """GroupQueryAttention's seqlens_k (mask sum - 1) and total_sequence_length (mask width), int32."""
    base = "/model/attn_mask_reformat/attn_mask_subgraph"
    width = g.node("Gather", f"{base}/Gather", [g.node("Shape", f"{base}/Shape", ["attention_mask"]), g.constant(1)], axis=0)
    lengths = g.node("Sub", f"{base}/Sub", [g.node("ReduceSum", f"{base}/ReduceSum", ["attention_mask", g.constant([1])], keepdims=0), g.constant([1])])
    return (g.node("Cast", f"{base}/Sub/Cast", [lengths], to=6), g.node("Cast", f"{base}/Gather/Cast", [width], to=6))


def rotary_caches(g: Graph, head_dim: int, theta: float, length: int) -> tuple[str, str]:
    """cos/sin tables [positions, head_dim/2] computed like the builder (torch float32, no rope scaling): numpy's
    float32 pow/cos round differently, and the error grows with the position (2e-4 at 8k)."""
    import torch

    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    freqs = torch.outer(torch.arange(length, dtype=torch.int64).type_as(inv_freq), inv_freq)
    return g.initializer("cos_cache", freqs.cos().numpy()), g.initializer("sin_cache", freqs.sin().numpy())


def embedding(g: Graph, table: np.ndarray, tied: bool) -> str:
    """Tied: quantize the table once as the lm_head weight; GatherBlockQuantized reads rows of it."""
    vocab, hidden = table.shape
    base = "/model/embed_tokens"
    if not tied:
        return g.node("Gather", f"{base}/Gather", [g.initializer("model.embed_tokens.weight", table), "input_ids"])
    q_name, s_name = quantized_weight(g, "lm_head.MatMul", table)
    flat = g.node("Reshape", f"{base}/Reshape", [q_name, g.constant([vocab, hidden // 2])])
    return g.node("GatherBlockQuantized", f"{base}/GatherBlockQuantized", [flat, "input_ids", s_name], domain=MS,
                  bits=4, block_size=g.block_size, gather_axis=0, quantize_axis=1)


def norm(g: Graph, name: str, x: str, weight_name: str, weight: np.ndarray, output: str | None = None) -> str:
    return g.node("SimplifiedLayerNormalization", name, [x, g.initializer(weight_name, weight)],
                  [output or f"{name}/output_0"], axis=-1, epsilon=g.epsilon, stash_type=1)


def skip_norm(g: Graph, name: str, residual: str, x: str, weight_name: str, weight: np.ndarray, layer_path: str,
              keep_sum: bool = True) -> tuple[str, str | None]:
    """SkipSimplifiedLayerNormalization: (norm(residual + x), residual + x)."""
    outputs = [f"{layer_path}/output_0", "", "", f"{layer_path}/output_3"] if keep_sum else [f"{layer_path}/output_0"]
    g.node("SkipSimplifiedLayerNormalization", name, [residual, x, g.initializer(weight_name, weight)], outputs,
           domain=MS, epsilon=g.epsilon)
    return outputs[0], outputs[-1] if keep_sum else None


def attention(g: Graph, layer: int, x: str, w: dict, shape: dict, mask: tuple[str, str], rotary: tuple[str, str]) -> str:
    """Fused qkv MatMulNBits -> (qwen3: Split, per-head q/k RMSNorm) -> GroupQueryAttention -> o_proj."""
    base, heads, kv, head_dim = f"/model/layers.{layer}/attn", shape["heads"], shape["kv_heads"], shape["head_dim"]
    qkv = np.concatenate([w["q_proj"], w["k_proj"], w["v_proj"]])
    fused = matmul(g, f"{base}/qkv_proj/MatMul", x, qkv, f"model.layers.{layer}.attn.qkv_proj.MatMul")
    del qkv
    q, k, v = fused, "", ""  # without q/k norms GroupQueryAttention takes the packed qkv as its query
    if "q_norm" in w:
        split = [f"{base}/qkv_proj/Split/output_{i}" for i in range(3)]
        g.node("Split", f"{base}/qkv_proj/Split", [fused, g.constant([heads * head_dim, kv * head_dim, kv * head_dim])], split, axis=-1)
        q, k, v = split
        for part, width in (("q", heads * head_dim), ("k", kv * head_dim)):
            nb = f"{base}/{part}_norm"
            flat = g.node("Reshape", f"{nb}/Reshape_1", [q if part == "q" else k, g.constant([0, -1, head_dim])])
            normed = norm(g, f"{nb}/SimplifiedLayerNormalization", flat, f"model.layers.{layer}.attn.{part}_norm.layernorm.weight", w[f"{part}_norm"])
            out = g.node("Reshape", f"{nb}/Reshape_2", [normed, g.constant([0, -1, width])])
            q, k = (out, k) if part == "q" else (q, out)
    attn = g.node("GroupQueryAttention", f"{base}/GroupQueryAttention",
                  [q, k, v, f"past_key_values.{layer}.key", f"past_key_values.{layer}.value", *mask, *rotary],
                  [f"{base}/GroupQueryAttention/output_0", f"present.{layer}.key", f"present.{layer}.value"], domain=MS,
                  num_heads=heads, kv_num_heads=kv, scale=float(1 / np.sqrt(head_dim)), softcap=0.0, do_rotary=1,
                  rotary_interleaved=0)
    return matmul(g, f"{base}/o_proj/MatMul", attn, w["o_proj"], f"model.layers.{layer}.attn.o_proj.MatMul")


def mlp(g: Graph, layer: int, x: str, w: dict) -> str:
    """SwiGLU: down(silu(gate(x)) * up(x)), silu as x * Sigmoid(x) like the builder."""
    base = f"/model/layers.{layer}/mlp"
    gate = matmul(g, f"{base}/gate_proj/MatMul", x, w["gate_proj"], f"model.layers.{layer}.mlp.gate_proj.MatMul")
    up = matmul(g, f"{base}/up_proj/MatMul", x, w["up_proj"], f"model.layers.{layer}.mlp.up_proj.MatMul")
    act = g.node("Mul", f"{base}/act_fn/Mul", [gate, g.node("Sigmoid", f"{base}/act_fn/Sigmoid", [gate])])
    product = g.node("Mul", f"{base}/Mul", [act, up])
    return matmul(g, f"{base}/down_proj/MatMul", product, w["down_proj"], f"model.layers.{layer}.mlp.down_proj.MatMul")


def lm_head(g: Graph, x: str, weight: np.ndarray | None, tied_names: tuple[str, str] | None, vocab: int, hidden: int) -> str:
    """Untied: its own MatMulNBits weight; tied: the embedding's quantized table (already written)."""
    if weight is not None:
        return matmul(g, "/lm_head/MatMul", x, weight, "lm_head.MatMul", output="logits")
    q_name, s_name = tied_names
    return g.node("MatMulNBits", "/lm_head/MatMul_Q4", [x, q_name, s_name], ["logits"], domain=MS, K=hidden, N=vocab,
                  bits=4, block_size=g.block_size, accuracy_level=g.accuracy_level)
