export * from "./layers.js";
export * from "./languageModel.js";
export * from "./bigram.js";
export * from "./windowMlp.js";
export * from "./lstm.js";
export * from "./attentionOnly.js";
export * from "./transformer.js";
export * from "./denoiser.js";
