// Softmax and its log-sum-exp over a vector of scores, in double precision, shifted by the maximum so large scores
// cannot overflow. Scores of -Infinity (masked or filtered out) get probability 0.
export function softmax(scores: ArrayLike<number>): Float64Array {
  // plain loops: generation calls this once per token and beam, on the whole vocabulary
  const max = maximum(scores);
  const exps = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += exps[i] = scores[i] === -Infinity ? 0 : Math.exp(scores[i] - max);
  for (let i = 0; i < exps.length; i++) exps[i] /= sum;
  return exps;
}

/** log Σ exp(s_i), the log of softmax's denominator: log softmax(s)_i = s_i - logSumExp(s). */
export function logSumExp(scores: ArrayLike<number>): number {
  const max = maximum(scores);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] !== -Infinity) sum += Math.exp(scores[i] - max);
  return Math.log(sum) + max;
}

/**
 * Throws, with a sentence, unless `scores` is an array of `count` finite numbers, what softmax turns into
 * probabilities; `what` names the code that gave them (a reader's function, say).
 */
export function checkScores(scores: unknown, count: number, what: string): asserts scores is number[] {
  if (!Array.isArray(scores))
    throw new TypeError(
      `${what} must give back an array of ${count} numbers, not ${scores === null ? "null" : typeof scores}`
    );
  if (scores.length !== count)
    throw new RangeError(`${what} must give back ${count} numbers; it gave back ${scores.length}`);
  const bad = scores.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new RangeError(`${what} gave ${String(scores[bad])} at index ${bad}: every score must be a finite number`);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The k-th largest value (k from 1 to the number of values), from one pass that keeps the k largest so far in a
 * min-heap: a value no larger than the smallest kept costs one comparison, which is nearly every value when k is
 * small against the vocabulary (top-k 40 of 9,831 tokens), so it takes about n comparisons where a sort of the
 * vocabulary takes n log n.
 */
export function kthLargest(values: ArrayLike<number>, k: number): number {
  const heap = new Float64Array(k); // heap[0] is the smallest kept; each parent is no larger than its children
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let at: number;
    if (size < k) {
      // sift up from the new leaf
      at = size++;
      while (at > 0 && heap[(at - 1) >> 1] > v) {
        heap[at] = heap[(at - 1) >> 1];
        at = (at - 1) >> 1;
      }
      heap[at] = v;
      continue;
    }
    if (!(v > heap[0])) continue;
    // replace the smallest and sift down
    at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= k) break;
      if (child + 1 < k && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= v) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = v;
  }
  return heap[0];
}

/** The indices of the `k` largest values, largest first; ties keep the lower index first. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  // one pass that keeps the k best so far in order, O(n k) for the few a chart shows, instead of sorting them all;
  // a value equal to one kept comes later in the array, so ties stay in index order
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (best.length === k) {
      if (!(value > values[best[k - 1]])) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && value > values[best[at - 1]]) at--;
    best.splice(at, 0, i);
  }
  return best;
}

export function maximum(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
