export * from "./unet.js";
