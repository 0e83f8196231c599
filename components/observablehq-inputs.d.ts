// The parts of Observable Inputs (which ships no types) that the components and lessons use.
declare module "@observablehq/inputs" {
  export interface RangeOptions {
    label?: string;
    value?: number;
    step?: number;
    format?: (value: number) => string | number;
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
  export function checkbox<T>(
    options: T[],
    config?: {label?: string; value?: T[]; format?: (option: T) => string}
  ): HTMLFormElement & {value: T[]};
  export function toggle(config?: {label?: string; value?: boolean; disabled?: boolean}): HTMLFormElement & {
    value: boolean;
  };
  export interface TextOptions {
    label?: string;
    value?: string;
    placeholder?: string;
    width?: number;
    disabled?: boolean;
    /** A button that commits the value: it changes only when pressed (or on Enter, for text). */
    submit?: boolean | string;
  }
  export function table<T extends object>(
    data: T[],
    options?: {
      columns?: (keyof T & string)[];
      header?: Partial<Record<keyof T & string, string>>;
      format?: Partial<Record<keyof T & string, (value: never) => string>>;
      select?: boolean;
      layout?: "auto" | "fixed";
      rows?: number;
    }
  ): HTMLFormElement;
  export function text(options?: TextOptions): HTMLFormElement & {value: string};
  export function textarea(options?: TextOptions & {rows?: number}): HTMLFormElement & {value: string};
}
