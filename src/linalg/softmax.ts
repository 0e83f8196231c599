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
 * The k-th largest value (k from 1) by selection (Hoare's quickselect on a copy): linear time on average, where a sort
 * of the whole vocabulary at every token costs n log n.
 */
export function kthLargest(values: ArrayLike<number>, k: number): number {
  const a = Float64Array.from(values);
  const target = a.length - k; // its place in ascending order
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        [a[i], a[j]] = [a[j], a[i]];
        i++;
        j--;
      }
    }
    // now a[lo..j] <= pivot <= a[i..hi], and whatever lies between equals the pivot
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target];
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
