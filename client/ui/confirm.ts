import { t } from "../i18n/index.js";
import { h } from "./dom.js";

/**
 * An accessible confirmation before an action that cannot be taken back: a
 * modal `<dialog>` (the browser traps focus and Escape cancels), titled with
 * the action, listing what will be sent, with Cancel focused first and the
 * action's own verb on the confirming button. Resolves true only on that
 * button; focus returns to where it was.
 */
export function confirmAction(o: { title: string; verb: string; lines: string[]; warnings: string[] }): Promise<boolean> {
  const back = document.activeElement as HTMLElement | null;
  const titleId = `confirm-${Date.now().toString(36)}`;
  const cancel = h("button", { type: "button", class: "btn-secondary", "data-confirm": "cancel" }, t("decide.cancel"));
  const ok = h("button", { type: "button", class: "btn-danger", "data-confirm": "ok" }, o.verb);
  const dialog = h("dialog", { class: "confirm-dialog", "aria-labelledby": titleId, "data-confirm-dialog": "" },
    h("h2", { id: titleId }, o.title),
    o.lines.length ? h("ul", { class: "confirm-lines" }, o.lines.map((l) => h("li", null, l))) : null,
    ...o.warnings.map((w) => h("p", { class: "confirm-warning" }, w)),
    h("div", { class: "row confirm-actions" }, cancel, ok));
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    const close = (yes: boolean) => { answer = yes; dialog.close(); };
    cancel.addEventListener("click", () => close(false));
    ok.addEventListener("click", () => close(true));
    dialog.addEventListener("close", () => { dialog.remove(); back?.focus(); resolve(answer); });
    dialog.showModal();
    cancel.focus();
  });
}
