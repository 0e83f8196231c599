// Why the sinusoidal encoding knows relative positions: PE(pos + k) = R_k PE(pos), where R_k rotates every pair
// (2i, 2i+1) by the angle k ω_i. R_k depends on the offset k, never on pos:
//   sin(a + b) =  cos(b) sin(a) + sin(b) cos(a)
//   cos(a + b) = -sin(b) sin(a) + cos(b) cos(a)        with a = pos ω_i, b = k ω_i
// R_k is orthogonal, so PE(pos) · PE(pos + k) = Σ_i cos(k ω_i): a function of k alone.
import type {Matrix, Vector} from "../linalg/index.js";

/** Applies R_k to an encoding vector laid out as (sin, cos) pairs. */
export function shiftByRotation(pe: Vector, k: number, omega: number[]): Vector {
  return omega.flatMap((w, i) => {
    const s = pe[2 * i];
    const c = pe[2 * i + 1];
    const b = k * w;
    return [Math.cos(b) * s + Math.sin(b) * c, -Math.sin(b) * s + Math.cos(b) * c];
  });
}

/** Largest |R_k PE(pos) - PE(pos + k)| over every pos that has a pos + k in the matrix: zero up to rounding. */
export function rotationResidual(pe: Matrix, k: number, omega: number[]): number {
  let max = 0;
  for (let pos = 0; pos + k < pe.length; pos++) {
    const rotated = shiftByRotation(pe[pos], k, omega);
    rotated.forEach((v, j) => (max = Math.max(max, Math.abs(v - pe[pos + k][j]))));
  }
  return max;
}

/** PE(pos) · PE(pos + k) predicted from the offset alone: Σ_i cos(k ω_i). */
export function similarityAtOffset(k: number, omega: number[]): number {
  return omega.reduce((sum, w) => sum + Math.cos(k * w), 0);
}

/** Below this, a difference between two float64 computations of the same quantity is rounding, not a disagreement. */
export const ROUNDING = 1e-9;

/**
 * The angle, in (-π, π], by which pair i of PE(pos) turns to become pair i of PE(pos + k), for each pos: all equal
 * to k ω_i when moving by k is one rotation.
 */
export function turnAngles(pe: Matrix, k: number, pair: number, positions: number[]): number[] {
  return positions.map((pos) => {
    const from = Math.atan2(pe[pos][2 * pair + 1], pe[pos][2 * pair]);
    const to = Math.atan2(pe[pos + k][2 * pair + 1], pe[pos + k][2 * pair]);
    const turn = (to - from) % (2 * Math.PI);
    return turn > Math.PI ? turn - 2 * Math.PI : turn <= -Math.PI ? turn + 2 * Math.PI : turn;
  });
}
