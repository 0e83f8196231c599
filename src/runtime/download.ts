// Downloads a model file, reports progress in bytes, and refuses a file that is not the one the manifest describes.
// The total comes from the manifest when the caller knows it: a server that compresses the response sends the
// compressed length, not the bytes the reader will count. Each failure says what went wrong with the file (its HTTP
// status, how many bytes came, a connection that dropped or went quiet, a different SHA-256), never the device.
export interface Progress {
  loaded: number;
  total: number | undefined;
}

export interface DownloadOptions {
  onProgress?: (progress: Progress) => void;
  /** The file's size from the manifest: fewer bytes is a truncated file. */
  expectedBytes?: number;
  /** The file's SHA-256 from the manifest, in hex: a file with the right size and a different hash is refused. */
  sha256?: string;
  /** How long the server may send nothing before the download is given up: a slow connection that sends is fine. */
  stallSeconds?: number;
  fetch?: typeof fetch;
}

const count = (n: number) => n.toLocaleString("en");

export async function download(
  url: string,
  {onProgress, expectedBytes, sha256, stallSeconds = 30, fetch: get = fetch}: DownloadOptions = {}
): Promise<Uint8Array> {
  const controller = new AbortController();
  let loaded = 0;
  const got = () => `got ${count(loaded)}${expectedBytes ? ` of ${count(expectedBytes)}` : ""} bytes`;
  /** `step`, unless nothing arrives for stallSeconds: then the request is cancelled and the wait fails. */
  function patiently<T>(step: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`nothing arrived from ${url} for ${stallSeconds} s (${got()})`));
        controller.abort();
      }, stallSeconds * 1000);
    });
    return Promise.race([step, stalled]).finally(() => clearTimeout(timer));
  }
  const dropped = (error: unknown) => {
    if (controller.signal.aborted) throw error;
    throw new Error(`the connection dropped while downloading ${url} (${got()})`, {cause: error});
  };

  const response = await patiently(get(url, {signal: controller.signal})).catch(dropped);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status} ${response.statusText}`.trim());
  const sent = Number(response.headers.get("content-length"));
  const total = expectedBytes ?? (response.headers.get("content-encoding") || !sent ? undefined : sent);
  const chunks: Uint8Array[] = [];
  if (response.body) {
    const reader = response.body.getReader();
    onProgress?.({loaded, total});
    for (;;) {
      const {done, value} = await patiently(reader.read()).catch(dropped);
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress?.({loaded, total});
    }
  } else {
    chunks.push(new Uint8Array(await patiently(response.arrayBuffer()).catch(dropped)));
    loaded = chunks[0].length;
    onProgress?.({loaded, total: total ?? loaded});
  }
  if (expectedBytes !== undefined && loaded !== expectedBytes) {
    throw new Error(
      `${url} ${loaded < expectedBytes ? "is incomplete" : "is longer than its manifest says"}: ${got()}`
    );
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  if (sha256 && (await hexSha256(bytes)) !== sha256) {
    throw new Error(`${url} is not the file its manifest describes (a different SHA-256): it is corrupted or stale`);
  }
  return bytes;
}

async function hexSha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
