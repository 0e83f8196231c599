// The context the model reads: at most its last contextLength tokens. nanoGPT's generate() crops before every step,
// idx_cond = idx if idx.size(1) <= block_size else idx[:, -block_size:]; a longer context would ask for a position
// the model has no embedding for.

export interface CroppedContext {
  /** The last contextLength tokens (all of them when they fit). */
  tokens: number[];
  /** How many tokens were cut from the start. */
  cut: number;
}

export function cropContext(tokens: readonly number[], contextLength: number): CroppedContext {
  if (!Number.isInteger(contextLength) || contextLength < 1)
    throw new RangeError(`the context length must be a whole number of at least 1, got ${contextLength}`);
  const cut = Math.max(0, tokens.length - contextLength);
  return {tokens: tokens.slice(cut), cut};
}

/** What cropping did, for the page to say where the reader is looking: "" when nothing was cut. */
export function cropNote({tokens, cut}: CroppedContext, noun: string): string {
  if (cut === 0) return "";
  const whole = (n: number) => n.toLocaleString("en");
  return `Your ${noun} is ${whole(cut + tokens.length)} tokens, and the model reads at most ${whole(tokens.length)} at once: the first ${whole(cut)} are cut.`;
}
