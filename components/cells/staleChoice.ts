// What a cell offers when the reader's saved edit of it was made before the lesson changed its code: Compare (the two
// line by line, under the cell's status: not in it, which a screen reader would read out whole), Keep mine and Take the
// lesson's. The notebook's cells and the editable cells both offer it.
import {lineDiff, type DiffLine} from "../../src/cells/index.js";
import {button} from "../button.js";
import {page, store} from "./registry.js";

export interface StaleChoice {
  /** The code in the cell's editor now: the reader's edit, as they may have changed it since. */
  current(): string;
  /** The lesson's code of the cell as it is now. */
  lesson: string;
  keep(): void;
  take(): void;
}

/**
 * Puts the three buttons at the end of `status` and the comparison after it. A choice forgets the edit kept under
 * `staleKey` (Keep mine saves the reader's code anew as it runs) and takes the comparison away.
 */
export function offerStaleChoice(
  status: HTMLElement,
  staleKey: string,
  {current, lesson, keep, take}: StaleChoice
): void {
  const diff = document.createElement("pre");
  diff.className = "cell-diff";
  diff.hidden = true;
  diff.setAttribute("aria-label", "Your code against the lesson's: − lines are only in yours, + only in the lesson's");
  status.after(diff);
  const compare = button("Compare", () => {
    const open = diff.hidden;
    compare.setAttribute("aria-expanded", String(open));
    diff.hidden = !open;
    if (open) diff.replaceChildren(...lineDiff(current(), lesson).map(diffLine));
  });
  compare.setAttribute("aria-expanded", "false");
  const choose = (then: () => void) => () => {
    store.remove(page, staleKey);
    diff.remove();
    then();
  };
  status.append(compare, " ", button("Keep mine", choose(keep)), " ", button("Take the lesson's", choose(take)));
}

/** A line of a comparison: marked − when only in the reader's code, + when only in the lesson's. */
function diffLine({kind, text}: DiffLine): HTMLElement {
  const line = document.createElement("span");
  line.className = `diff-${kind}`;
  line.textContent = `${{both: " ", mine: "−", lesson: "+"}[kind]} ${text}`;
  return line;
}
