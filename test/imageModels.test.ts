// The diffusion UNet and the classifier, run by onnxruntime-web in Node, against what PyTorch computed.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, describe, it} from "node:test";
import {fashionMnist, type FashionMnistManifest} from "../src/datasets/index.js";
import {ddimScheduler, ddpmScheduler, guided, linearSchedule, sampleToEnd} from "../src/diffusion/index.js";
import {classify, imageGeometry, unetDenoiser} from "../src/models/index.js";
import {seededRandom} from "../src/random.js";
import {maxAbsDifference, softmaxRows} from "../src/linalg/index.js";
import {createSession, type ModelSession} from "../src/runtime/index.js";
import {readFixture, readManifest, readModelFile} from "./fixtures.js";

const float = (t: {data: unknown}) => t.data as Float32Array;

describe("the diffusion UNet", () => {
  const manifest = readManifest("diffusion");
  const geometry = imageGeometry(manifest);
  const fixture = readFixture("diffusion");
  let unet: ModelSession;
  before(async () => {
    unet = await createSession(readModelFile("diffusion", manifest.file), {backend: "wasm"});
  });
  after(() => unet.release());

  it("has the inputs and outputs its manifest names", () => {
    assert.deepEqual(unet.inputNames, manifest.inputs.map((i: {name: string}) => i.name));
    assert.deepEqual(unet.outputNames, manifest.outputs.map((o: {name: string}) => o.name));
    assert.equal(manifest.bytes, readModelFile("diffusion", manifest.file).length);
  });

  it("predicts PyTorch's noise for four images, timesteps and classes (null class included) to 1e-4", async () => {
    const {eps} = await unet.run({x: fixture.get("x"), t: fixture.get("t"), y: fixture.get("y")});
    assert.deepEqual(eps.dims, [4, geometry.channels, geometry.height, geometry.width]);
    const difference = maxAbsDifference(float(eps), float(fixture.get("eps")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  it("samples PyTorch's image from the same noise: DDPM over 1000 steps and DDIM over 50, guidance 2", async () => {
    const denoiser = guided(unetDenoiser(unet, geometry), Number(fixture.meta.guidance), geometry.nullClass);
    const schedule = linearSchedule({T: manifest.schedule.T, betaStart: manifest.schedule.betaStart, betaEnd: manifest.schedule.betaEnd});
    const start = float(fixture.get("x_T"));
    const classes = [Number((fixture.get("class").data as BigInt64Array)[0])];
    const noise = float(fixture.get("ddpm_noise"));
    let step = 0;
    const replay = {next: (size: number) => noise.subarray(size * step, size * ++step)};
    for (const [scheduler, steps, expected] of [[ddpmScheduler(schedule), 1000, "ddpm_1000"], [ddimScheduler(schedule), 50, "ddim_50"]] as const) {
      scheduler.setTimesteps(steps);
      const image = await sampleToEnd(denoiser, scheduler, {classes, size: geometry.size, start, noise: replay});
      const difference = maxAbsDifference(image, float(fixture.get(expected)));
      assert.ok(difference < 1e-3, `${expected}: max |difference| ${difference}`);
    }
  });

  it("records the schedule the lessons sample with", () => {
    assert.deepEqual(manifest.schedule, {type: "linear", T: 1000, betaStart: 1e-4, betaEnd: 0.02, prediction: "epsilon"});
    assert.equal(manifest.conditioning.nullClass, 10);
  });
});

describe("the classifier", () => {
  const manifest = readManifest("classifier");
  const geometry = imageGeometry(manifest);
  const fixture = readFixture("classifier");
  const images = fashionMnist(
    new Uint8Array(readFileSync(new URL("../data/datasets/fashion-mnist-test.bin", import.meta.url))),
    JSON.parse(readFileSync(new URL("../data/datasets/fashion-mnist-test.json", import.meta.url), "utf8")) as FashionMnistManifest
  );
  let classifier: ModelSession;
  before(async () => {
    classifier = await createSession(readModelFile("classifier", manifest.file), {backend: "wasm"});
  });
  after(() => classifier.release());

  it("gives PyTorch's class probabilities to 1e-4", async () => {
    const {logits} = await classifier.run({x: fixture.get("x")});
    const {classCount} = geometry;
    const rows = Array.from({length: logits.dims[0]}, (_, i) => [...float(logits).subarray(i * classCount, (i + 1) * classCount)]);
    const probabilities = softmaxRows(rows).flat();
    const difference = maxAbsDifference(probabilities, float(fixture.get("probabilities")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  it("classifies the shipped test images as accurately as its manifest says", async () => {
    const batch = new Float32Array(images.count * geometry.size);
    for (let i = 0; i < images.count; i++) batch.set(images.modelInput(i), i * geometry.size);
    const probabilities = await classify(classifier, geometry, batch);
    const correct = probabilities.filter((row, i) => row.indexOf(Math.max(...row)) === images.labels[i]).length;
    assert.equal(correct / images.count, manifest.metrics.shippedImagesAccuracy);
    assert.ok(manifest.metrics.testAccuracy >= 0.9, `test accuracy ${manifest.metrics.testAccuracy}`);
  });
});

describe("the shipped Fashion-MNIST images", () => {
  it("refuses an image index outside the file, and a file shorter than its manifest", () => {
    const manifest: FashionMnistManifest = {count: 2, classes: [], layout: {images: {shape: [2, 28, 28], offset: 0}, labels: {offset: 2 * 28 * 28}}};
    const images = fashionMnist(new Uint8Array(1570), manifest);
    assert.throws(() => images.pixels(2), /image 2 is not one of 0..1/);
    assert.throws(() => fashionMnist(new Uint8Array(100), manifest), /has 100 bytes/);
  });
});

describe("the diffusion model's samples, judged by the classifier", () => {
  it("are classified as the class asked for at least 70% of the time (20 DDIM-50 samples, guidance 2)", async () => {
    const unetManifest = readManifest("diffusion");
    const geometry = imageGeometry(unetManifest);
    const unet = await createSession(readModelFile("diffusion", unetManifest.file), {backend: "wasm"});
    const judgeManifest = readManifest("classifier");
    const judge = await createSession(readModelFile("classifier", judgeManifest.file), {backend: "wasm"});
    const {T, betaStart, betaEnd} = unetManifest.schedule;
    const scheduler = ddimScheduler(linearSchedule({T, betaStart, betaEnd}));
    scheduler.setTimesteps(50);
    const classes = Array.from({length: 20}, (_, i) => i % geometry.classCount);
    const images = await sampleToEnd(guided(unetDenoiser(unet, geometry), 2, geometry.nullClass), scheduler, {
      classes, size: geometry.size, noise: seededRandom(2026)
    });
    const verdicts = await classify(judge, imageGeometry(judgeManifest), images);
    const asked = classes.filter((c, i) => verdicts[i].indexOf(Math.max(...verdicts[i])) === c).length;
    await Promise.all([unet.release(), judge.release()]);
    assert.ok(asked / 20 >= 0.7, `${asked} of 20 classified as asked`);
  });
});
