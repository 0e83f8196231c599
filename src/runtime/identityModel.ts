// The smallest useful ONNX model: y = Identity(x), x a float tensor of one number. The runtime compiles its
// WebAssembly (and, for WebGPU, opens its device) when the first session is made; making a session of this model
// does that while a page's real model is still downloading. Written as the protocol-buffer bytes of onnx.proto's
// ModelProto, field by field, so no file has to be fetched for it.
const LENGTH_DELIMITED = 2;

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n > 127; n >>>= 7) out.push((n & 127) | 128);
  out.push(n);
  return out;
}

const integer = (field: number, value: number) => [field << 3, ...varint(value)];
const message = (field: number, payload: number[]) => [
  (field << 3) | LENGTH_DELIMITED,
  ...varint(payload.length),
  ...payload
];
const text = (field: number, value: string) => message(field, [...new TextEncoder().encode(value)]);

const FLOAT = 1; // TensorProto.DataType

function valueInfo(name: string): number[] {
  const shape = message(2, message(1, integer(1, 1))); // TensorShapeProto { dim { dim_value: 1 } }
  return [...text(1, name), ...message(2, message(1, [...integer(1, FLOAT), ...shape]))]; // name, type.tensor_type
}

export function identityModel(): Uint8Array {
  const node = [...text(1, "x"), ...text(2, "y"), ...text(4, "Identity")]; // NodeProto: input, output, op_type
  const graph = [
    ...message(1, node),
    ...text(2, "identity"),
    ...message(11, valueInfo("x")),
    ...message(12, valueInfo("y"))
  ];
  // ModelProto: ir_version 8, graph, opset_import { version 17 }
  return new Uint8Array([...integer(1, 8), ...message(7, graph), ...message(8, integer(2, 17))]);
}
