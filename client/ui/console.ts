import { t, tx } from "../i18n/index.js";
import { api, ApiError, type Me, type ScenarioSummary, type SessionInfo } from "../net/api.js";
import { announce } from "./announce.js";
import { focusEl, h, newId } from "./dom.js";
import { icon } from "./icons.js";
import { setContext } from "./header.js";
import type { Screen } from "./screen.js";
import { schoolNav } from "./school-nav.js";
import { schoolApi, type ClassSummary } from "../net/school-api.js";

/**
 * The instructor console (loaded lazily): sign-in (and first-run setup),
 * the scenario list with summary, audience and validation status, session creation,
 * the list of sessions. `sessionScreen` (console-session.ts) runs one session.
 */
export async function consoleScreen(): Promise<Screen> {
  const el = h("div", { class: "screen console", "data-screen": "console" });
  let me: Me | undefined;
  const render = async () => {
    try { me = await api.me(); } catch { me = undefined; }
    if (!me) { el.replaceChildren(await signIn(async () => { await render(); focusEl(el.querySelector("h1")); })); return; }
    setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
    el.replaceChildren(h("p", { class: "muted" }, t("console.loading")));
    const [scenarios, sessions, classes] = await Promise.all([api.scenarios().catch(() => [] as ScenarioSummary[]), api.sessions().catch(() => [] as SessionInfo[]),
      schoolApi.classes().catch(() => [] as ClassSummary[])]);
    el.replaceChildren(
      schoolNav(me, "console"),
      h("div", { class: "console-head" }, h("h1", null, t("console.title")),
        h("div", { class: "row" },
          h("a", { href: "#/evaluate", class: "btn btn-secondary", "data-link": "evaluate" }, t("eval.workspace")),
          // Evaluators too: they read there the scenarios shared with them and the bundled ones (nothing to save).
          h("a", { href: "#/studio", class: "btn btn-secondary", "data-link": "studio" }, t(me.role === "evaluator" ? "console.studioRead" : "console.studio")),
          h("button", { type: "button", class: "btn-secondary", onclick: async () => { await api.logout().catch(() => undefined); await render(); } }, t("console.logout")))),
      h("div", { class: "console-home" },
        me.role !== "evaluator" ? createForm(scenarios, classes.filter((c) => c.access !== "assess")) : h("p", { class: "hint" }, t("console.evaluatorHint")),
        sessionList(sessions, scenarios)));
  };
  await render();
  return { el, title: () => t("console.title"), dispose: () => undefined };
}

/** The staff sign-in (and first-run setup) form; the evaluator workspace reuses it. */
export async function signIn(done: () => Promise<void>): Promise<HTMLElement> {
  let needsSetup = false;
  try { needsSetup = (await api.setupNeeded()).needsSetup; } catch { /* server down: show login, errors will tell */ }
  const ids = { token: newId(), user: newId(), pass: newId() };
  const error = h("p", { class: "form-error", role: "alert" });
  const token = h("input", { id: ids.token, name: "token", autocomplete: "off", required: true, value: sessionStorage.getItem("sf.setupToken") ?? "" });
  const user = h("input", { id: ids.user, name: "username", autocomplete: "username", required: true, maxlength: 60 });
  const pass = h("input", { id: ids.pass, name: "password", type: "password", autocomplete: needsSetup ? "new-password" : "current-password", required: true, minlength: needsSetup ? 10 : undefined });
  const form = h("form", { class: "card narrow", "aria-labelledby": "signin-title", novalidate: true },
    h("h1", { id: "signin-title" }, needsSetup ? t("signin.setupTitle") : t("signin.title")),
    needsSetup ? h("p", null, t("signin.setupText")) : null,
    needsSetup ? h("div", { class: "field" }, h("label", { htmlFor: ids.token }, t("signin.token")), token) : null,
    h("div", { class: "field" }, h("label", { htmlFor: ids.user }, t("signin.username")), user),
    h("div", { class: "field" }, h("label", { htmlFor: ids.pass }, t("signin.password")), pass,
      needsSetup ? h("p", { class: "hint" }, t("signin.passwordHint")) : null),
    error,
    h("button", { type: "submit", class: "btn-primary" }, needsSetup ? t("signin.create") : t("signin.submit")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!form.checkValidity()) { error.textContent = t("form.invalid"); form.querySelector<HTMLElement>(":invalid")?.focus(); return; }
    try {
      if (needsSetup) { await api.setup(token.value.trim(), user.value.trim(), pass.value); sessionStorage.removeItem("sf.setupToken"); }
      else await api.login(user.value.trim(), pass.value);
      await done();
    } catch (err) {
      const e2 = err as ApiError;
      error.textContent = e2.status === 401 || e2.status === 403 ? t("signin.bad") : `${t("signin.failed")} ${e2.message}`;
      (needsSetup ? token : user).focus();
    }
  });
  return h("div", { class: "signin" }, form);
}

