export * from "./imageShape.js";
export * from "./unet.js";
export * from "./classifier.js";
export * from "./gpt.js";
export * from "./embeddings.js";
export * from "./kvCache.js";
