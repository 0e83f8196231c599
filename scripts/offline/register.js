// Inlined into every built page by scripts/postbuild.mjs, with the path to the site's root. Where service workers
// are unavailable (file://, some private modes) or registration fails, nothing happens: the course runs online and
// single-threaded, as it would with no worker at all.
if ("serviceWorker" in navigator) {
  const worker = "./sw.js";
  const workers = navigator.serviceWorker;
  workers.register(worker).catch(() => {});
  // A first visit is not isolated: the page loaded before the worker existed. Reload once when the worker takes
  // over, so the reloaded page comes through it, isolated. Once per tab, and never without storage to remember it.
  if (!window.crossOriginIsolated) {
    const reloaded = `stepwise reloaded for ${new URL(worker, location.href).pathname}`; // one per site on an origin
    workers.addEventListener("controllerchange", () => {
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
