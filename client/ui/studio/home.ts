import { tx } from "../../i18n/index.js";
import { api, type ScenarioSummary } from "../../net/api.js";
import { studioApi, type LibraryItem } from "../../net/studio-api.js";
import { announce } from "../announce.js";
import { h, newId } from "../dom.js";
import { fileField } from "../file-field.js";
import { icon } from "../icons.js";
import type { Screen } from "../screen.js";
import { st, when } from "./text.js";
import "./studio.css";

/**
 * The studio's first screen: one's own scenarios (open, download, delete),
 * the bundled ones (duplicate as a starting point, download), and an upload
 * of a YAML or JSON file. A file over 1 MB is refused here before anything
 * is sent; the server refuses it too (and binary files, hostile names).
 */

export const MAX_FILE_BYTES = 1_000_000;

export async function studioHome(): Promise<Screen> {
  const el = h("div", { class: "screen studio", "data-screen": "studio" });
  const status = h("p", { class: "form-error", role: "alert" });
  const render = async () => {
    const [mine, all] = await Promise.all([studioApi.list(), api.scenarios()]);
    el.replaceChildren(
      h("div", { class: "console-head" }, h("h1", null, st("title")), h("a", { href: "#/staff", class: "btn btn-secondary" }, st("toConsole"))),
      h("p", { class: "hint" }, st("intro")),
      status,
      uploadForm(status, render),
      mineList(mine, status, render),
      bundledList(all.filter((s) => s.source === "bundled"), status));
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
  return h("section", { class: "card", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, st("upload")),
    field, h("p", { class: "hint", id: `${id}-hint` }, st("uploadHint")));
}

function mineList(mine: LibraryItem[], status: HTMLElement, refresh: () => Promise<void>): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": "studio-mine" },
    h("h2", { id: "studio-mine" }, st("mine")),
    mine.length === 0 ? h("p", { class: "muted" }, st("none")) :
      h("ul", { class: "studio-list" }, mine.map((s) => h("li", { class: "studio-item", "data-scenario": s.filename },
        h("div", null,
          h("strong", null, tx(s.title as never) || s.filename), " ",
          h("span", { class: `tag ${s.valid ? "tag-ok" : "tag-critical"}` }, icon(s.valid ? "ok" : "no", 14), " ", s.valid ? st("valid") : st("draft", { n: s.problems })),
          h("p", { class: "muted small" }, `${s.filename} · ${st("versionBy", { v: s.version, author: s.author, when: when(s.updatedAt) })}`)),
        h("div", { class: "row" },
          h("a", { href: `#/studio/${s.id}`, class: "btn btn-small" }, st("edit"), h("span", { class: "sr-only" }, ` ${s.filename}`)),
          h("a", { href: studioApi.versionFile(s.id, s.version), class: "btn btn-small btn-secondary", download: s.filename }, st("download"), h("span", { class: "sr-only" }, ` ${s.filename}`)),
          h("button", {
            type: "button", class: "btn-small btn-secondary", onclick: async () => {
              if (!confirm(st("confirmRemove", { file: s.filename }))) return;
              try { await studioApi.remove(s.id); announce(st("removed")); await refresh(); } catch (err) { status.textContent = `${st("failed")} ${(err as Error).message}`; }
            },
          }, st("remove"), h("span", { class: "sr-only" }, ` ${s.filename}`)))))));
}

function bundledList(bundled: ScenarioSummary[], status: HTMLElement): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": "studio-bundled" },
    h("h2", { id: "studio-bundled" }, st("bundled")),
    h("ul", { class: "studio-list" }, bundled.map((s) => h("li", { class: "studio-item" },
      h("div", null, h("strong", null, tx(s.title as never) || s.id), h("p", { class: "muted small" }, String(s.file ?? ""))),
      h("div", { class: "row" },
        h("button", {
          type: "button", class: "btn-small", onclick: async () => {
            try {
              const d = await studioApi.duplicate(s.id);
              announce(st("duplicated", { file: d.filename }));
              location.hash = `#/studio/${d.id}`;
            } catch (err) { status.textContent = `${st("failed")} ${(err as Error).message}`; }
          },
        }, st("duplicate"), h("span", { class: "sr-only" }, ` ${tx(s.title as never) || s.id}`)),
        h("a", { href: studioApi.bundledFile(s.id), class: "btn btn-small btn-secondary", download: String(s.file ?? "") }, st("download"), h("span", { class: "sr-only" }, ` ${s.file}`)))))));
}
