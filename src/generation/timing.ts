// Time per generated token, as the stream delivers them: what the lesson on the KV cache plots against length.

export interface TokenTime {
  /** Tokens in the context once this one is added. */
  length: number;
  milliseconds: number;
}

export interface TimingOptions {
  now?: () => number;
  /** Told how many tokens have arrived after each one, for a progress bar. */
  onToken?: (count: number) => void;
}

export async function timeTokens(
  stream: AsyncIterable<unknown>,
  promptLength: number,
  {now = () => performance.now(), onToken}: TimingOptions = {}
): Promise<TokenTime[]> {
  const times: TokenTime[] = [];
  let last = now();
  for await (const _ of stream) {
    const t = now();
    times.push({length: promptLength + times.length + 1, milliseconds: t - last});
    last = t;
    onToken?.(times.length);
  }
  return times;
}

/** Tokens per second over a run of timed tokens. */
export function tokensPerSecond(times: readonly TokenTime[]): number {
  const total = times.reduce((sum, t) => sum + t.milliseconds, 0);
  return total > 0 ? (1000 * times.length) / total : Infinity;
}
