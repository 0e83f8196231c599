// Stepwise's service worker. scripts/postbuild.mjs writes it to dist/sw.js, after a line that defines BUILD:
//   BUILD.version      a hash of every built file: a new build is a new cache
//   BUILD.precache     what a page needs to open (pages, modules, styles): fetched before the worker takes over
//   BUILD.background   model weights, datasets and the WebAssembly runtime: fetched once the worker runs
//   BUILD.sha256       every built file's SHA-256, by its path in the site
// It does two things. (1) It re-serves every same-origin response with COOP/COEP headers, so the pages it controls
// are cross-origin isolated and the runtime may use threads: static hosts such as GitHub Pages cannot set headers.
// (2) It keeps the course in a cache, so after a first visit every lesson opens with no network. A page's own code
// can write into that cache (the Cache API is the origin's): every cached file is checked against the build's hash
// before it is served, and one that differs is dropped and fetched again. (3) It forbids frames of other origins.
/* global BUILD */
const SCOPE = self.registration.scope; // the site's folder, https://host/course/
// Caches are shared by every site on an origin (user.github.io/a/ and /b/): ours carry the scope in their name.
const PREFIX = `stepwise ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
// Beyond this a page is served from the cache rather than wait on a network that hangs (a failing classroom Wi-Fi).
const NETWORK_WAIT_MS = 3000;

/** The cache key of a URL in scope: a folder means its index.html, as static hosts serve it. */
const key = (url) => (url.endsWith("/") ? url + "index.html" : url).replace(/[?#].*$/, "");
/** Framework names what it builds under _file, _import, _node, _npm, _observablehq by content hash or version. */
const immutable = (url) => /^_[a-z]+\//.test(url.slice(SCOPE.length));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => fill(cache, BUILD.precache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))
      )
      .then(() => self.clients.claim())
  );
});

// Every page asks for the rest of the course when it opens (cheap once all is in); the reply on the port it may
// pass says when all of it is in.
let filling = null;
self.addEventListener("message", (event) => {
  if (event.data !== "fill") return;
  filling ??= caches
    .open(CACHE)
    .then((cache) => fill(cache, BUILD.background))
    .then(
      () => "filled",
      (error) => `not filled: ${error.message}`
    )
    .finally(() => (filling = null));
  event.waitUntil(filling.then((result) => event.ports[0]?.postMessage(result)));
});

self.addEventListener("fetch", (event) => {
  const {request} = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // not ours: the browser fetches it as usual
  const url = key(request.url);
  event.respondWith(
    (immutable(url) ? cacheFirst(request, url, event) : networkFirst(request, url, event)).then(isolated)
  );
});

/** Fetches into the cache whatever it lacks; a file built unchanged since the last build is copied, not fetched. */
async function fill(cache, paths) {
  const queue = paths.map((path) => new URL(path, SCOPE).href);
  async function worker() {
    for (let url; (url = queue.shift());) {
      if (await cache.match(url)) continue; // checked when served
      const previous = immutable(url) ? await caches.match(url) : undefined;
      const response = previous ?? (await fetch(url, {cache: "no-cache"}));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }
  }
  await Promise.all(Array.from({length: 6}, worker));
}

/** The cached response for `url`, if the cache holds the bytes this build made; a changed one is dropped. */
async function verified(cache, url) {
  const cached = await cache.match(url);
  if (!cached) return undefined;
  const expected = BUILD.sha256[url.slice(SCOPE.length)];
  if (!expected) return cached; // not a built file (a page the host adds): nothing to check it against
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await cached.clone().arrayBuffer()));
  if (Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("") === expected) return cached;
  await cache.delete(url);
  return undefined;
}

async function cacheFirst(request, url, event) {
  const cache = await caches.open(CACHE);
  const cached = await verified(cache, url);
  if (cached) return cached;
  // Not cached yet (the WebGPU runtime, 27 MB, is fetched only by readers whose GPU runs it): kept once fetched,
  // while the page reads the same bytes as they arrive.
  const response = await fetch(request);
  if (response.status === 200) event.waitUntil(cache.put(url, response.clone()));
  return response;
}

async function networkFirst(request, url, event) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (response.status === 200 && response.type === "basic") event.waitUntil(cache.put(url, response.clone()));
    return response;
  });
  const cached = await verified(cache, url);
  if (!cached) return network;
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS, cached));
  return Promise.race([network.catch(() => cached), late]);
}

/** The same response with the headers that make a page cross-origin isolated (and let its workers start). */
function isolated(response) {
  if (response.status === 0) return response; // an opaque redirect cannot be copied; the browser follows it
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Content-Security-Policy", "frame-ancestors 'self'");
  return new Response(response.body, {status: response.status, statusText: response.statusText, headers});
}
