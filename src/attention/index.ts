export * from "./selfAttention.js";
export * from "./masks.js";
