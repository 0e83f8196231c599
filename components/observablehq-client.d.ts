// The modules of Observable Framework 1.13's client (which ships no types) that the notebook reaches into: the
// page's `define` (the built client exports nothing else), the runtime's constructor, whose prototypes the page's
// runtime shares, and the standard library's Generators. Only what components/cells/pageRuntime.ts uses is typed.
declare module "observablehq:client" {
  export function define(cell: {
    id: string;
    /** "inline" for an expression in the text, which displays its value in place; a fenced cell has none. */
    mode?: "inline";
    inputs?: string[];
    outputs?: string[];
    body: (...inputs: never[]) => unknown;
  }): void;
}

declare module "observablehq:runtime" {
  export class Runtime {
    module(): {variable(): object};
  }
}

declare module "observablehq:stdlib" {
  export const Generators: {
    /** The input's value now and after each of its input events. */
    input(element: HTMLElement): AsyncGenerator<unknown>;
  };
}
