// One pixel of RePaint's composition: m = 1 where the pixel is known, 0 where the model must fill it in,
// in between on a soft edge.
function compose(known: number, generated: number, m: number): number {
  return generated;
}
