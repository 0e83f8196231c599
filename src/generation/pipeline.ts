// Processors composed in nanoGPT's order, made visible: logits -> temperature -> filters -> probabilities. The
// pipeline can return every intermediate array, so a lesson can plot what each stage did.
import {type LogitsProcessor, type ProcessorContext} from "./processors.js";
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
    out.push({name: "probabilities", values: Float32Array.from(softmax(current))});
    return out;
  };
  const scores = (logits: Float32Array, context: ProcessorContext) =>
    processors.reduce((current, p) => p(current, context), logits);
  return {
    processors,
    stages,
    scores,
    probabilities: (logits, context) => Float32Array.from(softmax(scores(logits, context)))
  };
}
