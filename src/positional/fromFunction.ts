import type {Matrix, Vector} from "../linalg/index.js";

export type Encoder = (pos: number, dModel: number, base: number) => Vector;

/** The [positions, d] matrix of a reader's encoding function, checked row by row so a mistake gets a clear message. */
export function encodingFrom(encode: Encoder, positions: number, dModel: number, base: number): Matrix {
  return Array.from({length: positions}, (_, pos) => {
    const row = encode(pos, dModel, base);
    if (!Array.isArray(row) || row.length !== dModel) {
      const got = Array.isArray(row) ? `${row.length} numbers` : (JSON.stringify(row) ?? String(row));
      throw new TypeError(`encode(${pos}, ${dModel}, ${base}) returned ${got}; it should return d = ${dModel} numbers`);
    }
    const bad = row.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (bad !== -1)
      throw new TypeError(`encode(${pos}, ${dModel}, ${base})[${bad}] is ${row[bad]}, not a finite number`);
    return row;
  });
}
