export * from "./schedules.js";
export * from "./forward.js";
export * from "./scheduler.js";
export * from "./ddpm.js";
export * from "./ddim.js";
export * from "./guidance.js";
export * from "./sample.js";
export * from "./inpaint.js";
