import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {servedTrainer} from "./trainerChannel.js";
import {meanNearestDistance, pointSet, slicedWasserstein} from "../src/datasets/index.js";
import {linearSchedule} from "../src/diffusion/index.js";
import {
  constant,
  denoiserRun,
  sampleDenoiser,
  serveTrainer,
  type TrainerReport,
  type TrainerRequest
} from "../src/learning/index.js";
import {seededRandom} from "../src/random.js";

const data = pointSet("two moons", seededRandom(1), {n: 500});
const schedule = linearSchedule();
const mean = (values: number[]) => values.reduce((a, b) => a + b) / values.length;

describe("denoiserRun", () => {
  it("repeats the same run for the same seed, and another for another seed", () => {
    const losses = (seed: number) => {
      const run = denoiserRun({data, schedule, hidden: 16, seed});
      return Array.from({length: 5}, () => run.step().loss);
    };
    assert.deepEqual(losses(3), losses(3));
    assert.notDeepEqual(losses(3), losses(4));
  });

  it("lowers the noise-prediction loss on two moons within 400 steps", () => {
    const run = denoiserRun({data, schedule, hidden: 32, seed: 1});
    const losses = Array.from({length: 400}, () => run.step().loss);
    assert.equal(run.steps, 400);
    const [first, last] = [mean(losses.slice(0, 20)), mean(losses.slice(-50))];
    assert.ok(last < 0.8 * first, `the loss went from ${first} to ${last}`);
  });

  it("predicts with a moving average of the trained weights, its decay ramping up as (1 + n)/(10 + n)", () => {
    const run = denoiserRun({data, schedule, hidden: 16, seed: 1, averageDecay: 0.99});
    const name = "layers.0.weight";
    const start = Float32Array.from(run.model.params[name].data);
    assert.deepEqual(run.averaged.params[name].data, start);
    run.step();
    // after one step the average keeps 2/11 of the start and takes 9/11 of the new weights
    const trained = run.model.params[name].data;
    run.averaged.params[name].data.forEach((a, i) =>
      assert.ok(Math.abs(a - ((2 / 11) * start[i] + (9 / 11) * trained[i])) < 1e-6)
    );
    for (let i = 0; i < 300; i++) run.step();
    const x = Float32Array.from([0.1, 0.2, -0.5, 0.3]);
    const fromAverage = run.averaged.predict(constant(x, [2, 2]), Int32Array.from([40, 40])).data;
    assert.deepEqual(run.predictNoise(x, 40), fromAverage);
    assert.notDeepEqual(fromAverage, run.model.predict(constant(x, [2, 2]), Int32Array.from([40, 40])).data);
  });

  it("samples with DDIM: x_T first, then one position per step, all finite", async () => {
    const run = denoiserRun({data, schedule, hidden: 16, seed: 1});
    const positions: Float32Array[] = [];
    for await (const x of sampleDenoiser(run, schedule, {sampler: "DDIM", steps: 10, count: 8, seed: 2}))
      positions.push(x);
    assert.equal(positions.length, 11);
    for (const x of positions) {
      assert.equal(x.length, 16);
      assert.ok(x.every(Number.isFinite));
    }
  });
});

const trainer = () => servedTrainer<TrainerRequest, TrainerReport>(serveTrainer);

describe("serveTrainer", () => {
  it("trains on through a change of settings, even one that arrives just after Train, and waits after Reset", async () => {
    const {reports, send, until, close} = trainer();
    const progress = () => reports.filter((r) => r.type === "progress") as Extract<TrainerReport, {type: "progress"}>[];
    send({type: "reset", settings: {data, schedule: "cosine", hidden: 16, seed: 1}});
    // Train pressed as a setting changed: the page's reset for the new setting arrives after it
    send({type: "train"});
    send({type: "reset", settings: {data, schedule: "linear", hidden: 16, seed: 1}, keepTraining: true});
    await until(() => (progress().at(-1)?.step ?? 0) > 10);
    assert.ok(progress().at(-1)!.training);
    send({type: "reset", settings: {data, schedule: "linear", hidden: 16, seed: 1}});
    await until(() => progress().at(-1)!.step === 0 && !progress().at(-1)!.training);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(progress().at(-1)!.step, 0, "it trained after Reset");
    close();
  });

  it("trains when told, reports steps and losses, stops on Pause and samples the weights it has", async () => {
    const {reports, send, until, close} = trainer();
    send({type: "reset", settings: {data, schedule: "cosine", hidden: 16, seed: 1}});
    await until(() => reports.length > 0);
    const first = reports[0] as Extract<TrainerReport, {type: "progress"}>;
    assert.equal(first.step, 0);
    assert.equal(first.field.eps.length, first.field.grid.length);
    send({type: "train"});
    const progress = () => reports.filter((r) => r.type === "progress") as Extract<TrainerReport, {type: "progress"}>[];
    await until(() => progress().at(-1)!.step > 50);
    send({type: "pause"});
    await until(() => !progress().at(-1)!.training);
    const paused = progress().at(-1)!;
    assert.ok(paused.losses.length > 0 && paused.losses.every(([, loss]) => Number.isFinite(loss)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(progress().at(-1)!.step, paused.step, "it trained on after Pause");
    const reference = pointSet("two moons", seededRandom(2), {n: 40});
    send({type: "sample", sampler: "DDPM", steps: 20, count: 40, seed: 1, reference});
    await until(() => reports.some((r) => r.type === "samples"));
    const samples = reports.find((r) => r.type === "samples") as Extract<TrainerReport, {type: "samples"}>;
    assert.equal(samples.step, paused.step);
    assert.equal(samples.x.length, 80);
    // 24 paths of x_T and 20 steps
    assert.equal(samples.paths.length, 24 * 21 * 2);
    // measured against the run's training points in the worker, as the page would measure them
    assert.deepEqual(samples.distances, {
      nearest: meanNearestDistance(samples.x, data),
      sliced: slicedWasserstein(samples.x, data),
      reference: slicedWasserstein(reference, data)
    });
    close();
  });
});
