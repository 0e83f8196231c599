"""Writes the GPT's embedding tables for the lessons that look at them, read from the exported graph's initializers
(so they are exactly the weights the page runs): data/models/gpt/embeddings.{bin,json}.
  token_int8 [vocab, d] int8 and token_scale [vocab] float32: row i is token_int8[i] * token_scale[i] (one scale
  per row, the largest |value| maps to 127): a quarter of the float32 size; the largest change it makes to the
  cosine similarity of any two tokens, over every pair, is printed and kept in the index (maxCosineError)
  position [context, d] float32: the learned position embeddings, whole
Usage: bash training/py.sh training/export_embeddings.py"""
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

from tensors import write_tensors

MODEL = Path("data/models/gpt/model-fp32.onnx")


def main() -> None:
    weights = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(MODEL)).graph.initializer}
    token, position = weights["tok_emb.weight"].astype(np.float32), weights["pos_emb.weight"].astype(np.float32)
    scale = np.abs(token).max(axis=1) / 127
    quantized = np.round(token / scale[:, None]).astype(np.int8)
    restored = quantized * scale[:, None]
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)
    # every pair of rows, in float64, a block of rows at a time (the whole matrix would be vocab^2 numbers at once)
    exact, stored = unit(token.astype(np.float64)), unit(restored.astype(np.float64))
    cosine_error = max(
        float(np.abs(exact[i : i + 1024] @ exact.T - stored[i : i + 1024] @ stored.T).max())
        for i in range(0, len(token), 1024)
    )
    write_tensors(
        MODEL.with_name("embeddings"),
        {"token_int8": quantized, "token_scale": scale.astype(np.float32), "position": position},
        {"source": str(MODEL), "maxCosineError": round(cosine_error, 6)},
    )
    print(f"token embeddings {token.shape}, position embeddings {position.shape}; max cosine error {cosine_error:.2e}")


if __name__ == "__main__":
    main()
