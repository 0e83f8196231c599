// What the editable cells of one page share: the store of edits, the page's name in it, the live cells, so the
// page's toolbar can reset, export and import them all, and the shared code waiting for consent, which the toolbar
// points to from the top of the page.
import {editStore, readShareFragment, shareFragment, type EditStore, type Shared} from "../../src/cells/index.js";

export interface CellHandle {
  id: string;
  /** Loads the stored edit (or the lesson's code when none) into the editor and runs it. */
  reload(): void;
}

/** The page's name, the same under any host and sub-path: "positional-encoding" for .../positional-encoding.html. */
export const page =
  location.pathname
    .replace(/\/$/, "/index")
    .replace(/\.html$/, "")
    .split("/")
    .pop() || "index";

/** The path the course is served under ("/course/"), read off this module's address in the site's _import folder. */
const site = new URL(".", import.meta.url).pathname.replace(/_import\/.*$/, "");

export const store: EditStore = editStore(() => localStorage, site);

// Code that runs in the page (a shared link's, once accepted) could write other cells' saved edits itself, to run
// there later unasked. Such writes are put aside, checked for ten times a second and as the page is left, and the
// cell they were meant for asks the reader before running them. Another tab's editor writing is not such a write.
setInterval(() => store.putAsideForeign(page), 100);
addEventListener("pagehide", () => store.putAsideForeign(page, true));
addEventListener("storage", (event) => store.changedElsewhere(event.key, event.newValue));

/** `?safe` in the address opens the page with every edit shown but none run: a way back from code that broke it. */
export const safeMode = new URLSearchParams(location.search).has("safe");

export const cells = new Map<string, CellHandle>();

/**
 * The consent box of each cell showing code the reader has neither run nor declined, and where it came from: "link"
 * for a share link's, or the page whose code wrote it into the cell's saved edit.
 */
export const waitingShares = new Map<string, {name: string; box: HTMLElement; from: string}>();
/** Dispatches "change" whenever waitingShares does. */
export const sharesChanged = new EventTarget();

let link: {hash: string; read: Promise<Shared | undefined>} | undefined;
/**
 * What the share link in the address carries (undefined when there is none), read once per fragment: the page reads
 * it again when the fragment changes ("hashchange"). Rejects with a sentence when the link cannot be used.
 */
export function sharedLink(): Promise<Shared | undefined> {
  if (link?.hash !== location.hash) {
    link = {hash: location.hash, read: readShareFragment(location.hash)};
    link.read.catch(() => {}); // the toolbar says why, once
  }
  return link.read;
}

/** Takes the share link off the page's address, once the reader has answered it: a reload does not ask again. */
export const dropSharedLink = () => history.replaceState(null, "", location.href.replace(/#.*$/, ""));

/**
 * Puts a link to this page carrying `shared` on the clipboard, or gives it to copy where the page may not write
 * there: the sentence to show, naming `what` it shares. Throws, with a sentence, when the link would be too long.
 */
export async function shareLink(shared: Shared, what: string): Promise<string> {
  const url = location.href.replace(/#.*$/, "") + (await shareFragment(shared));
  try {
    await navigator.clipboard.writeText(url);
    return `A link to ${what} is on your clipboard.`;
  } catch {
    return `Copy this link to share ${what}: ${url}`;
  }
}
