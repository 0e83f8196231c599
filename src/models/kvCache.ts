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

/**
 * A cache's array of `length` floats at the start of `into` (the buffer of a used-up cache) when it holds them, else of
 * a new buffer with room for a quarter more, so that a cache growing by a token a step moves between a few buffers
 * instead of making megabytes of new arrays a step (in Chromium a new array that size costs about as much as the
 * decode step: its pages are mapped and zeroed as they are first written).
 */
export function cacheArray(length: number, into?: ArrayBuffer): Float32Array {
  const buffer = into && into.byteLength >= length * 4 ? into : new ArrayBuffer(Math.ceil(length * 1.25) * 4);
  return new Float32Array(buffer, 0, length);
}

/**
 * The cache after a step, [L, 2, B, H, P + S, Dh]: the past [L, 2, B, H, P, Dh] and the new tokens' keys and values
 * [L, 2, B, H, S, Dh] joined on the token axis, as the graph's present_key_values is, in a cacheArray.
 */
export function appendKeysValues(
  past: {data: Float32Array; dims: readonly number[]},
  fresh: {data: Float32Array; dims: readonly number[]},
  into?: ArrayBuffer
): {data: Float32Array; dims: number[]} {
  const [l, two, b, h, p, d] = past.dims;
  const s = fresh.dims[4];
  const data = cacheArray(l * two * b * h * (p + s) * d, into);
  for (let row = 0; row < l * two * b * h; row++) {
    data.set(past.data.subarray(row * p * d, (row + 1) * p * d), row * (p + s) * d);
    data.set(fresh.data.subarray(row * s * d, (row + 1) * s * d), (row * (p + s) + p) * d);
  }
  return {data, dims: [l, two, b, h, p + s, d]};
}
