// Image geometry comes from the manifests: swap in manifests for 32x32 colour images of 5 classes and the library,
// the sampler and the components' pixel geometry follow, with no 28, 784 or 10 anywhere.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {trackedPixels} from "../components/denoising.js";
import {rgba} from "../components/images.js";
import {maskPreset} from "../components/maskPainter.js";
import {fashionMnist, type FashionMnistManifest} from "../src/datasets/index.js";
import {ddimScheduler, guided, linearSchedule, sampleToEnd} from "../src/diffusion/index.js";
import {classify, imageGeometry, imageShape, unetDenoiser, type ImageModelManifest} from "../src/models/index.js";
import {seededRandom} from "../src/random.js";
import type {ModelSession, TensorData} from "../src/runtime/index.js";
import {readManifest} from "./fixtures.js";

const CLASSES = ["apple", "boat", "cloud", "door", "egg"];
const data = {classes: CLASSES};
const colourUnet: ImageModelManifest = {
  inputs: [
    {name: "x", shape: ["batch", 3, 32, 32]},
    {name: "t", shape: ["batch"]},
    {name: "y", shape: ["batch"]}
  ],
  outputs: [{name: "eps", shape: ["batch", 3, 32, 32]}],
  conditioning: {classes: 5, nullClass: 5},
  data
};
const colourClassifier: ImageModelManifest = {
  inputs: [{name: "x", shape: ["batch", 3, 32, 32]}],
  outputs: [{name: "logits", shape: ["batch", 5]}],
  data
};

/** A session that records the dims of every image batch it is run with and answers with zeros of the right size. */
function recordingSession(classes: number) {
  const seen: number[][] = [];
  const session: ModelSession = {
    backend: "wasm",
    inputNames: ["x"],
    outputNames: ["out"],
    async run(feeds) {
      const {dims, data} = feeds.x;
      seen.push(dims);
      const out = (values: Float32Array, dims: number[]): TensorData => ({type: "float32", data: values, dims});
      return {
        eps: out(new Float32Array(data.length), dims),
        logits: out(new Float32Array(dims[0] * classes), [dims[0], classes])
      };
    },
    release: async () => {}
  };
  return {session, seen};
}

describe("imageGeometry", () => {
  it("reads channels, height, width, classes and the null class from a UNet manifest", () => {
    assert.deepEqual(imageGeometry(colourUnet), {
      channels: 3,
      height: 32,
      width: 32,
      size: 3072,
      classCount: 5,
      classNames: CLASSES,
      nullClass: 5
    });
  });

  it("takes a classifier's class count from its logits' width, and gives it no null class", () => {
    const geometry = imageGeometry(colourClassifier);
    assert.equal(geometry.classCount, 5);
    assert.equal(geometry.nullClass, null);
  });

  it("reads the shipped UNet, classifier and test images as the same images and classes", () => {
    const dataset: FashionMnistManifest = JSON.parse(
      readFileSync(new URL("../data/datasets/fashion-mnist-test.json", import.meta.url), "utf8")
    );
    const images = imageShape(dataset.layout.images.shape.slice(1));
    for (const model of ["diffusion", "classifier"]) {
      const {channels, height, width, size, classNames, classCount} = imageGeometry(readManifest(model));
      assert.deepEqual({channels, height, width, size}, images, model);
      assert.deepEqual(classNames, dataset.classes, model);
      assert.equal(classCount, dataset.classes.length, model);
    }
    assert.equal(imageGeometry(readManifest("diffusion")).nullClass, readManifest("diffusion").conditioning.nullClass);
  });

  it("refuses a manifest whose class count and class names disagree, or whose image input is not [batch, C, H, W]", () => {
    assert.throws(
      () => imageGeometry({...colourUnet, conditioning: {classes: 4, nullClass: 4}}),
      /4 classes and its manifest names 5/
    );
    assert.throws(
      () => imageGeometry({...colourClassifier, inputs: [{name: "x", shape: ["batch", 3, "height", 32]}]}),
      /positive whole numbers/
    );
    assert.throws(() => imageGeometry({...colourClassifier, inputs: [{name: "x", shape: ["batch", 1024]}]}), /has 0/);
  });

  it("gives [height, width] one channel", () => {
    assert.deepEqual(imageShape([5, 7]), {channels: 1, height: 5, width: 7, size: 35});
  });
});

