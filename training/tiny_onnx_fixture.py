"""Writes test/fixtures/tiny-affine.onnx: y = x W + b with fixed W and b, a model small enough to test the runtime
module (backends, serialised runs, tensors) without the course's real models. Run from the repository root:
    /usr/bin/python3 training/tiny_onnx_fixture.py
"""
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

W = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 3.0]], dtype=np.float32)  # [3, 2]
B = np.array([0.25, -0.5], dtype=np.float32)  # [2]


def main() -> None:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])],
        "tiny_affine",
        [x],
        [y],
        initializer=[numpy_helper.from_array(W, "W"), numpy_helper.from_array(B, "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="stepwise")
    model.ir_version = 8
    onnx.checker.check_model(model)
    out = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "tiny-affine.onnx"
    onnx.save(model, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
