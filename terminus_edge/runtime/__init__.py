"""Pure-inference runtime: onnxruntime + tokenizers + numpy + jinja2 (never torch/transformers/optimum).

Entry points (import the submodule you need; this package imports nothing so `manifest` stays cheap):
- chat_model.OnnxChatModel.load(bundle=None, ep="auto", threads=None) -> a ChatModel (terminus_edge.model)
  with chat(), chat_result(), stream_chat(), generate_ids(), encode_chat(), encode_raw().
- generate.Generator / GenerationParams / GenerationResult / GenerationStats: the decoding loop.
- decoder.Decoder / KVCache: one forward step of a decoder graph with its KV cache.
- session.create_session / resolve_provider: execution provider choice with CPU fallback.
- prepacked_cache.open_session / warm: machine-local cache of the optimized graph with its prepacked int4
  weights (memory-mapped on load; opt-in via `terminus-edge bundle warm`).
- bundle.load_bundle, chat_template.ChatTemplate, sampling.SamplingParams, text_stream.TextStream.
"""
