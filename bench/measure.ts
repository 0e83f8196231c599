// What the benchmarks share: medians and the printed table (bench/chromium.ts opens the built site in Chromium).
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One line of a table: a label, then right-aligned cells. */
export function row(cells: string[]): void {
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(28) : c.padStart(16))).join(""));
}
