// The parts of Observable Inputs (which ships no types) that the components use.
declare module "@observablehq/inputs" {
  export interface RangeOptions {
    label?: string;
    value?: number;
    step?: number;
    format?: (value: number) => string;
    transform?: (value: number) => number;
    invert?: (value: number) => number;
    width?: number;
  }
  export function range(extent: [number, number], options?: RangeOptions): HTMLFormElement & {value: number};
  export function select<T>(
    options: T[],
    config?: {label?: string; value?: T; format?: (option: T) => string}
  ): HTMLFormElement & {value: T};
  export function button<T>(
    content: string,
    config?: {label?: string; value?: T; reduce?: (value: T) => T}
  ): HTMLFormElement & {value: T};
  export function radio<T>(
    options: T[],
    config?: {label?: string; value?: T; format?: (option: T) => string}
  ): HTMLFormElement & {value: T};
}
