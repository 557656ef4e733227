"""Append tensors to one external-data file and hand back TensorProtos that point into it (onnx's
external_data fields: location, offset, length), so no weight is ever held in the ModelProto."""

from __future__ import annotations

from pathlib import Path

import numpy as np

ALIGN = 4096  # page-aligned offsets let onnxruntime memory-map the initializers


class ExternalDataFile:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._handle = open(self.path, "wb")
        self.bytes_written = 0

    def _pad(self) -> int:
        offset = -(-self.bytes_written // ALIGN) * ALIGN
        if offset > self.bytes_written:
            self._handle.write(b"\0" * (offset - self.bytes_written))
            self.bytes_written = offset
        return offset

    def add(self, name: str, array: np.ndarray):
        """Write one whole array; return its TensorProto."""
        tensor = self.begin(name, array.dtype, array.shape)
        self.extend(tensor, array)
        return tensor

    def begin(self, name: str, dtype, shape):
        """Start a tensor written in pieces with extend(); its length grows as they come."""
        import onnx

        tensor = onnx.TensorProto(name=name, data_type=onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype)),
                                  dims=list(shape), data_location=onnx.TensorProto.EXTERNAL)
        for key, value in (("location", self.path.name), ("offset", self._pad()), ("length", 0)):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, str(value)
        return tensor

    def extend(self, tensor, array: np.ndarray) -> None:
        data = np.ascontiguousarray(array).tobytes()
        self._handle.write(data)
        self.bytes_written += len(data)
        entries = {e.key: e for e in tensor.external_data}
        entries["length"].value = str(int(entries["length"].value) + len(data))

    def close(self) -> None:
        self._handle.close()
