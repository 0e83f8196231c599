// The diffusion UNet as a Denoiser: plain arrays in, the model's noise prediction out.
import type {Denoiser} from "../diffusion/index.js";
import type {ModelSession} from "../runtime/index.js";
import type {ImageShape} from "./imageShape.js";

export function unetDenoiser(session: ModelSession, {channels, height, width}: ImageShape): Denoiser {
  return async (x, t, y) => {
    const batch = t.length;
    const {eps} = await session.run({
      x: {type: "float32", data: x, dims: [batch, channels, height, width]},
      t: {type: "int64", data: BigInt64Array.from(t, BigInt), dims: [batch]},
      y: {type: "int64", data: BigInt64Array.from(y, BigInt), dims: [batch]}
    });
    return eps.data as Float32Array;
  };
}
