import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  addNoise,
  cosineSchedule,
  ddimScheduler,
  ddpmScheduler,
  forwardChain,
  guided,
  inpaint,
  linearSchedule,
  sampleToEnd,
  scheduleFromFunction,
  scoreFromNoise,
  type Denoiser,
  type NoiseSequence
} from "../src/diffusion/index.js";
import {maxAbsDifference} from "../src/linalg/index.js";
import {normalArray, seededRandom} from "../src/random.js";

const schedule = linearSchedule();
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
const variance = (a: Float32Array) => {
  const m = mean(a);
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

/** The exact noise predictor for data that is a single image x0*: what a perfect model would say. */
function exactDenoiser(target: Float32Array, calls = {count: 0}): Denoiser {
  return async (x, t) => {
    calls.count++;
    const size = target.length;
    return x.map((v, i) => {
      const a = schedule.alphaBars[t[Math.floor(i / size)]];
      return (v - Math.sqrt(a) * target[i % size]) / Math.sqrt(1 - a);
    });
  };
}

/** Replays given arrays, as PyTorch's fixed noise sequence. */
const replay = (arrays: Float32Array[]): NoiseSequence => {
  let i = 0;
  return {next: () => arrays[i++]};
};

describe("noise schedules", () => {
  it("DDPM's linear schedule runs β from 1e-4 to 0.02 and ᾱ down towards 0", () => {
    assert.equal(schedule.betas[0], 1e-4);
    assert.ok(Math.abs(schedule.betas[999] - 0.02) < 1e-15);
    assert.ok(schedule.alphaBars.every((a, t) => t === 0 || a < schedule.alphaBars[t - 1]));
    assert.ok(schedule.alphaBars[999] < 1e-4 && schedule.alphaBars[999] > 0);
    assert.ok(Math.abs(schedule.snr[500] - schedule.alphaBars[500] / (1 - schedule.alphaBars[500])) < 1e-12);
  });

  it("the cosine schedule starts near ᾱ = 1, ends near 0, and destroys information more evenly", () => {
    const cosine = cosineSchedule();
    assert.ok(cosine.alphaBars[0] > 0.999);
    assert.ok(cosine.alphaBars[999] < 1e-3);
    assert.ok(cosine.betas.every((b) => b <= 0.999));
    // halfway, the cosine schedule keeps far more signal than the linear one
    assert.ok(cosine.alphaBars[500] > 3 * schedule.alphaBars[500]);
  });

  it("rejects a reader's schedule with a β outside (0, 1), naming the step", () => {
    assert.throws(() => scheduleFromFunction("mine", (t) => (t === 7 ? 1.2 : 0.01), 10), /β at step 7 is 1.2/);
    assert.equal(scheduleFromFunction("mine", () => 0.01, 10).T, 10);
  });
});

describe("the forward process", () => {
  it("in closed form agrees with the step-by-step chain in distribution", () => {
    const x0 = new Float32Array(20000).fill(0.8);
    const t = 300;
    const chain = forwardChain(x0, t, schedule, seededRandom(1));
    const closed = addNoise(x0, normalArray(x0.length, seededRandom(2)), t, schedule);
    const expectedMean = Math.sqrt(schedule.alphaBars[t]) * 0.8;
    for (const x of [chain, closed]) {
      assert.ok(Math.abs(mean(x) - expectedMean) < 0.02, `mean ${mean(x)} against ${expectedMean}`);
      assert.ok(Math.abs(variance(x) - (1 - schedule.alphaBars[t])) < 0.03, `variance ${variance(x)}`);
    }
  });

  it("refuses a step outside the schedule", () => {
    assert.throws(
      () => addNoise(new Float32Array(1), new Float32Array(1), 1000, schedule),
      /step 1000 is not one of 0..999/
    );
  });
});

describe("schedulers", () => {
  const x = normalArray(784, seededRandom(3));
  const eps = normalArray(784, seededRandom(4));

  it("say clearly that setTimesteps must come before step", () => {
    for (const scheduler of [ddpmScheduler(schedule), ddimScheduler(schedule)]) {
      assert.throws(() => scheduler.step(eps, 999, x, seededRandom(1)), /call setTimesteps\(n\) before step\(\)/);
    }
  });

  it("space their timesteps evenly from the noisiest down to 0, and refuse a timestep not among them", () => {
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(50);
    assert.equal(scheduler.timesteps.length, 50);
    assert.deepEqual(scheduler.timesteps.slice(0, 3), [980, 960, 940]);
    assert.equal(scheduler.timesteps.at(-1), 0);
    assert.throws(() => scheduler.step(eps, 999, x), /not one of this scheduler's 50 steps/);
    assert.throws(() => scheduler.setTimesteps(0), /whole number from 1 to 1000/);
  });

  it("DDPM takes one step of Ho et al.'s algorithm 2: x̂0 by eq. (15), the mean of eq. (11), then σ_t z with σ_t² = β_t", () => {
    const scheduler = ddpmScheduler(schedule);
    scheduler.setTimesteps(1000);
    const z = normalArray(x.length, seededRandom(5));
    for (const t of [999, 500, 1]) {
      const {prevSample, predOriginalSample} = scheduler.step(eps, t, x, replay([z]));
      const {betas, alphaBars} = schedule;
      const x0 = x.map((v, i) => (v - Math.sqrt(1 - alphaBars[t]) * eps[i]) / Math.sqrt(alphaBars[t]));
      const expected = x.map(
        (v, i) =>
          (v - (betas[t] / Math.sqrt(1 - alphaBars[t])) * eps[i]) / Math.sqrt(1 - betas[t]) + Math.sqrt(betas[t]) * z[i]
      );
      assert.ok(maxAbsDifference(predOriginalSample, x0) < 1e-4, `x̂0 at t = ${t}`);
      assert.ok(
        maxAbsDifference(prevSample, expected) < 1e-4,
        `x_{t-1} at t = ${t}: ${maxAbsDifference(prevSample, expected)}`
      );
    }
  });

  it("DDIM with η = 0 is deterministic: the same x_T gives the same image whatever the seed", async () => {
    const target = normalArray(784, seededRandom(6)).map(Math.tanh);
    const run = async (seed: number) => {
      const scheduler = ddimScheduler(schedule, {eta: 0});
      scheduler.setTimesteps(20);
      return sampleToEnd(
        async (xt, t) => (await exactDenoiser(target)(xt, t, [0])).map((v, i) => v + 0.1 * Math.sin(i + t[0])),
        scheduler,
        {
          classes: [0],
          size: 784,
          start: x,
          noise: seededRandom(seed)
        }
      );
    };
    assert.deepEqual(await run(1), await run(2));
  });

  it("DDIM with η = 1 over all 1000 steps is DDPM with the posterior variance, on the same noise", async () => {
    const noises = Array.from({length: 1000}, (_, i) => normalArray(784, seededRandom(100 + i)));
    const denoiser: Denoiser = async (xt, t) => xt.map((v, i) => 0.5 * v + 0.01 * Math.cos(i * 0.1 + t[0] * 0.01));
    const ddpm = ddpmScheduler(schedule, {variance: "posterior"});
    const ddim = ddimScheduler(schedule, {eta: 1});
    ddpm.setTimesteps(1000);
    ddim.setTimesteps(1000);
    const a = await sampleToEnd(denoiser, ddpm, {classes: [0], size: 784, start: x, noise: replay(noises)});
    const b = await sampleToEnd(denoiser, ddim, {classes: [0], size: 784, start: x, noise: replay(noises)});
    assert.ok(maxAbsDifference(a, b) < 1e-4, `max difference ${maxAbsDifference(a, b)}`);
  });

  it("with a perfect noise predictor, DDPM and DDIM both arrive at the one image the data holds", async () => {
    const target = normalArray(784, seededRandom(7)).map(Math.tanh);
    for (const [scheduler, steps] of [
      [ddpmScheduler(schedule), 1000],
      [ddimScheduler(schedule), 50],
      [ddpmScheduler(schedule, {variance: "posterior"}), 100]
    ] as const) {
      scheduler.setTimesteps(steps);
      const image = await sampleToEnd(exactDenoiser(target), scheduler, {
        classes: [0],
        size: 784,
        noise: seededRandom(8)
      });
      assert.ok(maxAbsDifference(image, target) < 1e-3, `${steps} steps: ${maxAbsDifference(image, target)}`);
    }
  });
});

describe("classifier-free guidance", () => {
  const x = normalArray(2 * 784, seededRandom(9));
  const denoiser: Denoiser = async (xt, t, y) =>
    xt.map((v, i) => v * 0.1 + y[Math.floor(i / 784)] * 0.01 + t[0] * 1e-4);

  it("at scale 1 equals the conditional prediction, at 0 the unconditional one", async () => {
    const conditional = await denoiser(x, [500, 500], [3, 4]);
    const unconditional = await denoiser(x, [500, 500], [10, 10]);
    assert.ok(maxAbsDifference(await guided(denoiser, 1, 10)(x, [500, 500], [3, 4]), conditional) < 1e-6);
    assert.ok(maxAbsDifference(await guided(denoiser, 0, 10)(x, [500, 500], [3, 4]), unconditional) < 1e-6);
  });

  it("asks the model once per step, with both passes in one batch", async () => {
    const batches: number[] = [];
    const counting: Denoiser = async (xt, t, y) => (batches.push(t.length), denoiser(xt, t, y));
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(10);
    await sampleToEnd(guided(counting, 3, 10), scheduler, {classes: [1, 2], size: 784, noise: seededRandom(1)});
    assert.deepEqual(batches, new Array(10).fill(4));
  });
});

describe("inpainting", () => {
  it("keeps the known pixels exactly, with and without resampling", async () => {
    const image = normalArray(784, seededRandom(10)).map(Math.tanh);
    const mask = Float32Array.from({length: 784}, (_, i) => (i % 28 < 14 ? 1 : 0)); // left half known
    for (const resample of [1, 3]) {
      const scheduler = ddimScheduler(schedule);
      scheduler.setTimesteps(10);
      let last!: Float32Array;
      const model: Denoiser = async (xt) => xt.map((v) => 0.3 * v);
      for await (const step of inpaint(model, scheduler, {image, mask, classLabel: 0, resample, rng: seededRandom(11)}))
        last = step.x;
      mask.forEach((m, i) => m === 1 && assert.equal(last[i], image[i]));
      assert.ok(maxAbsDifference(last, image) > 0.1, "the unknown half was filled in, not copied");
    }
  });

  it("refuses a mask that does not fit the image", async () => {
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(10);
    const run = inpaint(async (x) => x, scheduler, {
      image: new Float32Array(784),
      mask: new Float32Array(10),
      classLabel: 0,
      rng: seededRandom(1)
    });
    await assert.rejects(run.next(), /the mask has 10 pixels and the image 784/);
  });
});

describe("scoreFromNoise", () => {
  it("gives the score of q(x_t) from the best noise estimate, for data that is one point", () => {
    // x0 = 0 always: q(x_t) = N(0, (1 − ᾱ) I), whose score is −x_t / (1 − ᾱ), and E[ε | x_t] = x_t / √(1 − ᾱ)
    const [xt, alphaBar] = [Float32Array.from([0.3, -1.2, 2]), 0.7];
    const eps = xt.map((x) => x / Math.sqrt(1 - alphaBar));
    const score = scoreFromNoise(eps, alphaBar);
    xt.forEach((x, i) => assert.ok(Math.abs(score[i] + x / (1 - alphaBar)) < 1e-5));
  });

  it("refuses a step with no noise, where the score is not defined by ε", () => {
    assert.throws(() => scoreFromNoise(new Float32Array(2), 1), /\[0, 1\)/);
  });
});
