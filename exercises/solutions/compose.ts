function composePixel(known: number, generated: number, m: number): number {
  return m * known + (1 - m) * generated;
}
