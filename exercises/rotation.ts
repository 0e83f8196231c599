// pe holds (sin, cos) pairs: pe[2i] = sin(pos·ω_i), pe[2i+1] = cos(pos·ω_i).
// Return PE(pos + k) computed from pe alone, by rotating each pair by the angle k·ω_i.
function shift(pe: number[], k: number, omega: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < omega.length; i++) {
    const s = pe[2 * i];
    const c = pe[2 * i + 1];
    out.push(s, c); // rotate me
  }
  return out;
}
