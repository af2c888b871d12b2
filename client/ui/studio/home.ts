import { tx } from "../../i18n/index.js";
import { api, type ScenarioSummary } from "../../net/api.js";
import { studioApi, type LibraryItem } from "../../net/studio-api.js";
import { announce } from "../announce.js";
import { h, newId } from "../dom.js";
import { fileField } from "../file-field.js";
import { icon } from "../icons.js";
import { sharePanel } from "../school-share.js";
import type { Screen } from "../screen.js";
import { duplicateButton } from "./edit-controls.js";
import { SCENARIO_TEMPLATE, TEMPLATE_FILENAME } from "./template.js";
import { st, when } from "./text.js";
import "./studio.css";

/**
 * The studio's first screen: one's own scenarios (open, download, share with
 * named colleagues, delete), those colleagues shared with one (open,
 * download, duplicate into one's own), the bundled ones (duplicate as a
 * starting point, download), and an upload of a YAML or JSON file. A file
 * over 1 MB is refused here before anything is sent; the server refuses it
 * too (and binary files, hostile names). Every scenario opens in the
 * editor (a bundled one, a `use` share: read only). An evaluator account
 * reads here: what is shared with it and the bundled scenarios, without
 * upload, duplicates or scenarios of its own.
 */

export const MAX_FILE_BYTES = 1_000_000;

export async function studioHome(): Promise<Screen> {
  const el = h("div", { class: "screen studio", "data-screen": "studio" });
  const status = h("p", { class: "form-error", role: "alert" });
  const render = async () => {
    const [library, all, me] = await Promise.all([studioApi.list(), api.scenarios(), api.me()]);
    const reader = me.role === "evaluator";
    el.replaceChildren(
      h("div", { class: "console-head" }, h("h1", null, st("title")), h("a", { href: "#/staff", class: "btn btn-secondary" }, st("toConsole"))),
      h("p", { class: "hint" }, st(reader ? "readerIntro" : "intro")),
      status,
      ...(reader ? [] : [uploadForm(status, render), mineList(library.filter((s) => s.access === "owner"), status, render)]),
      sharedList(library.filter((s) => s.access !== "owner"), status, reader),
      bundledList(all.filter((s) => s.source === "bundled"), status, reader));
  };
  try { await render(); } catch (err) { el.replaceChildren(h("h1", null, st("title")), h("p", { class: "form-error", role: "alert" }, `${st("failed")} ${(err as Error).message}`)); }
  return { el, title: () => st("title"), dispose: () => undefined };
}

function uploadForm(status: HTMLElement, refresh: () => Promise<void>): HTMLElement {
  const id = newId("upload");
  const { field, input } = fileField({ id, label: st("upload"), accept: ".yaml,.yml,.json,application/json,application/yaml,text/yaml", hintId: `${id}-hint` });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    status.textContent = "";
    if (file.size > MAX_FILE_BYTES) { status.textContent = st("tooBig", { file: file.name, size: `${(file.size / 1e6).toFixed(1)} Mo` }); input.value = ""; return; }
    try {
      const d = await studioApi.upload(file.name, await file.text());
      const errors = d.latest.problems.filter((p) => p.severity === "error").length;
      announce(st("uploaded", { file: d.filename, draft: d.valid ? "" : st("draftSuffix", { n: errors }) }));
      location.hash = `#/studio/${d.id}`;
    } catch (err) {
      status.textContent = `${st("failed")} ${(err as Error).message}`;
      input.value = "";
      await refresh().catch(() => undefined);
    }
  });
  // The guided template: a new scenario of one's own, valid from the start (template.ts), named apart from the others.
  const fresh = h("button", { type: "button", class: "btn-secondary", "data-template": "", "aria-describedby": `${id}-tpl-hint` }, st("template"));
  fresh.addEventListener("click", async () => {
    status.textContent = "";
    fresh.disabled = true;
    try {
      const taken = new Set((await studioApi.list()).map((s) => s.filename));
      let name = TEMPLATE_FILENAME;
      for (let n = 2; taken.has(name); n++) name = TEMPLATE_FILENAME.replace(".yaml", `-${n}.yaml`);
      const d = await studioApi.upload(name, SCENARIO_TEMPLATE);
      announce(st("templateCreated", { file: d.filename }));
      location.hash = `#/studio/${d.id}`;
    } catch (err) {
      status.textContent = `${st("failed")} ${(err as Error).message}`;
      await refresh().catch(() => undefined);
    } finally { fresh.disabled = false; }
  });
  return h("section", { class: "card", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, st("upload")),
    field, h("p", { class: "hint", id: `${id}-hint` }, st("uploadHint")),
    h("p", null, fresh), h("p", { class: "hint", id: `${id}-tpl-hint` }, st("templateHint")));
}

