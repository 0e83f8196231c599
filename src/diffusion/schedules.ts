// Noise schedules: how much noise each step of the forward process adds.
//   t          0 .. T-1, the step (betas[t] is the variance added going from x_t-1 to x_t; diffusers' indexing)
//   β_t        betas[t]
//   α_t        1 - β_t
//   ᾱ_t        alphaBars[t] = Π_{s<=t} α_s, how much of x0 survives in x_t
//   SNR(t)     ᾱ_t / (1 - ᾱ_t), the signal-to-noise ratio of x_t
export interface NoiseSchedule {
  name: string;
  T: number;
  betas: Float64Array;
  alphas: Float64Array;
  alphaBars: Float64Array;
  snr: Float64Array;
}

/** A schedule from its betas; each must lie in (0, 1), or the chain could not be a noising process. */
export function scheduleFromBetas(name: string, betas: ArrayLike<number>): NoiseSchedule {
  if (betas.length < 1) throw new RangeError("a schedule needs at least one step");
  const T = betas.length;
  const b = Float64Array.from(betas);
  b.forEach((beta, t) => {
    if (!(beta > 0 && beta < 1))
      throw new RangeError(`β at step ${t} is ${beta}; every β must lie strictly between 0 and 1`);
  });
  const alphas = b.map((beta) => 1 - beta);
  const alphaBars = new Float64Array(T);
  alphas.reduce((product, a, t) => (alphaBars[t] = product * a), 1);
  return {name, T, betas: b, alphas, alphaBars, snr: alphaBars.map((a) => a / (1 - a))};
}

/** DDPM's linear schedule (Ho et al. 2020): β from 1e-4 to 0.02 over 1000 steps. */
export function linearSchedule({T = 1000, betaStart = 1e-4, betaEnd = 0.02} = {}): NoiseSchedule {
  return scheduleFromBetas(
    "linear",
    Array.from({length: T}, (_, t) => betaStart + ((betaEnd - betaStart) * t) / Math.max(1, T - 1))
  );
}

/** The cosine schedule (Nichol & Dhariwal 2021, eq. 17): ᾱ follows a squared cosine; β clipped at 0.999. */
export function cosineSchedule({T = 1000, s = 0.008, maxBeta = 0.999} = {}): NoiseSchedule {
  const f = (t: number) => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  return scheduleFromBetas(
    "cosine",
    Array.from({length: T}, (_, t) => Math.min(maxBeta, 1 - f(t + 1) / f(t)))
  );
}

/** A schedule from a reader's function β(t, T). */
export function scheduleFromFunction(name: string, beta: (t: number, T: number) => number, T = 1000): NoiseSchedule {
  return scheduleFromBetas(
    name,
    Array.from({length: T}, (_, t) => beta(t, T))
  );
}
