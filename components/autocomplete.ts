// A text box that suggests the next tokens as the reader types. Enter takes the first suggestion, a click (or Tab to
// it and Enter) any other; Tab itself still leaves the box. The element's value is the text, so `view(autocomplete(...))` follows it.
export interface Suggestion {
  text: string;
  probability: number;
}

export interface AutocompleteOptions {
  value?: string;
  label: string;
  /** The most likely next tokens after the text. */
  suggest: (text: string) => Promise<Suggestion[]>;
}

export function autocomplete({value = "", label, suggest}: AutocompleteOptions) {
  const element = document.createElement("div") as HTMLDivElement & {value: string};
  element.className = "autocomplete";
  element.innerHTML = `<label><span></span> <input type="text" spellcheck="false" autocomplete="off"></label>
    <div class="suggestions" role="listbox"></div><p class="hint">Enter takes the first suggestion.</p>`;
  element.querySelector("label span")!.textContent = label;
  const input = element.querySelector("input")!;
  const list = element.querySelector(".suggestions") as HTMLElement;
  list.setAttribute("aria-label", `Suggestions for ${label}`);
  input.value = value;
  element.value = value;
  let latest = 0;
  let first: Suggestion | undefined;

  const take = (s: Suggestion) => {
    input.value += s.text;
    changed();
    input.focus();
  };
  async function refresh() {
    const ask = ++latest;
    const suggestions = input.value ? await suggest(input.value) : [];
    if (ask !== latest) return; // the reader typed on; a newer answer is coming
    first = suggestions[0];
    list.replaceChildren(
      ...suggestions.map((s) => {
        const button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "option");
        button.textContent = `${s.text.replace(/ /g, "·").replace(/\n/g, "↵")}  ${(s.probability * 100).toFixed(0)}%`;
        button.onclick = () => take(s);
        return button;
      })
    );
  }
  function changed() {
    element.value = input.value;
    element.dispatchEvent(new Event("input", {bubbles: true}));
    refresh().catch((error) => {
      list.textContent = `No suggestions: ${(error as Error).message}`;
      list.dataset.kind = "error";
    });
  }
  input.addEventListener("input", (event) => {
    event.stopPropagation(); // the element sends its own input event, with its value set
    changed();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && first) {
      event.preventDefault();
      take(first);
    }
  });
  queueMicrotask(changed);
  return element;
}
