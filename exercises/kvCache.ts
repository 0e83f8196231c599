// Bytes of a float32 key/value cache: keys and values for every layer, head, token and batch row.
function cacheBytes(layers: number, heads: number, headDim: number, tokens: number, batch: number): number {
  return layers * heads * headDim * tokens * batch; // something is missing
}
