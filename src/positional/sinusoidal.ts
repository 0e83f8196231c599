// Sinusoidal positional encoding (Vaswani et al. 2017, section 3.5):
//   PE(pos, 2i)   = sin(pos / base^(2i/d))
//   PE(pos, 2i+1) = cos(pos / base^(2i/d))
// pos the position, d the model width, i the pair of dimensions, base 10000 in the paper.
// Pair i is a point on the unit circle turning at angular frequency ω_i = base^(-2i/d) per position.
import type {Matrix, Vector} from "../linalg/index.js";

export interface SinusoidalOptions {
  base?: number;
}

/** ω_i = base^(-2i/d) for each pair i = 0 .. d/2 - 1: fast turns in the first dimensions, slow in the last. */
export function angularFrequencies(dModel: number, {base = 10000}: SinusoidalOptions = {}): number[] {
  if (!Number.isInteger(dModel) || dModel < 2 || dModel % 2 !== 0) {
    throw new RangeError(`the model width must be an even integer of at least 2, not ${dModel}`);
  }
  if (!(base > 1)) throw new RangeError(`the base must be greater than 1, not ${base}`);
  return Array.from({length: dModel / 2}, (_, i) => Math.pow(base, (-2 * i) / dModel));
}

/** The encoding of one position: [sin(pos ω_0), cos(pos ω_0), sin(pos ω_1), cos(pos ω_1), ...]. */
export function encodePosition(pos: number, omega: number[]): Vector {
  return omega.flatMap((w) => [Math.sin(pos * w), Math.cos(pos * w)]);
}

/** The [positions, d] matrix whose row pos is PE(pos). */
export function sinusoidalEncoding(positions: number, dModel: number, options: SinusoidalOptions = {}): Matrix {
  if (!Number.isInteger(positions) || positions < 0) {
    throw new RangeError(`the number of positions must be a whole number, not ${positions}`);
  }
  const omega = angularFrequencies(dModel, options);
  return Array.from({length: positions}, (_, pos) => encodePosition(pos, omega));
}

/** The wavelength of pair i, in positions: 2π / ω_i, from 2π up to 2π·base. */
export function wavelengths(dModel: number, options: SinusoidalOptions = {}): number[] {
  return angularFrequencies(dModel, options).map((w) => (2 * Math.PI) / w);
}
