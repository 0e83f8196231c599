// What generation needs from a language model: next-token logits for a batch of token rows, with an optional
// key/value cache of the rows' past. Adapters (src/models/gpt.ts) map this onto an ONNX graph.
export interface LanguageModel<Cache = unknown> {
  contextLength: number;
  endOfText: number;
  /**
   * Logits of the token after each row. With a cache, the rows hold only the new tokens and the cache everything
   * before them; without one, the rows are the whole (cropped) context. The cache passed in is used up (a page's
   * runtime moves it to its worker, leaving it empty): go on with the one returned.
   */
  next(rows: number[][], cache?: Cache): Promise<{logits: Float32Array[]; cache: Cache}>;
  /**
   * The cache for the rows in this order (beam search keeps some beams, drops and duplicates others). The cache passed
   * in is used up, as next's is.
   */
  reorder(cache: Cache, rows: number[]): Cache;
  /** How many past tokens the cache holds. */
  cacheLength(cache: Cache): number;
}
