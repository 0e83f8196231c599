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
      return `${path || "the result"} should be a number close to ${expected}, got ${show(actual)}`;
    if (expected === actual) return undefined;
    return Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected))
      ? undefined
      : `${path || "the result"} should be ${round(expected)}, got ${round(actual)}`;
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

const round = (x: number) => String(Number(x.toPrecision(6)));
const show = (x: unknown) => (typeof x === "number" ? round(x) : (JSON.stringify(x)?.slice(0, 60) ?? String(x)));

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
      return {name, passed: false, detail: `threw ${(error as Error).name}: ${(error as Error).message}`};
    }
  });
}
