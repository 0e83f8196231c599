function cacheSize(layers: number, heads: number, headDim: number, tokens: number, batch: number): number {
  return 2 * layers * heads * headDim * tokens * batch * 4; // keys and values, 4 bytes each
}
