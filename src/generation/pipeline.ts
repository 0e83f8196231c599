// Processors composed in order, made visible: logits -> processors -> probabilities. The pipeline can return every
// intermediate array, so a lesson can plot what each stage did.
import * as make from "./processors.js";
import type {LogitsProcessor, ProcessorContext} from "./processors.js";
import {softmax} from "../linalg/index.js";

export interface Stage {
  name: string;
  values: Float32Array;
}

export interface Pipeline {
  processors: readonly LogitsProcessor[];
  /** The scores after every processor, before softmax: -Infinity where a filter removed a token. */
  scores(logits: Float32Array, context: ProcessorContext): Float32Array;
  /** The next-token probabilities. */
  probabilities(logits: Float32Array, context: ProcessorContext): Float32Array;
  /** Every stage: the logits, each processor's output, then the probabilities. */
  stages(logits: Float32Array, context: ProcessorContext): Stage[];
}

export function pipeline(processors: LogitsProcessor[] = []): Pipeline {
  const stages = (logits: Float32Array, context: ProcessorContext): Stage[] => {
    const out: Stage[] = [{name: "logits", values: logits}];
    let current = logits;
    for (const p of processors) out.push({name: p.label, values: (current = p(current, context))});
    out.push({name: "probabilities", values: new Float32Array(softmax(current))});
    return out;
  };
  const scores = (logits: Float32Array, context: ProcessorContext) =>
    processors.reduce((current, p) => p(current, context), logits);
  return {
    processors,
    stages,
    scores,
    probabilities: (logits, context) => new Float32Array(softmax(scores(logits, context)))
  };
}

export interface SamplingOptions {
  /** Processors of the reader's own, run first on the raw logits. */
  first?: LogitsProcessor[];
  repetitionPenalty?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * The sampler's pipeline in the order of Hugging Face transformers: what changes scores (the reader's processors, the
 * repetition penalty) on the raw logits, then the temperature, then the filters, so a penalised token can drop out
 * of the top k. A setting left out adds no stage.
 */
export function samplingPipeline({first = [], repetitionPenalty, temperature, topK, topP}: SamplingOptions): Pipeline {
  return pipeline([
    ...first,
    ...(repetitionPenalty === undefined ? [] : [make.repetitionPenalty(repetitionPenalty)]),
    ...(temperature === undefined ? [] : [make.temperature(temperature)]),
    ...(topK === undefined ? [] : [make.topK(topK)]),
    ...(topP === undefined ? [] : [make.topP(topP)])
  ]);
}
