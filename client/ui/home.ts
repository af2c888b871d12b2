import { t } from "../i18n/index.js";
import { api, ApiError, type JoinInfo, type JoinResult } from "../net/api.js";
import { seatStore } from "../net/store.js";
import { announce } from "./announce.js";
import { h, newId } from "./dom.js";
import type { Screen } from "./screen.js";

/**
 * Home: join a crisis cell with a code and a display name — or, for the
 * session of a class, by picking oneself from the roster or typing one's
 * personal code (the roster sheet); a way back into one's seat; the staff
 * entrance. The roster is asked for as soon as the code is typed.
 */
export function homeScreen(): Screen {
  const el = h("div", { class: "screen home", "data-screen": "home" });
  let typed = new URLSearchParams(location.search).get("code") ?? ""; // kept across a language switch
  const render = () => {
    const seat = seatStore.load();
    const codeId = newId(), nameId = newId(), errId = newId();
    const code = h("input", { id: codeId, name: "code", required: true, autocomplete: "off", autocapitalize: "characters", spellcheck: "false",
      maxlength: 16, "aria-describedby": `${codeId}-hint`, class: "input-code", value: typed });
    const name = h("input", { id: nameId, name: "name", required: true, autocomplete: "nickname", maxlength: 60, "aria-describedby": `${nameId}-hint`, value: seat?.name ?? "" });
    const error = h("p", { id: errId, class: "form-error", role: "alert" });
    const submit = h("button", { type: "submit", class: "btn-primary" }, t("home.join"));
    const nameField = h("div", { class: "field" }, h("label", { htmlFor: nameId }, t("home.name")), name, h("p", { class: "hint", id: `${nameId}-hint` }, t("home.nameHint")));
    const rosterHost = h("div", { class: "roster-join", hidden: true });
    const pickId = newId(), personalId = newId();
    const pick = h("select", { id: pickId, name: "student" });
    const personal = h("input", { id: personalId, name: "personal", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: 12, class: "input-code", "aria-describedby": `${personalId}-hint` });
    let info: { code: string; info: JoinInfo } | undefined;
    const showRoster = (i: JoinInfo | undefined) => {
      const roster = i?.roster === true;
      nameField.hidden = roster; name.required = !roster; rosterHost.hidden = !roster;
      if (!roster || !i) return;
      pick.replaceChildren(h("option", { value: "" }, t("join.pickPh")), ...(i.students ?? []).map((st) => h("option", { value: st.id }, st.label)));
      rosterHost.replaceChildren(
        h("h3", null, t("join.rosterTitle")), h("p", null, t("join.rosterIntro", { name: i.class ?? "" })),
        h("div", { class: "field" }, h("label", { htmlFor: pickId }, t("join.pick")), pick),
        h("p", { class: "or" }, t("join.or")),
        h("div", { class: "field" }, h("label", { htmlFor: personalId }, t("join.personal")), personal, h("p", { class: "hint", id: `${personalId}-hint` }, t("join.personalHint"))));
    };
    const lookUp = async (c: string) => {
      if (info?.code === c) return info.info;
      try { const i = await api.joinInfo(c); info = { code: c, info: i }; showRoster(i); return i; } catch { showRoster(undefined); return undefined; }
    };
    code.addEventListener("input", () => { typed = code.value; });
    code.addEventListener("change", () => { const c = code.value.trim().toUpperCase(); if (c.length >= 6) void lookUp(c); });
    const form = h("form", { class: "card join-form", "aria-labelledby": "join-title", novalidate: true },
      h("h2", { id: "join-title" }, t("home.joinTitle")),
      h("div", { class: "field" }, h("label", { htmlFor: codeId }, t("home.code")), code, h("p", { class: "hint", id: `${codeId}-hint` }, t("home.codeHint"))),
      nameField, rosterHost,
      error, submit);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      error.textContent = "";
      const c = code.value.trim().toUpperCase(), n = name.value.trim();
      if (!c) { error.textContent = t("home.codeMissing"); code.setAttribute("aria-invalid", "true"); code.focus(); return; }
      const roster = (await lookUp(c))?.roster === true;
      const picked = pick.value, typed = personal.value.trim();
      if (roster && !picked && !typed) { error.textContent = t("join.pickMissing"); pick.focus(); return; }
      if (roster && picked && typed) { error.textContent = t("join.both"); personal.focus(); return; }
      if (!roster && !n) { error.textContent = t("home.nameMissing"); name.setAttribute("aria-invalid", "true"); name.focus(); return; }
      submit.disabled = true;
      submit.textContent = t("home.joining");
      try {
        const r: JoinResult = !roster ? await api.join(c, n, seat?.token) : await api.joinAs(c, picked ? { student: picked } : { personal: typed });
        seatStore.save({ cellId: r.cellId, token: r.token, playerId: r.playerId, sessionId: r.sessionId, name: r.name ?? n, code: c });
        if (r.resumed) announce(t("join.resumed"));
        location.hash = "#/play";
      } catch (err) {
        const e2 = err as ApiError;
        // The refusal in the reader's language (net/api.ts), after « Impossible de rejoindre : ».
        error.textContent = e2.status === 0 ? t("home.network") : e2.code === "unknown_code" ? t("home.badCode") : `${t("home.joinFailed")} ${e2.message}`;
        // A name someone in the cell already has: back to the name, to add an initial.
        const nameTaken = e2.code === "display_name_taken";
        if (nameTaken) name.setAttribute("aria-invalid", "true");
        (roster ? (typed ? personal : pick) : nameTaken ? name : code).focus();
      } finally {
        submit.disabled = false;
        submit.textContent = t("home.join");
      }
    });
    if (code.value) void lookUp(code.value.trim().toUpperCase());
    const resume = seat ? h("section", { class: "card resume", "aria-labelledby": "resume-title" },
      h("h2", { id: "resume-title" }, t("home.resumeTitle")),
      h("p", null, t("home.resumeText", { name: seat.name, code: seat.code ?? "" })),
      h("div", { class: "row" },
        h("a", { class: "btn btn-primary", href: "#/play" }, t("home.resume")),
        h("button", { type: "button", class: "btn-secondary", onclick: () => { seatStore.clear(); render(); } }, t("home.forget")))) : null;
    el.replaceChildren(
      h("div", { class: "home-hero" },
        h("h1", null, t("home.title")),
        h("p", { class: "lead" }, t("home.lead"))),
      h("div", { class: "home-grid" },
        h("div", { class: "stack" }, resume, form),
        h("section", { class: "card staff-entry", "aria-labelledby": "staff-title" },
          h("h2", { id: "staff-title" }, t("home.staffTitle")),
          h("p", null, t("home.staffText")),
          h("a", { class: "btn btn-secondary", href: "#/staff" }, t("home.staffLink")))),
    );
  };
  render();
  return { el, title: () => t("home.title"), dispose: () => undefined, relang: render };
}
