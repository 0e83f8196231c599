// A plain button that does one thing when pressed: the Stop, Retry, Undo and "Bring back my edit" of the course.
export function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}
