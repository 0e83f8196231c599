// Bytes written as base64 text: a WebAssembly kernel shipped in a module, a share link's compressed code.

/** The bytes that base64 `text` (with + and /) stands for. */
export const base64Bytes = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
