// Code that has not run, shown in a cell's consent box until the reader answers: a share link's, or code that some
// page's code wrote into the cell's saved edit unseen. The page's bar points to every box still waiting. The editable
// cells and the notebook's cells both offer it.
import {button} from "../button.js";
import {sharesChanged, waitingShares} from "./registry.js";

export interface Offer {
  /** The cell's name in the store of edits, under which the page's bar knows the box. */
  key: string;
  /** What the bar calls the cell. */
  name: string;
  code: string;
  /** "link" for a share link's code, or the page whose code wrote it. */
  from: string;
  /** What the box says above the code: markup of the course's own, never the incoming code's. */
  intro: string;
  /** Called once the reader answers, either way. */
  answered(): void;
  /** Puts the code in the cell and runs it: the reader agreed. */
  accept(): void;
}

/** Shows the offer in `box`: the code as text, Run this code and Keep mine. */
export function offerCode(box: HTMLElement, {key, name, code, from, intro, answered, accept}: Offer): void {
  box.innerHTML = `<p>${intro}</p><pre></pre><button type="button" data-consent="accept">Run this code</button>
    <button type="button" data-consent="decline">Keep mine</button>`;
  box.querySelector("pre")!.textContent = code;
  box.hidden = false;
  waitingShares.set(key, {name, box, from});
  sharesChanged.dispatchEvent(new Event("change"));
  box.onclick = (event) => {
    const answer = (event.target as HTMLElement).closest("button")?.dataset.consent;
    if (!answer) return;
    box.hidden = true;
    waitingShares.delete(key);
    sharesChanged.dispatchEvent(new Event("change"));
    answered();
    if (answer === "accept") accept();
  };
}

/** What a consent box says of code written into a cell's saved edit by code that ran on `from`, a lesson's page. */
export function unaskedIntro(from: string, page: string): string {
  const where = from === page ? "this lesson" : `the lesson “${from}”`;
  return `<strong>Code was written into this cell's saved edit by code that ran on ${where}, not typed in this editor.</strong>
      It has not run, and your own code is back in the editor. Read it, and run it only if you know where it came from.`;
}

/** What a consent box says of a share link's code for one cell. */
export const SHARED_INTRO = `<strong>Someone shared code for this cell.</strong> It has not run. Read it first, and run it only if you trust
      it: code you run acts as this page does, with the page's values and your saved edits of every lesson (it cannot
      reach other sites).`;

/** Said under a cell once code the reader agreed to run replaced their own edit: one press brings the edit back. */
export function offerBringBack(status: HTMLElement, restore: () => void): void {
  status.append(" The code you ran replaced your own edit of this cell. ", button("Bring back my edit", restore));
}
