import { t } from "../i18n/index.js";
import { h, newId } from "./dom.js";

/**
 * A file field in the reader's language. The browser's own file input draws
 * its button and "no file chosen" in the browser's language (Chromium's
 * "Choose File" in a French screen), so the input is kept — focusable,
 * keyboard-operable, what the label and tests reach — but drawn off-screen,
 * and a button-looking label and the chosen file's name are drawn beside it.
 * Its accessible name stays `label` (aria-labelledby), the file's name is
 * part of its description, announced when it changes.
 */
export function fileField(opts: { id?: string; label: string; accept: string; hintId?: string }): { field: HTMLElement; input: HTMLInputElement } {
  const id = opts.id ?? newId("file");
  const name = h("span", { class: "file-name", id: `${id}-name` }, t("file.none"));
  const input = h("input", {
    id, name: "file", type: "file", accept: opts.accept, class: "file-input",
    "aria-labelledby": `${id}-label`, "aria-describedby": [`${id}-name`, opts.hintId].filter(Boolean).join(" "),
  });
  input.addEventListener("change", () => { name.textContent = input.files?.[0]?.name ?? t("file.none"); });
  const field = h("div", { class: "field" },
    h("label", { htmlFor: id, id: `${id}-label` }, opts.label),
    h("div", { class: "file-pick" }, input, h("label", { htmlFor: id, class: "btn btn-secondary", "aria-hidden": "true" }, t("file.choose")), name));
  return { field, input };
}
