"""terminus_edge.export: turn a model (HF directory, GGUF file, random init) into a quantized ONNX bundle.

Heavy libraries (torch, transformers, onnxruntime-genai, optimum) are imported only inside the functions.
"""

from terminus_edge.export.api import BACKENDS, PRECISIONS, export_model
from terminus_edge.export.default_model import build_default_bundle

__all__ = ["BACKENDS", "PRECISIONS", "build_default_bundle", "export_model"]
