"""The GPT graph's new_key_values output: the keys and values of the new tokens alone, [layers, 2, batch, heads,
sequence, headDim]. present_key_values is the past joined with them. A caller that keeps its own cache reads these
few kilobytes a step instead of the whole cache, which onnxruntime-web copies out of its memory into a new array at
every call (1.5 MB at 248 tokens; in Chromium a new array that size costs about as much as the decode step).

export_gpt.py adds it to every export. On the shipped files, from the repository root (updates the manifest's sizes
and hashes, and its list of outputs):

    bash training/py.sh training/new_key_values.py
"""
import json
from pathlib import Path

import onnx
from onnx import TensorProto, helper

from model_file import model_file

ROOT = Path(__file__).resolve().parent.parent
NAME = "new_key_values"


def with_new_key_values(model: onnx.ModelProto) -> onnx.ModelProto:
    """The graph joins each layer's past keys (values) and new ones with a Concat on the token axis, then stacks keys
    and values, then the layers, into present_key_values (Unsqueeze and Concat on axis 0). The same stacking, of the
    second input of each token-axis Concat, is new_key_values."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    if any(o.name == NAME for o in graph.output):
        return model
    producer = {out: node for node in graph.node for out in node.output}
    added = []

    def axis(node) -> int:
        return next(a.i for a in node.attribute if a.name == "axis")

    def mirror(tensor: str) -> str:
        node = producer[tensor]
        if node.op_type == "Concat" and axis(node) == 2:  # [past, new] on the token axis of [batch, heads, tokens, d]
            return node.input[1]
        if not (node.op_type == "Unsqueeze" or (node.op_type == "Concat" and axis(node) == 0)):
            raise ValueError(f"present_key_values is not made as expected: {node.op_type} {node.name}")
        # an Unsqueeze's second input is its axes, a constant, shared with the original
        inputs = [mirror(node.input[0]), node.input[1]] if node.op_type == "Unsqueeze" else [mirror(i) for i in node.input]
        copy = helper.make_node(node.op_type, inputs, [f"{NAME}{node.output[0]}"], name=f"{NAME}{node.name}")
        copy.attribute.extend(node.attribute)
        added.append(copy)
        return copy.output[0]

    mirror("present_key_values")
    added[-1].output[0] = NAME  # the last node made is the stack of the layers
    present = next(o for o in graph.output if o.name == "present_key_values")
    dims = [d.dim_value or d.dim_param for d in present.type.tensor_type.shape.dim]
    dims[4] = "sequence"
    graph.node.extend(added)
    graph.output.append(helper.make_tensor_value_info(NAME, TensorProto.FLOAT, dims))
    onnx.checker.check_model(model)
    return model


def main() -> None:
    folder = ROOT / "data" / "models" / "gpt"
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    entries = [manifest, *manifest["variants"], *manifest["checkpoints"]]
    for file in sorted({e["file"] for e in entries}):
        path = folder / file
        onnx.save(with_new_key_values(onnx.load(str(path))), str(path))
        sized = model_file(path)
        for entry in entries:
            if entry["file"] == file:
                entry.update(sized)
        print(file, sized["bytes"], sized["sha256"])
    if not any(o["name"] == NAME for o in manifest["outputs"]):
        present = next(o for o in manifest["outputs"] if o["name"] == "present_key_values")
        manifest["outputs"].append({  # last, as in the graph
            "name": NAME, "dtype": "float32", "shape": [*present["shape"][:4], "sequence", present["shape"][5]],
            "meaning": "the keys and values of the new tokens alone: present_key_values is past_key_values joined with them",
        })
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
