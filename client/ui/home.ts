import { t } from "../i18n/index.js";
import { api, ApiError } from "../net/api.js";
import { seatStore } from "../net/store.js";
import { h, newId } from "./dom.js";
import type { Screen } from "./screen.js";

/** Home: join a crisis cell with a code and a display name; a way back into one's seat; the staff entrance. */
export function homeScreen(): Screen {
  const el = h("div", { class: "screen home", "data-screen": "home" });
  const render = () => {
    const seat = seatStore.load();
    const codeId = newId(), nameId = newId(), errId = newId();
    const code = h("input", { id: codeId, name: "code", required: true, autocomplete: "off", autocapitalize: "characters", spellcheck: "false",
      maxlength: 16, "aria-describedby": `${codeId}-hint`, class: "input-code", value: new URLSearchParams(location.search).get("code") ?? "" });
    const name = h("input", { id: nameId, name: "name", required: true, autocomplete: "nickname", maxlength: 60, "aria-describedby": `${nameId}-hint`, value: seat?.name ?? "" });
    const error = h("p", { id: errId, class: "form-error", role: "alert" });
    const submit = h("button", { type: "submit", class: "btn-primary" }, t("home.join"));
    const form = h("form", { class: "card join-form", "aria-labelledby": "join-title", novalidate: true },
      h("h2", { id: "join-title" }, t("home.joinTitle")),
      h("div", { class: "field" }, h("label", { htmlFor: codeId }, t("home.code")), code, h("p", { class: "hint", id: `${codeId}-hint` }, t("home.codeHint"))),
      h("div", { class: "field" }, h("label", { htmlFor: nameId }, t("home.name")), name, h("p", { class: "hint", id: `${nameId}-hint` }, t("home.nameHint"))),
      error, submit);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      error.textContent = "";
      const c = code.value.trim().toUpperCase(), n = name.value.trim();
      if (!c) { error.textContent = t("home.codeMissing"); code.setAttribute("aria-invalid", "true"); code.focus(); return; }
      if (!n) { error.textContent = t("home.nameMissing"); name.setAttribute("aria-invalid", "true"); name.focus(); return; }
      submit.disabled = true;
      submit.textContent = t("home.joining");
      try {
        const r = await api.join(c, n);
        seatStore.save({ cellId: r.cellId, token: r.token, playerId: r.playerId, sessionId: r.sessionId, name: n, code: c });
        location.hash = "#/play";
      } catch (err) {
        const e2 = err as ApiError;
        error.textContent = e2.status === 0 ? t("home.network") : e2.status === 404 ? t("home.badCode") : `${t("home.joinFailed")} ${e2.message}`;
        code.focus();
      } finally {
        submit.disabled = false;
        submit.textContent = t("home.join");
      }
    });
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
  return { el, title: () => t("home.title"), dispose: () => undefined };
}
