// Downloads a model file and reports progress in bytes. The total comes from the manifest when the caller knows
// it: a server that compresses the response sends the compressed length, not the bytes the reader will count.
export interface Progress {
  loaded: number;
  total: number | undefined;
}

export interface DownloadOptions {
  onProgress?: (progress: Progress) => void;
  expectedBytes?: number;
  fetch?: typeof fetch;
}

export async function download(
  url: string,
  {onProgress, expectedBytes, fetch: get = fetch}: DownloadOptions = {}
): Promise<Uint8Array> {
  const response = await get(url);
  if (!response.ok) throw new Error(`Could not download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  const sent = Number(response.headers.get("content-length"));
  const total = expectedBytes ?? (response.headers.get("content-encoding") || !sent ? undefined : sent);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({loaded: bytes.length, total: total ?? bytes.length});
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  onProgress?.({loaded, total});
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.({loaded, total});
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
