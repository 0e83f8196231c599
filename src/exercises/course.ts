// The course's exercises, one per lesson: what the reader's code must define, the cases it is run on, and the
// library function that gives the right answers.
import {attend, causalBias} from "../attention/index.js";
import {addNoise, linearSchedule, maskBlend, predictOriginal, scoreFromNoise} from "../diffusion/index.js";
import {perplexity} from "../evaluation/index.js";
import {temperature, topP} from "../generation/index.js";
import {cosine, softmax} from "../linalg/index.js";
import {clipGradNorm, parameter} from "../learning/index.js";
import {kvCacheBytes} from "../models/index.js";
import {angularFrequencies, shiftByRotation, sinusoidalEncoding} from "../positional/index.js";
import {normalArray, normalMatrix, seededRandom} from "../random.js";
import type {ExerciseCheck} from "./check.js";

const rng = seededRandom(2024);
const schedule = linearSchedule();
/** Scores a classifier might give one image: a clear favourite, a runner-up, and the rest. */
const CLASSIFIER_LOGITS = [2.1, -0.3, 0.8, 4.0, -1.5];

export const exercises = {
  cosine: {
    output: "cosineSimilarity",
    reference: cosine,
    cases: [
      {
        name: "the same direction gives 1",
        args: [
          [1, 2, 3],
          [2, 4, 6]
        ]
      },
      {
        name: "opposite directions give -1",
        args: [
          [1, 0],
          [-3, 0]
        ]
      },
      {
        name: "perpendicular vectors give 0",
        args: [
          [1, 0, 0],
          [0, 5, 0]
        ]
      },
      {
        name: "any two vectors",
        args: [
          [0.3, -1.2, 2.5, 0.1],
          [1.1, 0.4, -0.7, 2.0]
        ]
      }
    ]
  },
  rotation: {
    output: "shift",
    reference: (pe: number[], k: number, omega: number[]) => shiftByRotation(pe, k, omega),
    cases: [1, 5, 17].map((k) => ({
      name: `shifting PE(3) by k = ${k} gives PE(${3 + k})`,
      args: [sinusoidalEncoding(4, 16)[3], k, angularFrequencies(16)]
    }))
  },
  attention: {
    output: "attention",
    reference: (q: number[][], k: number[][], v: number[][], causal: boolean) =>
      attend(q, k, v, causal ? maskMatrix(q.length) : undefined).output,
    cases: [
      {
        name: "3 tokens, no mask",
        args: [normalMatrix(3, 4, rng), normalMatrix(3, 4, rng), normalMatrix(3, 2, rng), false]
      },
      {
        name: "5 tokens, causal mask",
        args: [normalMatrix(5, 4, rng), normalMatrix(5, 4, rng), normalMatrix(5, 3, rng), true]
      },
      {name: "one token sees only itself", args: [[[1, 2]], [[3, 4]], [[5, 6]], true]}
    ],
    tolerance: 1e-6
  },
  topP: {
    output: "nucleus",
    reference: (probabilities: number[], p: number) => [
      ...softmax(topP(p)(Float32Array.from(probabilities, Math.log), {tokens: []}))
    ],
    cases: [
      {name: "p = 0.5 keeps the one token that has half the mass", args: [[0.5, 0.3, 0.2], 0.5]},
      {name: "p = 0.75 keeps two tokens", args: [[0.1, 0.5, 0.3, 0.1], 0.75]},
      {name: "p = 1 keeps every token", args: [[0.25, 0.25, 0.25, 0.25], 1]},
      {name: "an unsorted distribution", args: [[0.05, 0.15, 0.4, 0.1, 0.3], 0.8]}
    ],
    tolerance: 1e-5
  },
  kvCache: {
    output: "cacheSize",
    reference: (layers: number, heads: number, headDim: number, tokens: number, batch: number) =>
      kvCacheBytes({layers, heads, headDim, tokens, batch}),
    cases: [
      {name: "our GPT, 256 tokens", args: [4, 6, 32, 256, 1]},
      {name: "GPT-2 small, 1024 tokens, batch 8", args: [12, 12, 64, 1024, 8]},
      {name: "one token", args: [1, 1, 1, 1, 1]}
    ]
  },
  perplexity: {
    output: "perplexityOf",
    reference: (probabilities: number[]) => perplexity(probabilities.map((p) => -Math.log(p))),
    cases: [
      {name: "a uniform guess among 4 gives 4", args: [[0.25, 0.25, 0.25]]},
      {name: "certainty gives 1", args: [[1, 1, 1, 1]]},
      {name: "a mix", args: [[0.5, 0.1, 0.9, 0.02, 0.3]]}
    ]
  },
  clip: {
    output: "clipByGlobalNorm",
    reference: (grads: number[][], maxNorm: number) => {
      const params = grads.map((g) =>
        Object.assign(parameter(new Float32Array(g.length), [g.length]), {grad: Float32Array.from(g)})
      );
      clipGradNorm(params, maxNorm);
      return params.map((p) => [...p.grad!]);
    },
    cases: [
      {name: "a gradient within the limit is kept", args: [[[0.3, -0.4], [0.1]], 1]},
      {
        name: "two gradients each within the limit, together over it, are scaled",
        args: [
          [
            [3, 0],
            [0, 4]
          ],
          4
        ]
      },
      {
        name: "a large gradient is scaled to the limit's norm",
        args: [
          [
            [30, -40],
            [12, 0, 5]
          ],
          1
        ]
      }
    ],
    tolerance: 1e-5
  },
  forward: {
    output: "noisy",
    reference: (x0: number[], eps: number[], t: number) => [
      ...addNoise(Float32Array.from(x0), Float32Array.from(eps), t, schedule)
    ],
    cases: [10, 250, 999].map((t) => ({
      name: `t = ${t}`,
      args: [[...normalArray(6, rng)], [...normalArray(6, rng)], t]
    })),
    tolerance: 1e-5,
    scope: {alphaBar: (t: number) => schedule.alphaBars[t]}
  },
  predictX0: {
    output: "predictX0",
    reference: (x: number[], eps: number[], alphaBar: number) => [
      ...predictOriginal(Float32Array.from(x), Float32Array.from(eps), alphaBar, false)
    ],
    cases: [0.99, 0.5, 0.01].map((alphaBar) => ({
      name: `ᾱ = ${alphaBar}`,
      args: [[...normalArray(5, rng)], [...normalArray(5, rng)], alphaBar]
    })),
    tolerance: 1e-4
  },
  score: {
    output: "score",
    reference: (epsHat: number[], alphaBar: number) => [...scoreFromNoise(Float32Array.from(epsHat), alphaBar)],
    cases: [
      ...[0.99, 0.5, 0.01].map((alphaBar) => ({name: `ᾱ = ${alphaBar}`, args: [[...normalArray(4, rng)], alphaBar]})),
      // data that is one point at the origin: q(x_t) = N(0, (1 − ᾱ) I), whose score is −x_t / (1 − ᾱ); the best ε̂ is
      // x_t / √(1 − ᾱ), and the answer must be that score
      {name: "a single data point at the origin, x_t = (0.6, −0.8), ᾱ = 0.36", args: [[0.75, -1], 0.36]}
    ],
    tolerance: 1e-6
  },
  temperature: {
    output: "softmaxWithTemperature",
    reference: (z: number[], t: number) => [...softmax(temperature(t)(Float32Array.from(z), {tokens: []}))],
    cases: [
      {name: "T = 1 is the plain softmax", args: [CLASSIFIER_LOGITS, 1]},
      {name: "T = 0.5 sharpens", args: [CLASSIFIER_LOGITS, 0.5]},
      {name: "T = 4 flattens", args: [CLASSIFIER_LOGITS, 4]},
      {name: "large logits do not overflow", args: [[800, 795, 790], 1]}
    ],
    tolerance: 1e-5
  },
  compose: {
    output: "composePixel",
    reference: maskBlend,
    cases: [
      {name: "a known pixel (m = 1) is kept", args: [0.8, -0.3, 1]},
      {name: "an unknown pixel (m = 0) is generated", args: [0.8, -0.3, 0]},
      {name: "a soft edge (m = 0.25) mixes them", args: [0.8, -0.3, 0.25]}
    ]
  }
} satisfies Record<string, ExerciseCheck>;

export type ExerciseId = keyof typeof exercises;

/** The causal mask as the additive matrix attend() takes. */
function maskMatrix(n: number): number[][] {
  const bias = causalBias(n);
  return Array.from({length: n}, (_, i) => Array.from(bias.subarray(i * n, (i + 1) * n)));
}
