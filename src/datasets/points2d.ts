// Small 2-D data sets for a denoiser to learn: each is n points [n, 2], row-major, drawn from a seeded source so a
// lesson shows the same cloud at every visit. They are scaled to about unit spread, as the schedules expect of data
// (the images the course noises lie in [-1, 1]).
import {randomNormal} from "d3-random";
import type {Rng} from "../random.js";

export const POINT_SETS = ["two moons", "spiral", "rings", "letter"] as const;
export type PointSet = (typeof POINT_SETS)[number];

export interface PointSetOptions {
  n?: number;
  /** The standard deviation of the Gaussian jitter added to every point. */
  noise?: number;
}

/** `n` points of the named set, with jitter of standard deviation `noise`. */
export function pointSet(name: PointSet, rng: Rng, {n = 1000, noise = 0.05}: PointSetOptions = {}): Float32Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a point set needs a whole number of points, not ${n}`);
  if (!(noise >= 0)) throw new RangeError(`the jitter must be zero or more, not ${noise}`);
  const shape = SHAPES[name];
  if (!shape) throw new RangeError(`no point set named "${name}"; there are ${POINT_SETS.join(", ")}`);
  const jitter = randomNormal.source(rng)(0, noise);
  const points = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [x, y] = shape(rng);
    points[2 * i] = x + jitter();
    points[2 * i + 1] = y + jitter();
  }
  return points;
}

type Shape = (rng: Rng) => [number, number];

// Each shape draws one point on its curve, uniformly along it.
const SHAPES: Record<PointSet, Shape> = {
  // scikit-learn's make_moons: two interleaved half circles, centred and scaled by 0.8
  "two moons": (rng) => {
    const angle = Math.PI * rng();
    const [x, y] = rng() < 0.5 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 0.5 - Math.sin(angle)];
    return [0.8 * (x - 0.5), 0.8 * (y - 0.25)];
  },
  // an Archimedean spiral r = θ / 3π over one and a half turns, uniform in arc length (ds ∝ r dθ, so θ ∝ √u)
  spiral: (rng) => {
    const theta = 3 * Math.PI * Math.sqrt(rng());
    const r = (1.5 * theta) / (3 * Math.PI);
    return [r * Math.cos(theta), r * Math.sin(theta)];
  },
  // two concentric circles of radius 0.6 and 1.4, each point on one chosen in proportion to its length
  rings: (rng) => {
    const r = rng() < 0.3 ? 0.6 : 1.4;
    const angle = 2 * Math.PI * rng();
    return [r * Math.cos(angle), r * Math.sin(angle)];
  },
  // the letter A: two legs and a crossbar, a stroke chosen in proportion to its length
  letter: (rng) => pointOnStrokes(LETTER_A, rng)
};

const LETTER_A: [number, number, number, number][] = [
  [-1, -1.3, 0, 1.3],
  [0, 1.3, 1, -1.3],
  [-0.5, -0.1, 0.5, -0.1]
];

function pointOnStrokes(strokes: [number, number, number, number][], rng: Rng): [number, number] {
  const lengths = strokes.map(([x0, y0, x1, y1]) => Math.hypot(x1 - x0, y1 - y0));
  let at = rng() * lengths.reduce((a, b) => a + b);
  const k = Math.max(
    0,
    lengths.findIndex((length) => (at -= length) < 0)
  );
  const [x0, y0, x1, y1] = strokes[k];
  const u = rng();
  return [x0 + u * (x1 - x0), y0 + u * (y1 - y0)];
}

/**
 * How far samples fall from the data: the mean, over the samples, of the distance to the nearest data point. Both
 * are flat [x1, y1, x2, y2, …] arrays; 0 when every sample lies on a data point.
 */
export function meanNearestDistance(samples: ArrayLike<number>, data: ArrayLike<number>): number {
  if (data.length < 2) throw new RangeError("there are no data points to measure the samples against");
  let total = 0;
  for (let i = 0; i < samples.length; i += 2) {
    let nearest = Infinity;
    for (let j = 0; j < data.length; j += 2)
      nearest = Math.min(nearest, Math.hypot(samples[i] - data[j], samples[i + 1] - data[j + 1]));
    total += nearest;
  }
  return total / (samples.length / 2);
}

/**
 * The sliced Wasserstein distance SW₂ between two clouds of points (Bonneel et al., 2015): the 1-D Wasserstein-2
 * distance between their projections onto a line, averaged (squared) over `directions` lines at evenly spaced angles
 * in [0, π), then the square root. Both are flat [x1, y1, x2, y2, …] arrays; they may differ in size, each point
 * weighing 1/n of its cloud. 0 for the same cloud; a cloud moved by v lies |v|/√2 from itself.
 */
export function slicedWasserstein(a: ArrayLike<number>, b: ArrayLike<number>, {directions = 64} = {}): number {
  if (a.length < 2 || b.length < 2) throw new RangeError("the sliced Wasserstein distance needs points on both sides");
  let total = 0;
  for (let k = 0; k < directions; k++) {
    const angle = (Math.PI * k) / directions;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const project = (p: ArrayLike<number>) =>
      Float64Array.from({length: p.length / 2}, (_, i) => c * p[2 * i] + s * p[2 * i + 1]).sort();
    total += wasserstein1d(project(a), project(b));
  }
  return Math.sqrt(total / directions);
}

/** W₂² between two sorted samples on a line: the squared gap of their quantile functions, integrated over (0, 1). */
function wasserstein1d(a: Float64Array, b: Float64Array): number {
  const [n, m] = [a.length, b.length];
  let [i, j, at, total] = [0, 0, 0, 0];
  // the quantile functions are steps at i/n and j/m: walk both sets of steps in order (compared as (i + 1)·m against
  // (j + 1)·n, whole numbers, so equal steps are met together)
  while (i < n && j < m) {
    const [nextA, nextB] = [(i + 1) * m, (j + 1) * n];
    const next = Math.min(nextA, nextB) / (n * m);
    total += (next - at) * (a[i] - b[j]) ** 2;
    at = next;
    if (nextA <= nextB) i++;
    if (nextB <= nextA) j++;
  }
  return total;
}
