export * from "./unet.js";
export * from "./classifier.js";
