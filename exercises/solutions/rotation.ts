// sin(a + b) = cos(b) sin(a) + sin(b) cos(a);  cos(a + b) = cos(b) cos(a) - sin(b) sin(a)
function shift(pe: number[], k: number, omega: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < omega.length; i++) {
    const s = pe[2 * i];
    const c = pe[2 * i + 1];
    const b = k * omega[i];
    out.push(Math.cos(b) * s + Math.sin(b) * c, Math.cos(b) * c - Math.sin(b) * s);
  }
  return out;
}
