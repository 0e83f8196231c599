// Inlined into every built page by scripts/postbuild.mjs, with the path to the site's root. Where service workers
// are unavailable (file://, some private modes) or registration fails, nothing happens: the course runs online and
// single-threaded, as it would with no worker at all.
if ("serviceWorker" in navigator) {
  const worker = "./sw.js";
  const workers = navigator.serviceWorker;
  workers.register(worker).catch(() => {});
  // A first visit is not isolated: the page loaded before the worker existed. Reload once when the worker takes
  // over, so the reloaded page comes through it, isolated. Once per tab, and never without storage to remember it,
  // nor under a reader who has begun (typed in a cell, moved a slider): their page stays as it is, single-threaded,
  // and the next page they open comes through the worker.
  if (!window.crossOriginIsolated) {
    const reloaded = `stepwise reloaded for ${new URL(worker, location.href).pathname}`; // one per site on an origin
    let begun = false;
    const begin = () => (begun = true);
    for (const type of ["pointerdown", "keydown", "input"]) addEventListener(type, begin, {capture: true, once: true});
    workers.addEventListener("controllerchange", () => {
      if (begun) return;
      try {
        if (sessionStorage.getItem(reloaded)) return;
        sessionStorage.setItem(reloaded, "1");
      } catch {
        return;
      }
      location.reload();
    });
  }
  // Then the rest of the course (models, the WebAssembly runtime) is fetched in the background, for offline use.
  workers.ready.then((registration) => registration.active?.postMessage("fill"));
}