describe("the image models and the sampler follow the manifest's geometry", () => {
  const geometry = imageGeometry(colourUnet);

  it("unetDenoiser runs the model on [batch, 3, 32, 32]", async () => {
    const {session, seen} = recordingSession(5);
    const eps = await unetDenoiser(session, geometry)(new Float32Array(2 * 3072), [10, 20], [0, 4]);
    assert.deepEqual(seen, [[2, 3, 32, 32]]);
    assert.equal(eps.length, 2 * 3072);
  });

  it("classify runs the classifier on [count, 3, 32, 32] and gives 5 probabilities per image", async () => {
    const {session, seen} = recordingSession(5);
    const probabilities = await classify(session, imageGeometry(colourClassifier), new Float32Array(3 * 3072));
    assert.deepEqual(seen, [[3, 3, 32, 32]]);
    assert.deepEqual(probabilities, Array(3).fill(Array(5).fill(0.2)));
    await assert.rejects(classify(session, geometry, new Float32Array(3073)), /not a whole number of images of 3072/);
  });

  it("a guided sample of two classes is two images of 3072 values, the model run on four at a time", async () => {
    const {session, seen} = recordingSession(5);
    const scheduler = ddimScheduler(linearSchedule());
    scheduler.setTimesteps(3);
    const denoiser = guided(unetDenoiser(session, geometry), 2, geometry.nullClass);
    const images = await sampleToEnd(denoiser, scheduler, {
      classes: [0, 4],
      size: geometry.size,
      noise: seededRandom(1)
    });
    assert.equal(images.length, 2 * 3072);
    assert.deepEqual(seen, Array(3).fill([4, 3, 32, 32]));
  });

  it("guidance refuses a model with no null class", () => {
    const {session} = recordingSession(5);
    assert.throws(
      () => guided(unetDenoiser(session, geometry), 2, imageGeometry(colourClassifier).nullClass),
      /null class/
    );
  });
});

describe("the components' pixel geometry follows the image shape", () => {
  const shape = imageShape([3, 32, 32]);

  it("the shipped image reader takes [count, channels, height, width] images", () => {
    const manifest: FashionMnistManifest = {
      count: 2,
      classes: CLASSES,
      layout: {images: {shape: [2, 3, 32, 32], offset: 0}, labels: {offset: 2 * 3072}}
    };
    const images = fashionMnist(new Uint8Array(2 * 3072 + 2).fill(255), manifest);
    assert.deepEqual(images.shape, shape);
    assert.equal(images.modelInput(1).length, 3072);
    assert.ok(images.modelInput(1).every((v) => v === 1));
  });

  it("a mask preset covers every channel of the pixels it names: the right half of 32 columns is 16 to 31", () => {
    const mask = maskPreset("Right half", shape);
    assert.equal(mask.length, 3072);
    for (let i = 0; i < mask.length; i++) assert.equal(mask[i], i % 32 >= 16 ? 0 : 1, `value ${i}`);
    const square = maskPreset("Centre square", imageShape([64, 32]));
    const unknown = [...square].flatMap((m, i) => (m === 0 ? [[Math.floor(i / 32), i % 32]] : []));
    assert.deepEqual([Math.min(...unknown.map(([r]) => r)), Math.max(...unknown.map(([r]) => r))], [19, 45]); // 2/7 to 5/7 of 64 rows
    assert.deepEqual([Math.min(...unknown.map(([, c]) => c)), Math.max(...unknown.map(([, c]) => c))], [10, 22]); // and of 32 columns
  });

  it("the tracked pixels of a denoising run sit at the same places relative to any image size", () => {
    const small = trackedPixels(imageShape([28, 28]));
    const wide = trackedPixels(imageShape([3, 40, 80]));
    wide.forEach(({row, col, index}, k) => {
      assert.equal(index, row * 80 + col);
      assert.ok(row < 40 && col < 80);
      assert.ok(
        Math.abs(row / 40 - small[k].row / 28) < 0.05 && Math.abs(col / 80 - small[k].col / 28) < 0.05,
        `pixel ${k}`
      );
    });
  });

  it("three channels are drawn as red, green and blue; one as grey; two are refused", () => {
    const pixels = Float32Array.from([-1, 1, /* green */ 1, 0, /* blue */ 0, -1]); // 1x2 image, planes R, G, B
    assert.deepEqual([...rgba(pixels, imageShape([3, 1, 2]), [-1, 1])], [0, 255, 128, 255, 255, 128, 0, 255]);
    assert.deepEqual(
      [...rgba(Float32Array.from([-1, 1]), imageShape([1, 2]), [-1, 1])],
      [0, 0, 0, 255, 255, 255, 255, 255]
    );
    assert.throws(() => rgba(new Float32Array(4), imageShape([2, 1, 2]), [-1, 1]), /2 channels cannot be drawn/);
  });
});
