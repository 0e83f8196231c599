// Checks a reader's solution to an exercise: runs it on cases beside the library's own implementation and says,
// case by case, what passed and what did not.

export interface Case {
  name: string;
  args: unknown[];
}

export interface CaseResult {
  name: string;
  passed: boolean;
  /** What was expected and what came back, for a failed case; the error, for one that threw. */
  detail?: string;
}

export interface ExerciseCheck {
  /** What the reader's code must define. */
  output: string;
  cases: Case[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each exercise's reference takes its own arguments
  reference: (...args: any[]) => unknown;
  tolerance?: number;
  /** Names the reader's code may use besides its arguments. */
  scope?: Record<string, unknown>;
}

/** Numbers, arrays of numbers, and arrays of those, compared within a tolerance. */
function difference(expected: unknown, actual: unknown, tolerance: number, path = ""): string | undefined {
  if (typeof expected === "number") {
    if (typeof actual !== "number" || Number.isNaN(actual))
      return `${path || "the result"} should be a number close to ${show(expected)}, got ${show(actual)}`;
    if (expected === actual) return undefined;
    if (Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected))) return undefined;
    const [e, a] = apart(expected, actual);
    return `${path || "the result"} should be ${e}, got ${a}`;
  }
  if (typeof expected === "boolean")
    return expected === actual ? undefined : `${path || "the result"} should be ${expected}, got ${show(actual)}`;
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const e = Array.from(expected as ArrayLike<unknown>);
    if (!(ArrayBuffer.isView(actual) || Array.isArray(actual)))
      return `${path || "the result"} should be a list of ${e.length}, got ${show(actual)}`;
    const a = Array.from(actual as ArrayLike<unknown>);
    if (a.length !== e.length) return `${path || "the result"} should have ${e.length} entries, got ${a.length}`;
    for (let i = 0; i < e.length; i++) {
      const d = difference(e[i], a[i], tolerance, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  throw new TypeError(`the check cannot compare ${typeof expected} values`);
}

/** An integer exactly, with thousands separators; any other number to `digits` significant digits. */
const number = (x: number, digits = 6) =>
  Number.isInteger(x) ? x.toLocaleString("en-US") : String(Number(x.toPrecision(digits)));
const show = (x: unknown) => (typeof x === "number" ? number(x) : (JSON.stringify(x)?.slice(0, 60) ?? String(x)));

/** Two numbers that differ, each with enough digits to show where they differ (six at least). */
function apart(expected: number, actual: number): [string, string] {
  const scale = Math.max(Math.abs(expected), Math.abs(actual));
  // NaN when either is infinite
  const needed = Math.ceil(Math.log10(scale / Math.abs(expected - actual))) + 1 || 6;
  let digits = Math.min(17, Math.max(6, needed));
  while (digits < 17 && number(expected, digits) === number(actual, digits)) digits++;
  return [number(expected, digits), number(actual, digits)];
}

export function checkSolution(exercise: ExerciseCheck, solution: unknown): CaseResult[] {
  if (typeof solution !== "function")
    return [
      {
        name: `defines ${exercise.output}`,
        passed: false,
        detail: `${exercise.output} should be a function, got ${typeof solution}`
      }
    ];
  const tolerance = exercise.tolerance ?? 1e-6;
  return exercise.cases.map(({name, args}) => {
    const expected = exercise.reference(...structuredClone(args));
    try {
      const detail = difference(expected, solution(...structuredClone(args)), tolerance);
      return detail ? {name, passed: false, detail} : {name, passed: true};
    } catch (error) {
      return {name, passed: false, detail: error instanceof Error ? error.message : `it threw ${show(error)}`};
    }
  });
}
