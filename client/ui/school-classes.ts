import { colon, getLang, t, type Key } from "../i18n/index.js";
import { api, ApiError, type Me } from "../net/api.js";
import { rosterProblemText, rosterSeparator } from "../../shared/i18n/roster-problems.js";
import { schoolApi, schoolLinks, type ClassDetail, type RosterProblem } from "../net/school-api.js";
import { announce } from "./announce.js";
import { fileField } from "./file-field.js";
import { append, fill, h, newId } from "./dom.js";
import { setContext } from "./header.js";
import { schoolNav } from "./school-nav.js";
import { sharePanel } from "./school-share.js";
import type { Screen } from "./screen.js";
import "./school.css";

/**
 * Classes: the list of the classes this account sees (its own and those
 * shared with it) and a form to create one; a class's page — its roster,
 * the CSV import (every problem of a refused file by line and column,
 * nothing imported), the roster sheet of personal codes (PDF), its sessions,
 * sharing and deletion for its owner, a link to each student's portfolio.
 */

const failure = (err: unknown) => { const e = err as ApiError; return `${t("school.error")} ${e.message}`; };

async function staff(el: HTMLElement): Promise<Me | undefined> {
  const me = await api.me().catch(() => undefined);
  if (!me) { location.hash = "#/staff"; return undefined; }
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  el.append(schoolNav(me, "classes"));
  return me;
}

export async function classesScreen(): Promise<Screen> {
  const el = h("div", { class: "screen school", "data-screen": "classes" });
  const me = await staff(el);
  const screen = { el, title: () => t("cls.title"), dispose: () => undefined };
  if (!me) return screen;
  const listHost = h("div");
  const render = async () => {
    try {
      const all = await schoolApi.classes();
      listHost.replaceChildren(all.length ? h("table", { class: "table" },
        h("thead", null, h("tr", null, ...(["cls.name", "cls.students", "cls.owner", "cls.yourAccess"] as const).map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", null, ...all.map((c) => h("tr", { "data-class": c.name },
          h("th", { scope: "row" }, h("a", { href: `#/staff/class/${c.id}` }, c.name)),
          h("td", null, String(c.students)), h("td", null, c.owner), h("td", null, t(`school.access.${c.access}`))))))
        : h("p", { class: "muted" }, t("cls.none")));
    } catch (err) { listHost.replaceChildren(h("p", { class: "form-error" }, failure(err))); }
  };
  const nameId = newId(), titleId = newId();
  const error = h("p", { class: "form-error", role: "alert" });
  const name = h("input", { id: nameId, name: "name", required: true, maxlength: 80, placeholder: t("cls.namePh") });
  const form = h("form", { class: "card", "aria-labelledby": titleId, novalidate: true },
    h("h2", { id: titleId }, t("cls.create")),
    h("div", { class: "field" }, h("label", { htmlFor: nameId }, t("cls.name")), name), error,
    h("button", { type: "submit", class: "btn-primary" }, t("cls.createBtn")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!name.value.trim()) { error.textContent = t("form.invalid"); name.focus(); return; }
    try { const c = await schoolApi.createClass(name.value.trim()); location.hash = `#/staff/class/${c.id}`; } catch (err) { error.textContent = failure(err); }
  });
  append(el, [h("h1", null, t("cls.title")), h("p", { class: "lead" }, t("cls.intro")), h("section", { class: "card" }, listHost), me.role !== "evaluator" ? form : null]);
  await render();
  return screen;
}

/** Where a problem of a roster's file is and what it is, in the reader's words (the server sends codes). */
const where = (p: RosterProblem) => rosterProblemText(p, getLang());

function importForm(id: string, done: () => Promise<void>): HTMLElement {
  const fileId = newId(), titleId = newId();
  const error = h("div", { class: "form-error", role: "alert" });
  const status = h("p", { role: "status" });
  const { field, input: file } = fileField({ id: fileId, label: t("cls.file"), accept: ".csv,text/csv,text/plain", hintId: `${fileId}-hint` });
  const submit = h("button", { type: "submit", class: "btn-primary" }, t("cls.importBtn"));
  const form = h("form", { class: "card roster-import", "aria-labelledby": titleId, novalidate: true },
    h("h2", { id: titleId }, t("cls.import")),
    h("p", { class: "hint", id: `${fileId}-hint` }, t("cls.importHint")),
    field, error, status, submit);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.replaceChildren(); status.textContent = "";
    const f = file.files?.[0];
    if (!f) { error.textContent = t("cls.pickFile"); file.focus(); return; }
    submit.disabled = true; status.textContent = t("cls.importing");
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const r = await schoolApi.importRoster(id, f.name, btoa(bin));
      status.textContent = t("cls.imported", {
        added: t("cls.added", { count: r.added }), updated: t("cls.updated", { count: r.updated }), unchanged: t("cls.unchanged", { count: r.unchanged }),
        students: t("cls.studentCount", { count: r.students }), encoding: r.encoding, separator: rosterSeparator(r.separator, getLang()),
      });
      if (r.warnings.length) status.append(h("ul", { class: "muted" }, ...r.warnings.map((w) => h("li", null, where(w)))));
      announce(status.textContent);
      await done();
    } catch (err) {
      const e2 = err as ApiError;
      const lines = (e2.body?.lines as RosterProblem[] | undefined) ?? [];
      const more = Number(e2.body?.more ?? 0);
      status.textContent = "";
      if (e2.code === "invalid_roster" && lines.length) {
        append(error, [h("p", null, t("cls.refused", { count: lines.length + more })),
          h("ul", { class: "roster-problems" }, ...lines.map((p) => h("li", null, where(p)))),
          more ? h("p", null, t("cls.more", { count: more })) : null]);
      } else error.textContent = failure(err);
      file.focus();
    } finally { submit.disabled = false; }
  });
  return form;
}

