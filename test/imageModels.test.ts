// The diffusion UNet and the classifier, run by onnxruntime-web in Node, against what PyTorch computed.
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

  it("samples PyTorch's image from the same x_T with the manifest's schedule: DDIM over 50 steps, guidance 2", async () => {
    const denoiser = guided(unetDenoiser(unet, geometry), Number(fixture.meta.guidance), geometry.nullClass);
    const scheduler = ddimScheduler(linearSchedule(manifest.schedule));
    scheduler.setTimesteps(50);
    const classes = [Number((fixture.get("class").data as BigInt64Array)[0])];
    // DDIM with η = 0 draws no fresh noise: the seed must change nothing.
    const image = await sampleToEnd(denoiser, scheduler, {
      classes,
      size: geometry.size,
      start: float(fixture.get("x_T")),
      noise: seededRandom(0)
    });
    const difference = maxAbsDifference(image, float(fixture.get("ddim_50")));
    assert.ok(difference < 1e-3, `max |difference| ${difference}`);
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
  before(async () => {
    classifier = await createSession(readModelFile("classifier", manifest.file), {backend: "wasm"});
  });
  after(() => classifier.release());

  it("gives PyTorch's class probabilities to 1e-4", async () => {
    const {logits} = await classifier.run({x: fixture.get("x")});
    const {classCount} = geometry;
    const rows = Array.from({length: logits.dims[0]}, (_, i) => [
      ...float(logits).subarray(i * classCount, (i + 1) * classCount)
    ]);
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
