// The diffusion UNet and the classifier, run by onnxruntime-web in Node, against what PyTorch computed: the float32
// exports to 1e-4, the files the lessons load (float16 weights) within the drift their manifests state.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, describe, it} from "node:test";
import {fashionMnist, type FashionMnistManifest} from "../src/datasets/index.js";
import {ddimScheduler, guided, linearSchedule, sampleToEnd} from "../src/diffusion/index.js";
import {classify, imageGeometry, unetDenoiser} from "../src/models/index.js";
import {seededRandom} from "../src/random.js";
import {maxAbsDifference, softmaxRows} from "../src/linalg/index.js";
import {createSession, type ModelSession} from "../src/runtime/index.js";
import {readFixture, readManifest, readModelFile} from "./fixtures.js";

const float = (t: {data: unknown}) => t.data as Float32Array;
const fp32File = (manifest: {variants: {name: string; file: string}[]}) =>
  manifest.variants.find((v) => v.name === "fp32")!.file;

describe("the diffusion UNet", () => {
  const manifest = readManifest("diffusion");
  const geometry = imageGeometry(manifest);
  const fixture = readFixture("diffusion");
  let unet: ModelSession;
  let served: ModelSession;
  before(async () => {
    unet = await createSession(readModelFile("diffusion", fp32File(manifest)), {backend: "wasm"});
    served = await createSession(readModelFile("diffusion", manifest.file), {backend: "wasm"});
  });
  after(() => Promise.all([unet.release(), served.release()]));

  it("has the inputs and outputs its manifest names", () => {
    assert.deepEqual(
      unet.inputNames,
      manifest.inputs.map((i: {name: string}) => i.name)
    );
    assert.deepEqual(
      unet.outputNames,
      manifest.outputs.map((o: {name: string}) => o.name)
    );
    assert.equal(manifest.bytes, readModelFile("diffusion", manifest.file).length);
  });

  it("predicts PyTorch's noise for four images, timesteps and classes (null class included) to 1e-4", async () => {
    const {eps} = await unet.run({x: fixture.get("x"), t: fixture.get("t"), y: fixture.get("y")});
    assert.deepEqual(eps.dims, [4, geometry.channels, geometry.height, geometry.width]);
    const difference = maxAbsDifference(float(eps), float(fixture.get("eps")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  /** DDIM over 50 steps from the fixture's x_T with guidance 2, as PyTorch sampled it */
  async function ddim50(session: ModelSession): Promise<Float32Array> {
    const denoiser = guided(unetDenoiser(session, geometry), Number(fixture.meta.guidance), geometry.nullClass);
    const scheduler = ddimScheduler(linearSchedule(manifest.schedule));
    scheduler.setTimesteps(50);
    const classes = [Number((fixture.get("class").data as BigInt64Array)[0])];
    // DDIM with η = 0 draws no fresh noise: the seed must change nothing.
    return sampleToEnd(denoiser, scheduler, {
      classes,
      size: geometry.size,
      start: float(fixture.get("x_T")),
      noise: seededRandom(0)
    });
  }

  it("samples PyTorch's image from the same x_T with the manifest's schedule: DDIM over 50 steps, guidance 2", async () => {
    const difference = maxAbsDifference(await ddim50(unet), float(fixture.get("ddim_50")));
    assert.ok(difference < 1e-3, `max |difference| ${difference}`);
  });

  it("loads, in the lessons, float16 weights that move PyTorch's noise by the manifest's drift and its DDIM image by under 0.01", async () => {
    assert.equal(manifest.precision, "fp16");
    assert.ok(manifest.bytes < 0.55 * manifest.variants[0].bytes, "half the bytes of the float32 file");
    const {eps} = await served.run({x: fixture.get("x"), t: fixture.get("t"), y: fixture.get("y")});
    const difference = maxAbsDifference(float(eps), float(fixture.get("eps")));
    assert.ok(
      Math.abs(difference - manifest.maxAbsDifference) < 1e-5,
      `${difference} against ${manifest.maxAbsDifference}`
    );
    const sampled = maxAbsDifference(await ddim50(served), float(fixture.get("ddim_50")));
    assert.ok(sampled < 0.01, `DDIM-50 image: max |difference| ${sampled}`);
  });
});

describe("the classifier", () => {
  const manifest = readManifest("classifier");
  const geometry = imageGeometry(manifest);
  const fixture = readFixture("classifier");
  const images = fashionMnist(
    new Uint8Array(readFileSync(new URL("../data/datasets/fashion-mnist-test.bin", import.meta.url))),
    JSON.parse(
      readFileSync(new URL("../data/datasets/fashion-mnist-test.json", import.meta.url), "utf8")
    ) as FashionMnistManifest
  );
  let classifier: ModelSession;
  let served: ModelSession;
  before(async () => {
    classifier = await createSession(readModelFile("classifier", fp32File(manifest)), {backend: "wasm"});
    served = await createSession(readModelFile("classifier", manifest.file), {backend: "wasm"});
  });
  after(() => Promise.all([classifier.release(), served.release()]));

  async function probabilities(session: ModelSession): Promise<number[]> {
    const {logits} = await session.run({x: fixture.get("x")});
    const {classCount} = geometry;
    const rows = Array.from({length: logits.dims[0]}, (_, i) => [
      ...float(logits).subarray(i * classCount, (i + 1) * classCount)
    ]);
    return softmaxRows(rows).flat();
  }

  it("gives PyTorch's class probabilities to 1e-4", async () => {
    const difference = maxAbsDifference(await probabilities(classifier), float(fixture.get("probabilities")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  it("loads, in the lessons, float16 weights that move PyTorch's probabilities by the manifest's drift", async () => {
    assert.equal(manifest.precision, "fp16");
    const difference = maxAbsDifference(await probabilities(served), float(fixture.get("probabilities")));
    assert.ok(
      Math.abs(difference - manifest.maxAbsDifference) < 1e-6,
      `${difference} against ${manifest.maxAbsDifference}`
    );
    assert.ok(manifest.maxAbsDifference < 1e-3);
  });

  it("classifies the shipped test images, with the lessons' file, as accurately as its manifest says", async () => {
    const batch = new Float32Array(images.count * geometry.size);
    for (let i = 0; i < images.count; i++) batch.set(images.modelInput(i), i * geometry.size);
    const predicted = await classify(served, geometry, batch);
    const correct = predicted.filter((row, i) => row.indexOf(Math.max(...row)) === images.labels[i]).length;
    assert.equal(correct / images.count, manifest.metrics.shippedImagesAccuracy);
    assert.ok(manifest.metrics.testAccuracy >= 0.9, `test accuracy ${manifest.metrics.testAccuracy}`);
  });
});

describe("the shipped Fashion-MNIST images", () => {
  it("refuses an image index outside the file, and a file shorter than its manifest", () => {
    const manifest: FashionMnistManifest = {
      count: 2,
      classes: [],
      layout: {images: {shape: [2, 28, 28], offset: 0}, labels: {offset: 2 * 28 * 28}}
    };
    const images = fashionMnist(new Uint8Array(1570), manifest);
    assert.throws(() => images.pixels(2), /image 2 is not one of 0..1/);
    assert.throws(() => fashionMnist(new Uint8Array(100), manifest), /has 100 bytes/);
  });
});
