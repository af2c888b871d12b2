import { studioApi, type LibraryDetail } from "../../net/studio-api.js";
import { announce } from "../announce.js";
import { h, newId } from "../dom.js";
import { st } from "./text.js";

/**
 * The controls around the studio's editor that depend on who reads: why the
 * text is read only (a `use` share, a bundled scenario), « Dupliquer » for a
 * copy of one's own, and the owner's rename of the file.
 */

/** Why this reader may not change the text, in words (« Lecture seule — partagé par … »), or undefined when they may save. */
export function readOnlyReason(d: Pick<LibraryDetail, "access" | "owner">): string | undefined {
  if (d.access === "bundled") return st("readOnlyBundled");
  if (d.access === "use") return st("readOnlyShared", { owner: d.owner ?? "" });
  return undefined;
}

/** A new scenario of one's own from `from` (a bundled key or a library id one may read), then open it; a failure is said in `status`. */
export function duplicateButton(from: string, name: string, status: HTMLElement, cls = "btn-small"): HTMLElement {
  return h("button", {
    type: "button", class: cls, onclick: async () => {
      try {
        const d = await studioApi.duplicate(from);
        announce(st("duplicated", { file: d.filename }));
        location.hash = `#/studio/${d.id}`;
      } catch (err) { status.textContent = `${st("failed")} ${(err as Error).message}`; }
    },
  }, st("duplicate"), h("span", { class: "sr-only" }, ` ${name}`));
}

/** The visible read-only line above the editor, with « Dupliquer » for an author (an evaluator reads only). */
export function readOnlyBanner(reason: string, id: string, duplicate: HTMLElement | null): HTMLElement {
  return h("p", { class: "studio-readonly", id, "data-testid": "studio-readonly" }, h("strong", null, reason), ...(duplicate ? [" ", duplicate] : []));
}

/** The owner's rename of the file (a new version under the new name, server-side): a small form behind a disclosure. */
export function renameForm(d: LibraryDetail, error: HTMLElement, renamed: (d: LibraryDetail) => void): HTMLElement {
  const id = newId("rename");
  const input = h("input", { id, name: "filename", value: d.filename, required: true, maxlength: 120, autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-hint` });
  const form = h("form", { class: "row studio-rename", novalidate: true },
    h("div", { class: "field" }, h("label", { htmlFor: id }, st("renameLabel")), input, h("p", { class: "hint", id: `${id}-hint` }, st("renameHint"))),
    h("button", { type: "submit", class: "btn-secondary" }, st("renameBtn")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      const next = await studioApi.rename(d.id, input.value.trim());
      d = next;
      announce(st("renamed", { file: next.filename, v: next.latest.version }));
      renamed(next);
    } catch (err) { error.textContent = `${st("failed")} ${(err as Error).message}`; input.focus(); }
  });
  return h("details", { class: "studio-rename-box" }, h("summary", null, st("rename")), form);
}
