export * from "./sinusoidal.js";
export * from "./rotation.js";
export * from "./rope.js";
export * from "./similarity.js";
export * from "./fromFunction.js";