/** A library scenario's name, state and latest version (who, when): the head of its line in either list. */
function itemHead(s: LibraryItem, ...more: HTMLElement[]): HTMLElement {
  return h("div", null,
    h("strong", null, tx(s.title as never) || s.filename), " ",
    h("span", { class: `tag ${s.valid ? "tag-ok" : "tag-critical"}` }, icon(s.valid ? "ok" : "no", 14), " ", s.valid ? st("valid") : st("draft", { n: s.problems })),
    h("p", { class: "muted small" }, `${s.filename} · ${st("versionBy", { v: s.version, author: s.author, when: when(s.updatedAt) })}`), ...more);
}

/** Open and download: every library scenario one sees. */
const openAndDownload = (s: LibraryItem) => [
  h("a", { href: `#/studio/${s.id}`, class: "btn btn-small" }, st("edit"), h("span", { class: "sr-only" }, ` ${s.filename}`)),
  h("a", { href: studioApi.versionFile(s.id, s.version), class: "btn btn-small btn-secondary", download: s.filename }, st("download"), h("span", { class: "sr-only" }, ` ${s.filename}`)),
];

/** The owner's sharing panel of a scenario, behind a disclosure (loaded when first opened: it asks for the accounts). */
function shareBox(s: LibraryItem): HTMLElement {
  const box = h("details", { class: "studio-share" }, h("summary", null, st("shareToggle"), h("span", { class: "sr-only" }, ` ${s.filename}`)));
  box.addEventListener("toggle", () => { if (box.open && box.childElementCount === 1) box.append(sharePanel("scenarios", s.id, { heading: "h3" })); });
  return box;
}

function mineList(mine: LibraryItem[], status: HTMLElement, refresh: () => Promise<void>): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": "studio-mine" },
    h("h2", { id: "studio-mine" }, st("mine")),
    mine.length === 0 ? h("p", { class: "muted" }, st("none")) :
      h("ul", { class: "studio-list" }, mine.map((s) => h("li", { class: "studio-item", "data-scenario": s.filename },
        itemHead(s, shareBox(s)),
        h("div", { class: "row" },
          ...openAndDownload(s),
          h("button", {
            type: "button", class: "btn-small btn-secondary", onclick: async () => {
              if (!confirm(st("confirmRemove", { file: s.filename }))) return;
              try { await studioApi.remove(s.id); announce(st("removed")); await refresh(); } catch (err) { status.textContent = `${st("failed")} ${(err as Error).message}`; }
            },
          }, st("remove"), h("span", { class: "sr-only" }, ` ${s.filename}`)))))));
}

function sharedList(shared: LibraryItem[], status: HTMLElement, reader: boolean): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": "studio-shared" },
    h("h2", { id: "studio-shared" }, st("sharedWithMe")),
    shared.length === 0 ? h("p", { class: "muted" }, st("sharedNone")) :
      h("ul", { class: "studio-list" }, shared.map((s) => h("li", { class: "studio-item", "data-scenario": s.filename, "data-access": s.access },
        itemHead(s, h("p", { class: "muted small" }, st("sharedBy", { owner: s.owner ?? "", access: st(s.access === "edit" ? "sharedEdit" : "sharedUse") }))),
        h("div", { class: "row" }, ...openAndDownload(s), reader ? null : duplicateButton(s.id, s.filename, status))))));
}

function bundledList(bundled: ScenarioSummary[], status: HTMLElement, reader: boolean): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": "studio-bundled" },
    h("h2", { id: "studio-bundled" }, st("bundled")),
    h("ul", { class: "studio-list" }, bundled.map((s) => h("li", { class: "studio-item" },
      h("div", null, h("strong", null, tx(s.title as never) || s.id), h("p", { class: "muted small" }, String(s.file ?? ""))),
      h("div", { class: "row" },
        h("a", { href: `#/studio/bundled/${s.id}`, class: "btn btn-small" }, st("edit"), h("span", { class: "sr-only" }, ` ${tx(s.title as never) || s.id}`)),
        reader ? null : duplicateButton(s.id, tx(s.title as never) || s.id, status),
        h("a", { href: studioApi.bundledFile(s.id), class: "btn btn-small btn-secondary", download: String(s.file ?? "") }, st("download"), h("span", { class: "sr-only" }, ` ${s.file}`)))))));
}
