// Seeded randomness: every stochastic function in the library takes one of these, so a lesson reproduces exactly.
import {randomLcg, randomNormal} from "d3-random";
import type {Matrix} from "./linalg/index.js";

export type Rng = () => number;

/** A uniform [0, 1) source from a seed (d3-random's linear congruential generator). */
export function seededRandom(seed: number): Rng {
  return randomLcg(seed);
}

/** A rows x cols matrix of independent normal draws with the given standard deviation. */
export function normalMatrix(rows: number, cols: number, rng: Rng, std = 1): Matrix {
  const normal = randomNormal.source(rng)(0, std);
  return Array.from({length: rows}, () => Array.from({length: cols}, normal));
}

/** n independent standard normal draws, as a Float32Array (noise for an image, say). */
export function normalArray(n: number, rng: Rng): Float32Array {
  const normal = randomNormal.source(rng)(0, 1);
  return Float32Array.from({length: n}, normal);
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function randomPermutation(n: number, rng: Rng): number[] {
  const order = Array.from({length: n}, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
