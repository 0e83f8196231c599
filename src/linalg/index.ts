export * from "./matrix.js";
export * from "./softmax.js";
export * from "./nearest.js";
export * from "./pca.js";
