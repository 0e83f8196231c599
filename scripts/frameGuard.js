// Inlined first into every built page by scripts/postbuild.mjs. A lesson shown in a frame of another origin could
// have its buttons (a share link's "Run this code") covered or dressed up by that page: there it stops loading
// before any of its code runs, and offers to open on its own.
if (window.top !== window.self) {
  let ours = false;
  try {
    ours = window.top.location.origin === location.origin;
  } catch {
    // reading another origin's location throws: not ours
  }
  if (!ours) {
    window.stop();
    const body = document.createElement("body");
    const text = document.createElement("p");
    text.textContent = "This lesson does not run inside another site's page. ";
    const link = document.createElement("a");
    link.href = location.href;
    link.target = "_top";
    link.rel = "noopener";
    link.textContent = "Open it on its own";
    text.append(link, ".");
    body.append(text);
    document.documentElement.append(body);
  }
}
