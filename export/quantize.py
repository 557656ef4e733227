"""Weight-only block quantization with onnxruntime's MatMulNBitsQuantizer (MatMul -> MatMulNBits, Gather ->
GatherBlockQuantized), and saving a graph as model.onnx + one external data file."""

from __future__ import annotations

import os
from pathlib import Path

EXTERNAL_DATA_NAME = "model.onnx.data"


def save_with_external_data(model, out_path: Path) -> None:
    """Save an onnx ModelProto as `out_path` with all weights in EXTERNAL_DATA_NAME beside it."""
    import onnx

    out_path = Path(out_path)
    data_path = out_path.parent / EXTERNAL_DATA_NAME
    for stale in (out_path, data_path):
        if stale.exists():
            stale.unlink()
    onnx.save_model(
        model, str(out_path), save_as_external_data=True, all_tensors_to_one_file=True,
        location=EXTERNAL_DATA_NAME, size_threshold=0,
    )
    # onnx creates the data file owner-only (0600); give it the graph file's mode, as every other bundle file has.
    if data_path.exists():
        data_path.chmod(out_path.stat().st_mode & 0o777)


def quantize_weights(model_path: Path, out_path: Path, *, bits: int, block_size: int, accuracy_level: int,
                     quantize_gather: bool, nodes_to_exclude: list[str] = ()) -> None:
    """Quantize constant MatMul weights (and Gather tables when asked; 4 bits only) and save to out_path.

    op_types/quant_axes go inside DefaultWeightOnlyQuantConfig: passed to MatMulNBitsQuantizer beside an
    algo_config they are silently ignored (export-notes).
    """
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

    op_types = ("MatMul", "Gather") if quantize_gather and bits == 4 else ("MatMul",)
    config = DefaultWeightOnlyQuantConfig(
        block_size=block_size, is_symmetric=True, accuracy_level=accuracy_level,
        op_types_to_quantize=op_types, quant_axes=(("MatMul", 0), ("Gather", 1)), bits=bits,
    )
    model = onnx.load(str(model_path), load_external_data=True)
    quantizer = MatMulNBitsQuantizer(model, bits=bits, block_size=block_size, is_symmetric=True,
                                     accuracy_level=accuracy_level, nodes_to_exclude=list(nodes_to_exclude),
                                     algo_config=config)
    quantizer.process()
    save_with_external_data(quantizer.model.model, Path(out_path))


def external_data_files(model_path: Path) -> list[str]:
    """Names of the external data files a saved model refers to (read without loading the weights)."""
    import onnx
    from onnx.external_data_helper import _get_all_tensors

    model = onnx.load(str(model_path), load_external_data=False)
    names = set()
    for tensor in _get_all_tensors(model):
        if tensor.data_location == onnx.TensorProto.EXTERNAL:
            for entry in tensor.external_data:
                if entry.key == "location":
                    names.add(os.path.basename(entry.value))
    return sorted(names)
