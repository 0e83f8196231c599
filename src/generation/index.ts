export * from "./processors.js";
export * from "./pipeline.js";
export * from "./model.js";
export * from "./generate.js";
export * from "./beam.js";
export * from "./repetition.js";
export * from "./batch.js";
export * from "./timing.js";
