import { t } from "../i18n/index.js";
import { api, ApiError, type Me, type Role } from "../net/api.js";
import { schoolApi, type Account } from "../net/school-api.js";
import { announce } from "./announce.js";
import { h, newId } from "./dom.js";
import { setContext } from "./header.js";
import { schoolNav } from "./school-nav.js";
import type { Screen } from "./screen.js";
import "./school.css";

/**
 * Staff accounts, for administrators: every account with its role and
 * state, disable / enable, a new password, and a form to create one. And,
 * for everyone, one's own password (the current one first). Disabling an
 * account or changing a password ends that account's logins and consoles
 * at once (the server does it; the screen says so).
 */

const failure = (err: unknown) => { const e = err as ApiError; return `${t("school.error")} ${e.message}`; };

export async function accountsScreen(): Promise<Screen> {
  const el = h("div", { class: "screen school", "data-screen": "accounts" });
  const me = await api.me().catch(() => undefined);
  if (!me) { location.hash = "#/staff"; return { el, title: () => t("acc.title"), dispose: () => undefined }; }
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  const body = h("div", { class: "stack" });
  el.append(schoolNav(me, "accounts"), h("h1", null, t("acc.title")), body);
  if (me.role !== "admin") body.append(h("p", { class: "hint" }, t("acc.adminOnly")));
  else await adminPanel(body, me);
  return { el, title: () => t("acc.title"), dispose: () => undefined };
}

async function adminPanel(host: HTMLElement, me: Me): Promise<void> {
  const error = h("p", { class: "form-error", role: "alert" });
  const rows = h("tbody");
  const render = async () => {
    let all: Account[];
    try { all = await schoolApi.accounts(); } catch (err) { error.textContent = failure(err); return; }
    rows.replaceChildren(...all.map((a) => {
      const name = `${a.username}${a.username === me.username ? ` ${t("acc.you")}` : ""}`;
      const act = async (patch: { disabled?: boolean; password?: string }) => {
        error.textContent = "";
        try { await schoolApi.changeAccount(a.id, patch); announce(t("acc.changed", { name: a.username })); await render(); } catch (err) { error.textContent = failure(err); }
      };
      return h("tr", { "data-user": a.username },
        h("th", { scope: "row" }, name),
        h("td", null, t(`staff.${a.role}`)),
        h("td", null, a.disabledAt !== undefined ? h("span", { class: "badge badge-muted" }, t("acc.disabled")) : t("acc.active")),
        h("td", { class: "row" },
          a.disabledAt !== undefined
            ? h("button", { type: "button", class: "btn-secondary btn-small", onclick: () => void act({ disabled: false }) }, t("acc.enable"))
            : h("button", { type: "button", class: "btn-secondary btn-small", disabled: a.username === me.username, onclick: () => { if (confirm(t("acc.confirmDisable", { name: a.username }))) void act({ disabled: true }); } }, t("acc.disable")),
          h("button", { type: "button", class: "btn-secondary btn-small", onclick: () => {
            const p = prompt(t("acc.resetPrompt", { name: a.username }));
            if (p) void act({ password: p });
          } }, t("acc.reset"))));
    }));
  };
  const listId = newId();
  host.append(
    h("p", { class: "lead" }, t("acc.intro")),
    h("section", { class: "card", "aria-labelledby": listId },
      h("h2", { id: listId }, t("acc.list")),
      h("table", { class: "table" },
        h("thead", null, h("tr", null, ...["acc.username", "acc.role", "acc.state", "acc.actions"].map((k) => h("th", { scope: "col" }, t(k as "acc.role"))))),
        rows),
      error),
    createForm(render));
  await render();
}

function createForm(done: () => Promise<void>): HTMLElement {
  const ids = { user: newId(), pass: newId(), role: newId(), title: newId() };
  const error = h("p", { class: "form-error", role: "alert" });
  const user = h("input", { id: ids.user, name: "username", required: true, maxlength: 60, autocomplete: "off" });
  const pass = h("input", { id: ids.pass, name: "password", type: "password", required: true, minlength: 10, autocomplete: "new-password", "aria-describedby": `${ids.pass}-hint` });
  const role = h("select", { id: ids.role, name: "role" }, ...(["instructor", "evaluator", "admin"] as Role[]).map((r) => h("option", { value: r }, t(`staff.${r}`))));
  const form = h("form", { class: "card", "aria-labelledby": ids.title, novalidate: true },
    h("h2", { id: ids.title }, t("acc.create")),
    h("div", { class: "field" }, h("label", { htmlFor: ids.user }, t("acc.username")), user),
    h("div", { class: "field" }, h("label", { htmlFor: ids.role }, t("acc.role")), role),
    h("div", { class: "field" }, h("label", { htmlFor: ids.pass }, t("acc.password")), pass, h("p", { class: "hint", id: `${ids.pass}-hint` }, t("acc.passwordHint"))),
    error, h("button", { type: "submit", class: "btn-primary" }, t("acc.createBtn")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!form.checkValidity()) { error.textContent = t("form.invalid"); form.querySelector<HTMLElement>(":invalid")?.focus(); return; }
    try {
      await schoolApi.createAccount(user.value.trim(), pass.value, role.value as Role);
      announce(t("acc.created", { name: user.value.trim() }));
      form.reset();
      await done();
    } catch (err) { error.textContent = failure(err); }
  });
  return form;
}

/** One's own password: the current one, the new one twice. */
export async function passwordScreen(): Promise<Screen> {
  const el = h("div", { class: "screen school", "data-screen": "password" });
  const me = await api.me().catch(() => undefined);
  if (!me) { location.hash = "#/staff"; return { el, title: () => t("pwd.title"), dispose: () => undefined }; }
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  const ids = { cur: newId(), p1: newId(), p2: newId() };
  const error = h("p", { class: "form-error", role: "alert" });
  const done = h("p", { class: "ok", role: "status" });
  const cur = h("input", { id: ids.cur, type: "password", required: true, autocomplete: "current-password" });
  const p1 = h("input", { id: ids.p1, type: "password", required: true, minlength: 10, autocomplete: "new-password", "aria-describedby": `${ids.p1}-hint` });
  const p2 = h("input", { id: ids.p2, type: "password", required: true, minlength: 10, autocomplete: "new-password" });
  const form = h("form", { class: "card narrow", "aria-labelledby": "pwd-title", novalidate: true },
    h("h1", { id: "pwd-title" }, t("pwd.title")),
    h("div", { class: "field" }, h("label", { htmlFor: ids.cur }, t("pwd.current")), cur),
    h("div", { class: "field" }, h("label", { htmlFor: ids.p1 }, t("pwd.new")), p1, h("p", { class: "hint", id: `${ids.p1}-hint` }, t("pwd.hint"))),
    h("div", { class: "field" }, h("label", { htmlFor: ids.p2 }, t("pwd.confirm")), p2),
    error, done, h("button", { type: "submit", class: "btn-primary" }, t("pwd.submit")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = ""; done.textContent = "";
    if (p1.value.length < 10) { error.textContent = t("pwd.tooShort"); p1.focus(); return; }
    if (p1.value !== p2.value) { error.textContent = t("pwd.mismatch"); p2.focus(); return; }
    try { await schoolApi.changePassword(cur.value, p1.value); form.reset(); done.textContent = t("pwd.done"); }
    catch (err) { error.textContent = failure(err); cur.focus(); }
  });
  el.append(schoolNav(me, "password"), form);
  return { el, title: () => t("pwd.title"), dispose: () => undefined };
}
