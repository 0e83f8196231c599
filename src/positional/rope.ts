// Rotary position embedding, RoPE (Su et al. 2021), used by LLaMA and most recent language models.
// Instead of adding a position vector to the token, rotate each pair (2i, 2i+1) of the query and the key by the
// angle m θ_i, m the position, θ_i = base^(-2i/d):
//   [x'_2i  ]   [cos mθ_i  -sin mθ_i] [x_2i  ]
//   [x'_2i+1] = [sin mθ_i   cos mθ_i] [x_2i+1]
// Rotations compose, so the attention score <R_m q, R_n k> = <q, R_(n-m) k> depends on n - m alone.
// (LLaMA's code pairs dimension i with i + d/2 instead of 2i with 2i+1: the same idea, dimensions relabelled.)
import {dot, type Matrix, type Vector} from "../linalg/index.js";
import {angularFrequencies, type SinusoidalOptions} from "./sinusoidal.js";

/** x rotated for position m. */
export function applyRope(x: Vector, m: number, options: SinusoidalOptions = {}): Vector {
  const theta = angularFrequencies(x.length, options);
  return theta.flatMap((t, i) => {
    const a = x[2 * i];
    const b = x[2 * i + 1];
    const cos = Math.cos(m * t);
    const sin = Math.sin(m * t);
    return [cos * a - sin * b, sin * a + cos * b];
  });
}

/** S[m][n] = <R_m q, R_n k>: the score of a query at position m for a key at position n. */
export function ropeScores(q: Vector, k: Vector, positions: number, options: SinusoidalOptions = {}): Matrix {
  const qs = Array.from({length: positions}, (_, m) => applyRope(q, m, options));
  const ks = Array.from({length: positions}, (_, n) => applyRope(k, n, options));
  return qs.map((qm) => ks.map((kn) => dot(qm, kn)));
}
