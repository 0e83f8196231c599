import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {multiplyTransposedScalar, multiplyTransposedSimd} from "../src/learning/matmul.js";
import {MATMUL_WASM} from "../src/learning/matmulKernel.js";
import {seededRandom} from "../src/random.js";
import {kernelBase64} from "../scripts/kernels.js";

const kernels = {JavaScript: multiplyTransposedScalar, WebAssembly: multiplyTransposedSimd!};

/** out[i, j] += Σ_p a[i, p] · bT[j, p] in double precision, one multiply at a time. */
function reference(
  a: Float32Array,
  ao: number,
  bT: Float32Array,
  bo: number,
  out: Float64Array,
  m: number,
  k: number,
  n: number
) {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += a[ao + i * k + p] * bT[bo + j * k + p];
}

const random = (size: number, seed: number) => {
  const rng = seededRandom(seed);
  return Float32Array.from({length: size}, () => rng() * 2 - 1);
};

describe("learning: the matrix product's kernels", () => {
  it("the WebAssembly kernel is made from matmul.wat as it stands, and this engine runs it", async () => {
    assert.equal(MATMUL_WASM, await kernelBase64(), "run npm run kernels after editing matmul.wat");
    assert.ok(multiplyTransposedSimd, "Node has WebAssembly SIMD, so the kernel must load here");
  });

  for (const [name, kernel] of Object.entries(kernels))
    it(`${name}: adds a · bTᵀ to out for every shape, from offsets, padding rows and columns it does not write`, () => {
      // a large call first leaves its values in the kernel's memory; the odd shapes after it must not read them
      const shapes = [
        [64, 128, 96],
        [1, 1, 1],
        [5, 7, 3],
        [4, 8, 2],
        [33, 17, 9],
        [3, 2, 5],
        [32, 8, 32],
        [2, 130, 1]
      ];
      for (const [index, [m, k, n]] of shapes.entries()) {
        const [ao, bo, oo] = [3, 5, 7];
        const a = random(ao + m * k, 10 * index + 1);
        const bT = random(bo + n * k, 10 * index + 2);
        const out = random(oo + m * n + 4, 10 * index + 3);
        const before = out.slice();
        const expected = Float64Array.from(out.subarray(oo, oo + m * n));
        reference(a, ao, bT, bo, expected, m, k, n);
        kernel(a, ao, bT, bo, out, oo, m, k, n);
        for (let i = 0; i < m * n; i++)
          assert.ok(Math.abs(out[oo + i] - expected[i]) < 1e-5 * Math.sqrt(k) + 1e-6, `[${m}, ${k}, ${n}] at ${i}`);
        // nothing before or after the product's place in out is touched
        assert.deepEqual(out.subarray(0, oo), before.subarray(0, oo));
        assert.deepEqual(out.subarray(oo + m * n), before.subarray(oo + m * n));
      }
    });

  it("a call after one whose inputs held NaN gives finite sums: the padding is zeroed, not left over", () => {
    const kernel = multiplyTransposedSimd!;
    kernel(
      new Float32Array(40 * 40).fill(NaN),
      0,
      new Float32Array(40 * 40).fill(NaN),
      0,
      new Float32Array(1600),
      0,
      40,
      40,
      40
    );
    const out = new Float32Array(3 * 3);
    kernel(new Float32Array(3 * 5).fill(1), 0, new Float32Array(3 * 5).fill(2), 0, out, 0, 3, 5, 3);
    assert.deepEqual([...out], Array(9).fill(10));
  });
});
