"""Smaller copies of an exported ONNX graph, made by rewriting its weights (the graph computes in float32 as before):
- fp16: every float weight stored as float16 and cast back to float32 when the graph runs;
- int8: every large matrix stored as int8 with one float scale per row (symmetric, per-channel), and restored by a
  DequantizeLinear node in the graph; small weights (biases, norms) stay float32.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INT8_MIN_ELEMENTS = 4096


def _rewrite(model: onnx.ModelProto, convert) -> onnx.ModelProto:
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    kept, nodes = [], []
    for init in graph.initializer:
        replacement = convert(init) if init.data_type == TensorProto.FLOAT else None
        if replacement is None:
            kept.append(init)
            continue
        new_inits, node = replacement
        kept.extend(new_inits)
        nodes.append(node)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    existing = list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes + existing)  # weights are restored before anything reads them
    onnx.checker.check_model(model)
    return model


def to_fp16(model: onnx.ModelProto) -> onnx.ModelProto:
    def convert(init):
        w = numpy_helper.to_array(init)
        half = numpy_helper.from_array(w.astype(np.float16), f"{init.name}__fp16")
        return [half], helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT)

    return _rewrite(model, convert)


def to_int8(model: onnx.ModelProto) -> onnx.ModelProto:
    def convert(init):
        w = numpy_helper.to_array(init)
        if w.ndim != 2 or w.size < INT8_MIN_ELEMENTS:
            return None
        scale = np.abs(w).max(axis=1) / 127.0  # one scale per row
        scale[scale == 0] = 1.0
        q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
        tensors = [
            numpy_helper.from_array(q, f"{init.name}__int8"),
            numpy_helper.from_array(scale.astype(np.float32), f"{init.name}__scale"),
            numpy_helper.from_array(np.zeros(len(scale), dtype=np.int8), f"{init.name}__zero"),
        ]
        node = helper.make_node("DequantizeLinear", [t.name for t in tensors], [init.name], axis=0)
        return tensors, node

    return _rewrite(model, convert)
