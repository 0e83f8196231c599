// A share link carries code in the URL fragment, compressed (deflate, then base64url), so it never reaches a server:
// one cell's code (an editable cell's Share), or a page as the reader left it (the edits bar's "Share page"). The page
// that opens it decodes it and shows it; it must not run any of it, nor set any input, until the reader agrees.
import {base64Bytes} from "../base64.js";

/** One cell's code. */
export interface SharedCode {
  page: string;
  cell: string;
  code: string;
}

/**
 * The values of one of a page's inputs, one per control of its form in order: a text, number or option's value, or
 * whether a checkbox or radio button is checked.
 */
export type InputValue = (string | boolean)[];

/** A page as the reader left it: each cell they edited or added, under its key in the store, and the page's inputs. */
export interface SharedPage {
  page: string;
  cells: Record<string, string>;
  /** Each input's values under its key (its label, numbered when labels repeat). */
  inputs: Record<string, InputValue>;
}

export type Shared = SharedCode | SharedPage;

export const isSharedPage = (shared: Shared): shared is SharedPage => "cells" in shared;

const PARAM = "share=";
/** The longest link a Share button makes: past this, chat apps and some browsers cut or refuse a link. */
export const MAX_LINK_CHARS = 32_000;
/** The most a link may expand to: a cell's code is a few kilobytes; a link that expands past this is not code. */
export const MAX_SHARED_BYTES = 256 * 1024;

/** The fragment that carries this code; throws when the link would be too long to pass on. */
export async function shareFragment(shared: Shared): Promise<string> {
  const bytes = await pipe(new TextEncoder().encode(JSON.stringify(shared)), new CompressionStream("deflate-raw"));
  const fragment = `#${PARAM}${toBase64Url(bytes)}`;
  if (fragment.length > MAX_LINK_CHARS)
    throw new RangeError(
      `This code is too long for a link (${fragment.length.toLocaleString("en")} characters; a link holds ${MAX_LINK_CHARS.toLocaleString("en")}): use Export to pass it on as a file.`
    );
  return fragment;
}

/** The code a fragment carries, or undefined when it carries none; throws, with a sentence, if it cannot be used. */
export async function readShareFragment(hash: string): Promise<Shared | undefined> {
  const at = hash.indexOf(PARAM);
  if (at === -1) return undefined;
  const text = hash.slice(at + PARAM.length);
  if (text.length > MAX_LINK_CHARS) throw new TypeError("This share link is longer than any Share button makes.");
  let shared: unknown;
  try {
    const bytes = await pipe(fromBase64Url(text), new DecompressionStream("deflate-raw"), MAX_SHARED_BYTES);
    shared = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    if (error instanceof TooLarge) throw new TypeError(error.message, {cause: error});
    throw new TypeError("This share link is damaged (was it cut short when it was copied?).", {cause: error});
  }
  if (!isShared(shared)) throw new TypeError("This share link does not carry a cell's code.");
  return shared;
}

const isText = (value: unknown) => typeof value === "string";
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isShared(value: unknown): value is Shared {
  if (!isRecord(value) || !isText(value.page)) return false;
  if (isText(value.cell) && isText(value.code)) return true;
  return isRecord(value.cells) && Object.values(value.cells).every(isText) && isInputValues(value.inputs);
}

/** Whether `value` is a page's inputs, each key with its controls' values. */
export function isInputValues(value: unknown): value is Record<string, InputValue> {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (values) => Array.isArray(values) && values.every((v) => isText(v) || typeof v === "boolean")
    )
  );
}

class TooLarge extends Error {}

/** The stream's output, read a chunk at a time: past `limit` bytes it stops reading and throws. */
async function pipe(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Infinity
): Promise<Uint8Array> {
  const reader = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    length += read.value.length;
    if (length > limit) {
      await reader.cancel();
      throw new TooLarge(
        `This share link expands to more than ${limit / 1024} KB, far more than a cell's code: it was not opened.`
      );
    }
    chunks.push(read.value);
  }
  const output = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    output.set(chunk, offset);
    offset += chunk.length;
  }
  return output;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const fromBase64Url = (text: string): Uint8Array => base64Bytes(text.replace(/-/g, "+").replace(/_/g, "/"));
