// A share link carries a cell's code in the URL fragment, compressed (deflate, then base64url), so it never reaches
// a server. The page that opens it decodes the code and shows it; it must not run it until the reader agrees.
export interface SharedCode {
  page: string;
  cell: string;
  code: string;
}

const PARAM = "share=";

export async function shareFragment(shared: SharedCode): Promise<string> {
  const bytes = await pipe(new TextEncoder().encode(JSON.stringify(shared)), new CompressionStream("deflate-raw"));
  return `#${PARAM}${toBase64Url(bytes)}`;
}

/** The code a fragment carries, or undefined when it carries none; throws if it is damaged. */
export async function readShareFragment(hash: string): Promise<SharedCode | undefined> {
  const at = hash.indexOf(PARAM);
  if (at === -1) return undefined;
  let shared: Partial<SharedCode>;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(at + PARAM.length)), new DecompressionStream("deflate-raw"));
    shared = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new TypeError("This share link is damaged (was it cut short when it was copied?).");
  }
  if (typeof shared?.page !== "string" || typeof shared.cell !== "string" || typeof shared.code !== "string") {
    throw new TypeError("This share link does not carry a cell's code.");
  }
  return shared as SharedCode;
}

async function pipe(input: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const output = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
