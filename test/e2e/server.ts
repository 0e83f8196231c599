// A plain static file server for dist/, mounted under a sub-path, as any static host would serve the site. It knows
// nothing of Framework: if the site works here, it works on GitHub Pages or behind nginx.
import {createReadStream, existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, sep} from "node:path";
import {gzipSync} from "node:zlib";
import course from "../../lessons/course.json" with {type: "json"};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
  ".bin": "application/octet-stream",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
  ".woff2": "font/woff2"
};

export interface StaticServer {
  /** The site's address, ending in the sub-path and a slash: http://127.0.0.1:PORT/course/ */
  url: string;
  /** Bytes of every response body sent so far, as they went over the wire (compressed where gzip is on). */
  bytesSent(): number;
  /**
   * What the same responses would have weighed from a host that serves the build's brotli copies (Caddy's
   * `precompressed`, nginx's `brotli_static`): a file's .br where the build wrote one, else what was sent.
   */
  bytesIfBrotli(): number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Gzip every response for a browser that accepts it, as GitHub Pages and most hosts do, so the bytes a page
   * transfers are what a reader downloads: the build's .gz copy where there is one (as nginx's `gzip_static`),
   * else compressed here once and kept in memory.
   */
  gzip?: boolean;
}

export async function serveStatic(
  root: string,
  subPath = "/course/",
  {gzip = false}: ServeOptions = {}
): Promise<StaticServer> {
  const compressed = new Map<string, Buffer>();
  let sent = 0;
  let brotli = 0;
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    if (!path.startsWith(subPath)) return notFound();
    let file = normalize(join(root, path.slice(subPath.length)));
    if (!file.startsWith(normalize(root))) return notFound();
    if (path.endsWith("/")) file = join(file, "index.html");
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return notFound();
      size = stat.size;
    } catch {
      return notFound();
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    if (gzip && /\bgzip\b/.test(String(request.headers["accept-encoding"]))) {
      if (!compressed.has(file))
        compressed.set(file, existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`) : gzipSync(readFileSync(file)));
      const body = compressed.get(file)!;
      sent += body.length;
      brotli += existsSync(`${file}.br`) ? statSync(`${file}.br`).size : body.length;
      response.writeHead(200, {
        "content-type": type,
        "content-encoding": "gzip",
        "content-length": body.length,
        vary: "accept-encoding"
      });
      return response.end(body);
    }
    response.writeHead(200, {"content-type": type, "content-length": size});
    sent += size;
    brotli += size;
    createReadStream(file).pipe(response);

    function notFound() {
      response.writeHead(404, {"content-type": "text/plain"}).end(`not found: ${path}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    bytesSent: () => sent,
    bytesIfBrotli: () => brotli,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

/** Every page of the built site, as paths relative to its root: index.html, positional-encoding.html, ... */
export function sitePages(root: string): string[] {
  return readdirSync(root, {recursive: true, encoding: "utf8"})
    .filter((f) => f.endsWith(".html") && !f.split(sep).some((part) => part.startsWith("_")))
    .map((f) => f.split(sep).join("/"))
    .sort();
}

/** The lessons lessons/course.json lists, in its order, each with the page it is built to: tokens.html, ... */
export function courseLessons(): {name: string; page: string}[] {
  return course.sections.flatMap((s) => s.lessons.map((l) => ({name: l.name, page: `${l.path.slice(1)}.html`})));
}

/** The built file in a folder of the site whose name starts with `prefix` (names carry a content hash), as a path
 * relative to the site's root: ./_import/src/runtime/index.c8de6343.js */
export function builtFile(root: string, folder: string, prefix: string): string {
  const name = readdirSync(`${root}/${folder}`).find((f) => f.startsWith(prefix) && /\.(js|onnx)$/.test(f));
  if (!name) throw new Error(`no ${folder}/${prefix}* in ${root}/: run \`npm run build\` first`);
  return `./${folder}/${name}`;
}
