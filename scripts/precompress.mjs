// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of the built site, for hosts that serve
// such files in place of the original to a browser that accepts them (Caddy's `precompressed`, nginx's `gzip_static`
// and ngx_brotli's `brotli_static`): they send the smallest copy without compressing on each request, and brotli at
// a quality no host spends on the fly. Hosts that compress as they serve (GitHub Pages) ignore the copies.
// Brotli's highest qualities cost seconds a megabyte, so each copy is kept in node_modules/.cache under its
// content's hash: a build after the first compresses only what changed. Output is deterministic (gzip writes no time
// or name into its header), so two builds of one commit stay byte for byte the same.
import {createHash} from "node:crypto";
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync} from "node:fs";
import {join} from "node:path";
import {promisify} from "node:util";
import zlib from "node:zlib";

const COMPRESSIBLE = /\.(html|js|css|json|svg|ts|md|txt|wasm|onnx|bin)$/;
const MIN_BYTES = 1024;
/** A copy that saves under 5% is not worth a second request path on the host. */
const MIN_SAVING = 0.05;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const cache = new URL("../node_modules/.cache/stepwise-precompress/", import.meta.url).pathname;

/**
 * Brotli's quality by what the file is: 11 below 1 MB (milliseconds); 10 with a 4 MB window for the large files a
 * first visit loads (the runtime's WebAssembly: 2.44 MB against 2.69 at quality 9, in 24 s instead of 42 at 11);
 * 5 for large files a reader loads only on request, where quality costs minutes and gains a few per cent.
 */
function quality(bytes, onUse) {
  if (bytes < 1e6) return {[zlib.constants.BROTLI_PARAM_QUALITY]: 11};
  if (onUse) return {[zlib.constants.BROTLI_PARAM_QUALITY]: 5};
  return {[zlib.constants.BROTLI_PARAM_QUALITY]: 10, [zlib.constants.BROTLI_PARAM_LGWIN]: 22};
}

async function cached(content, key, make) {
  const path = join(cache, `${createHash("sha256").update(content).digest("hex")}.${key}`);
  if (existsSync(path)) return readFileSync(path);
  const made = await make();
  writeFileSync(path, made);
  return made;
}

/**
 * Compresses every compressible file of `dist` (not the copies themselves); `onUse` tells the files a reader fetches
 * only on request. Returns the number of files given copies and their bytes before and after.
 */
export async function precompress(dist, onUse) {
  mkdirSync(cache, {recursive: true});
  const files = readdirSync(dist, {recursive: true, encoding: "utf8"}).filter(
    (file) => COMPRESSIBLE.test(file) && statSync(join(dist, file)).size >= MIN_BYTES
  );
  const totals = {files: 0, bytes: 0, br: 0, gz: 0};
  await Promise.all(
    files.map(async (file) => {
      const content = readFileSync(join(dist, file));
      const params = quality(content.length, onUse.test(file.split("\\").join("/")));
      const key = `q${params[zlib.constants.BROTLI_PARAM_QUALITY]}w${params[zlib.constants.BROTLI_PARAM_LGWIN] ?? ""}`;
      const [br, gz] = await Promise.all([
        cached(content, `${key}.br`, () =>
          brotli(content, {params: {...params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length}})
        ),
        cached(content, "9.gz", () => gzip(content, {level: 9}))
      ]);
      if (Math.min(br.length, gz.length) > (1 - MIN_SAVING) * content.length) return;
      writeFileSync(join(dist, `${file}.br`), br);
      writeFileSync(join(dist, `${file}.gz`), gz);
      totals.files += 1;
      totals.bytes += content.length;
      totals.br += br.length;
      totals.gz += gz.length;
    })
  );
  return totals;
}
