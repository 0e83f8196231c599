export * from "./selfAttention.js";
export * from "./masks.js";
export * from "./headRoles.js";
