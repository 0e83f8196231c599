export * from "./compactVocab.js";
export * from "./gpt2.js";
export * from "./characters.js";
export * from "./wordGroups.js";
