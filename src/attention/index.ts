export * from "./selfAttention.js";