function createForm(scenarios: ScenarioSummary[], classes: ClassSummary[]): HTMLElement {
  const error = h("p", { class: "form-error", role: "alert" });
  const nameId = newId(), cellsId = newId(), classId = newId();
  const first = scenarios.find((s) => s.valid && s.tutorial) ?? scenarios.find((s) => s.valid);
  const list = h("fieldset", { class: "scenario-list" }, h("legend", null, t("console.scenario")),
    scenarios.length === 0 ? h("p", { class: "muted" }, t("console.noScenario")) : null,
    scenarios.map((s) => {
      const id = newId("sc");
      const problems = (s.problems as string[] | undefined) ?? [];
      return h("div", { class: `scenario-card ${s.valid ? "" : "invalid"}` },
        h("input", { type: "radio", name: "scenario", id, value: s.id, disabled: !s.valid, checked: s.id === first?.id }),
        h("label", { htmlFor: id },
          h("strong", null, tx(s.title as never) || s.id), s.tutorial ? h("span", { class: "tag" }, t("console.tutorial")) : null,
          h("span", { class: `tag ${s.valid ? "tag-ok" : "tag-critical"}` }, icon(s.valid ? "ok" : "no", 14), " ", s.valid ? t("console.valid") : t("console.invalid", { count: problems.length }))),
        s.source === "library" ? h("p", { class: "small", "data-library": s.access ?? "" }, s.owner
          ? t("console.libraryShared", { owner: s.owner, v: String(s.version ?? ""), access: t(`school.access.${s.access === "edit" ? "edit" : "use"}`) })
          : t("console.libraryMine", { v: String(s.version ?? "") })) : null,
        s.audience ? h("p", { class: "small", "data-audience": "" }, tx(s.audience as never)) : null,
        s.summary ? h("p", { class: "muted" }, tx(s.summary as never)) : null,
        h("p", { class: "muted small" }, [s.duration ? `${t("console.duration")} ${s.duration}` : "", s.languages?.length ? `${t("console.languages")} ${s.languages.join(", ")}` : "",
          s.competencies?.length ? s.competencies.join(" ") : "", s.roles ? t("console.roles", { n: String(s.roles) }) : ""].filter(Boolean).join(" · ")),
        problems.length ? h("details", null, h("summary", null, t("console.problems")), h("ul", { class: "problems" }, problems.slice(0, 20).map((p) => h("li", null, h("code", null, p))))) : null);
    }));
  const form = h("form", { class: "card create-session", "aria-labelledby": "create-title", novalidate: true },
    h("h2", { id: "create-title" }, t("console.create")),
    list,
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { htmlFor: nameId }, t("console.sessionName")), h("input", { id: nameId, name: "name", maxlength: 80, placeholder: t("console.sessionNamePh") })),
      h("div", { class: "field" }, h("label", { htmlFor: cellsId }, t("console.cells")), h("input", { id: cellsId, name: "cells", type: "number", min: 1, max: 8, value: "1", required: true })),
      h("div", { class: "field" }, h("label", { htmlFor: classId }, t("cls.forSession")),
        h("select", { id: classId, name: "class", "aria-describedby": `${classId}-hint` }, h("option", { value: "" }, t("cls.noClass")), ...classes.map((c) => h("option", { value: c.id }, `${c.name} (${c.students})`))),
        h("p", { class: "hint", id: `${classId}-hint` }, t("cls.forSessionHint")))),
    error,
    h("button", { type: "submit", class: "btn-primary" }, t("console.createBtn")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const fd = new FormData(form);
    const scenario = String(fd.get("scenario") ?? "");
    if (!scenario) { error.textContent = t("console.pickScenario"); return; }
    try {
      const s = await api.createSession(scenario, Math.max(1, Math.min(8, Number(fd.get("cells")) || 1)), String(fd.get("name") ?? "").trim() || undefined, String(fd.get("class") ?? "") || undefined);
      announce(t("console.created", { code: s.code ?? "" }));
      location.hash = `#/staff/session/${s.id}`;
    } catch (err) { error.textContent = `${t("console.createFailed")} ${(err as Error).message}`; }
  });
  return form;
}

function sessionList(sessions: SessionInfo[], scenarios: ScenarioSummary[]): HTMLElement {
  const title = (id: string) => { const s = scenarios.find((x) => x.id === id || x.scenarioId === id); return s ? tx(s.title as never) : id; };
  return h("section", { class: "card sessions", "aria-labelledby": "sessions-title" },
    h("h2", { id: "sessions-title" }, t("console.sessions")),
    sessions.length === 0 ? h("p", { class: "muted" }, t("console.noSession")) :
      h("table", null, h("thead", null, h("tr", null, ...["console.sessionName", "console.scenario", "console.code", "console.cells", ""].map((k) => h("th", { scope: "col" }, k ? t(k as never) : h("span", { class: "sr-only" }, t("console.open")))))),
        h("tbody", null, [...sessions].reverse().map((s) => h("tr", null,
          h("td", null, s.name || t("console.session"), s.access && s.access !== "owner" ? h("span", { class: "tag" }, t(`school.access.${s.access}`)) : null,
            s.class ? h("span", { class: "muted small" }, ` · ${s.class.name}`) : null),
          h("td", null, title(String(s.scenarioId ?? s.scenario ?? ""))), h("td", null, s.code ? h("code", { class: "code" }, s.code) : "—"),
          h("td", null, String(Array.isArray(s.cells) ? s.cells.length : s.cells ?? "")),
          h("td", null, h("a", { href: `#/staff/session/${s.id}`, class: "btn btn-small" }, t("console.open"), h("span", { class: "sr-only" }, ` ${s.name || s.code}`)),
            " ", h("a", { href: `#/evaluate/${s.id}`, class: "btn btn-small" }, t("eval.replayLink"), h("span", { class: "sr-only" }, ` ${s.name || s.code}`))))))));
}

export async function sessionScreen(id: string): Promise<Screen> {
  return (await import("./console-session.js")).consoleSession(id);
}
