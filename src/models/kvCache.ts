// The key/value cache's size: keys and values (2) for every layer, head, token and batch row, headDim numbers each.
//   bytes = 2 · L · H · d_h · T · B · bytesPerValue

export interface CacheShape {
  layers: number;
  heads: number;
  headDim: number;
  tokens: number;
  batch: number;
  /** 4 for float32, 2 for float16 */
  bytesPerValue?: number;
}

export function kvCacheBytes({layers, heads, headDim, tokens, batch, bytesPerValue = 4}: CacheShape): number {
  return 2 * layers * heads * headDim * tokens * batch * bytesPerValue;
}
