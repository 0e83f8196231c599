"""Writes named arrays as one little-endian binary file plus a JSON index, the fixture format the TypeScript tests
read (test/fixtures.ts): index[name] = {dtype, shape, offset, length} with offsets in bytes."""
import json
from pathlib import Path

import numpy as np

DTYPES = {
    np.dtype("float32"): "float32",
    np.dtype("int64"): "int64",
    np.dtype("uint8"): "uint8",
    np.dtype("int8"): "int8",
    np.dtype("int32"): "int32",
}


def write_tensors(base: Path, tensors: dict, meta: dict | None = None) -> None:
    base.parent.mkdir(parents=True, exist_ok=True)
    index, chunks, offset = {}, [], 0
    for name, value in tensors.items():
        array = np.ascontiguousarray(value)
        if array.dtype not in DTYPES:
            raise TypeError(f"{name}: unsupported dtype {array.dtype}")
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        index[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape), "offset": offset, "length": len(data)}
        chunks.append(data)
        offset += len(data)
    base.with_suffix(".bin").write_bytes(b"".join(chunks))
    base.with_suffix(".json").write_text(json.dumps({**(meta or {}), "tensors": index}, indent=1) + "\n")
