export * from "./compactVocab.js";
export * from "./gpt2.js";
