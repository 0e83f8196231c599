// The image models' slow checks (npm run test:quality): a thousand-step sampling loop against PyTorch, and samples
// judged by the classifier. Minutes of model calls in Node; the fast tier checks DDIM over 50 steps against PyTorch.
// Both run the file the lessons load, whose float16 weights move each noise prediction by up to 0.0026 (its
// manifest): a thousand such steps land within 0.01 of PyTorch's float32 image (0.0021 when last run).
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {ddimScheduler, ddpmScheduler, guided, linearSchedule, sampleToEnd} from "../../src/diffusion/index.js";
import {classify, imageGeometry, unetDenoiser} from "../../src/models/index.js";
import {seededRandom} from "../../src/random.js";
import {maxAbsDifference} from "../../src/linalg/index.js";
import {createSession} from "../../src/runtime/index.js";
import {readFixture, readManifest, readModelFile} from "../fixtures.js";

const float = (t: {data: unknown}) => t.data as Float32Array;
const unetManifest = readManifest("diffusion");
const geometry = imageGeometry(unetManifest);
const schedule = linearSchedule(unetManifest.schedule);

describe("the diffusion UNet over a whole sampling run", () => {
  it("samples PyTorch's image, within 0.01, from the same x_T and noise: DDPM over 1000 steps, guidance 2", async () => {
    const fixture = readFixture("diffusion");
    const unet = await createSession(readModelFile("diffusion", unetManifest.file), {backend: "wasm"});
    const denoiser = guided(unetDenoiser(unet, geometry), Number(fixture.meta.guidance), geometry.nullClass);
    const noise = float(fixture.get("ddpm_noise"));
    let step = 0;
    const replay = {next: (size: number) => noise.subarray(size * step, size * ++step)};
    const scheduler = ddpmScheduler(schedule);
    scheduler.setTimesteps(1000);
    const classes = [Number((fixture.get("class").data as BigInt64Array)[0])];
    const image = await sampleToEnd(denoiser, scheduler, {
      classes,
      size: geometry.size,
      start: float(fixture.get("x_T")),
      noise: replay
    });
    await unet.release();
    const difference = maxAbsDifference(image, float(fixture.get("ddpm_1000")));
    assert.ok(difference < 0.01, `max |difference| ${difference}`);
  });
});

describe("the diffusion model's samples, judged by the classifier", () => {
  it("are classified as the class asked for at least 70% of the time (20 DDIM-50 samples, guidance 2)", async () => {
    const unet = await createSession(readModelFile("diffusion", unetManifest.file), {backend: "wasm"});
    const judgeManifest = readManifest("classifier");
    const judge = await createSession(readModelFile("classifier", judgeManifest.file), {backend: "wasm"});
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(50);
    const classes = Array.from({length: 20}, (_, i) => i % geometry.classCount);
    const images = await sampleToEnd(guided(unetDenoiser(unet, geometry), 2, geometry.nullClass), scheduler, {
      classes,
      size: geometry.size,
      noise: seededRandom(2026)
    });
    const verdicts = await classify(judge, imageGeometry(judgeManifest), images);
    const asked = classes.filter((c, i) => verdicts[i].indexOf(Math.max(...verdicts[i])) === c).length;
    await Promise.all([unet.release(), judge.release()]);
    assert.ok(asked / 20 >= 0.7, `${asked} of 20 classified as asked`);
  });
});