export async function classScreen(id: string): Promise<Screen> {
  const el = h("div", { class: "screen school", "data-screen": "class" });
  const me = await staff(el);
  let title = t("cls.title");
  const screen = { el, title: () => title, dispose: () => undefined };
  if (!me) return screen;
  const body = h("div", { class: "stack" });
  el.append(body);
  const render = async () => {
    let c: ClassDetail;
    try { c = await schoolApi.klass(id); } catch (err) { body.replaceChildren(h("p", { class: "form-error" }, failure(err)), h("a", { href: "#/staff/classes", class: "btn btn-secondary" }, t("school.back"))); return; }
    title = c.name;
    const runs = c.access !== "assess";
    const rosterId = newId(), sessionsId = newId();
    const cols: Key[] = ["cls.number", "cls.lastName", "cls.firstName", ...(runs ? ["cls.email", "cls.code"] as const : []), "cls.pseudo", "cls.portfolio"];
    const lang = getLang();
    const sorted = [...c.roster].sort((a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr"));
    const row = (s: ClassDetail["roster"][number]) => h("tr", null,
      h("td", null, s.number), h("th", { scope: "row" }, s.lastName), h("td", null, s.firstName),
      ...(runs ? [h("td", null, s.email ?? ""), h("td", null, h("code", null, s.code ?? ""))] : []),
      h("td", null, h("code", null, s.pseudoId)),
      h("td", null, h("a", { href: `#/staff/student/${s.pseudoId}`, "aria-label": t("cls.portfolioOf", { name: `${s.firstName} ${s.lastName}` }) }, t("cls.portfolio"))));
    const rosterTable = h("div", { class: "table-scroll" }, h("table", { class: "table roster" },
      h("thead", null, h("tr", null, ...cols.map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", null, ...sorted.map(row))));
    fill(body,
      h("h1", null, c.name),
      h("p", { class: "muted" }, `${t("cls.owner")}${colon()}${c.owner} · ${t("cls.yourAccess")}${colon()}${t(`school.access.${c.access}`)} · ${t("cls.students")}${colon()}${c.roster.length}`),
      h("section", { class: "card", "aria-labelledby": rosterId },
        h("h2", { id: rosterId }, t("cls.roster")),
        c.roster.length ? rosterTable : h("p", { class: "muted" }, t("cls.rosterEmpty")),
        runs && c.roster.length ? h("p", { class: "row" },
          h("a", { class: "btn btn-secondary", href: schoolLinks.rosterSheet(c.id, lang), download: "" }, t("cls.sheet")),
          h("span", { class: "hint" }, t("cls.sheetHint"))) : null),
      runs ? importForm(c.id, render) : null,
      h("section", { class: "card", "aria-labelledby": sessionsId },
        h("h2", { id: sessionsId }, t("cls.sessions")),
        c.sessions.length ? h("ul", null, ...c.sessions.map((s) => h("li", null, h("a", { href: runs ? `#/staff/session/${s.id}` : `#/evaluate` }, s.name || t("console.session")),
          h("span", { class: "muted" }, ` — ${new Date(s.createdAt).toLocaleDateString(lang === "fr" ? "fr-FR" : "en-GB")}`))))
          : h("p", { class: "muted" }, t("cls.noSessions"))),
      c.access === "owner" ? sharePanel("classes", c.id) : null,
      c.access === "owner" ? h("p", null, h("button", { type: "button", class: "btn-danger", onclick: async () => {
        if (!confirm(t("cls.confirmDelete", { name: c.name }))) return;
        try { await schoolApi.deleteClass(c.id); location.hash = "#/staff/classes"; } catch (err) { alert(failure(err)); }
      } }, t("cls.delete"))) : null);
  };
  await render();
  return screen;
}
