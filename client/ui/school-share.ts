import { t } from "../i18n/index.js";
import { ApiError, type Role } from "../net/api.js";
import { schoolApi, type Share, type ShareKind, type ShareLevel } from "../net/school-api.js";
import { announce } from "./announce.js";
import { h, newId } from "./dom.js";
import "./school.css";

/**
 * The sharing panel of a session, a class or a library scenario, for its
 * owner: who else sees it (co-instructors run a session, evaluators replay,
 * annotate, assess, export; a scenario's colleagues use it or edit it) and a
 * form to share with one more account, picked by username from the active
 * accounts (an evaluator account gets the narrower level only). Nobody else
 * learns that it exists.
 */

/** Per kind: the levels offered (the wider first), the one an evaluator account gets, and what the panel says. */
const KINDS: Record<ShareKind, { levels: [ShareLevel, ShareLevel]; evaluator: ShareLevel; intro: () => string }> = {
  sessions: { levels: ["run", "assess"], evaluator: "assess", intro: () => t("share.intro", { what: t("share.thisSession") }) },
  classes: { levels: ["run", "assess"], evaluator: "assess", intro: () => t("share.intro", { what: t("share.thisClass") }) },
  scenarios: { levels: ["edit", "use"], evaluator: "use", intro: () => t("share.introScenario") },
};

export function sharePanel(kind: ShareKind, id: string, opts: { heading?: "h2" | "h3" } = {}): HTMLElement {
  const spec = KINDS[kind];
  const ids = { user: newId(), access: newId() };
  const list = h("ul", { class: "share-list" });
  const error = h("p", { class: "form-error", role: "alert" });
  const user = h("select", { id: ids.user, name: "username", required: true });
  const access = h("select", { id: ids.access, name: "access" },
    ...spec.levels.map((level) => h("option", { value: level, selected: level === spec.evaluator }, t(`school.access.${level}`))));
  let accounts: { username: string; role: Role }[] = [];
  let me = "";

  const show = (shares: Share[]) => {
    list.replaceChildren(...(shares.length ? shares.map((s) => h("li", null,
      h("span", { class: "share-name" }, s.username), " — ", h("span", { class: "muted" }, t(`school.access.${s.access}`)),
      h("button", { type: "button", class: "btn-secondary btn-small", "aria-label": t("share.removeLabel", { name: s.username }), onclick: () => void change(s.username, "none") }, t("share.remove"))))
      : [h("li", { class: "muted" }, t("share.none"))]));
    const shared = new Set(shares.map((s) => s.username));
    user.replaceChildren(h("option", { value: "" }, t("share.pick")),
      ...accounts.filter((a) => a.username !== me && !shared.has(a.username)).map((a) => h("option", { value: a.username }, `${a.username} (${t(`staff.${a.role}`)})`)));
  };
  const change = async (username: string, to: ShareLevel | "none") => {
    error.textContent = "";
    try { show(await schoolApi.share(kind, id, username, to)); announce(t("share.done")); }
    catch (err) { const e = err as ApiError; error.textContent = `${t("school.error")} ${e.message}`; }
  };
  const form = h("form", { class: "share-form row", novalidate: true },
    h("div", { class: "field" }, h("label", { htmlFor: ids.user }, t("share.with")), user),
    h("div", { class: "field" }, h("label", { htmlFor: ids.access }, t("share.as")), access),
    h("button", { type: "submit", class: "btn-primary" }, t("share.add")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!user.value) { error.textContent = t("share.pick"); user.focus(); return; }
    const picked = accounts.find((a) => a.username === user.value);
    void change(user.value, picked?.role === "evaluator" ? spec.evaluator : access.value as ShareLevel);
  });
  const titleId = newId();
  const el = h("section", { class: "card share-panel", "aria-labelledby": titleId },
    h(opts.heading ?? "h2", { id: titleId }, t("share.title")),
    h("p", { class: "hint" }, spec.intro()),
    list, form, error);
  void (async () => {
    try {
      const [all, shares, who] = await Promise.all([schoolApi.accounts(), schoolApi.shares(kind, id), (await import("../net/api.js")).api.me()]);
      accounts = all.filter((a) => a.disabledAt === undefined);
      me = who.username;
      show(shares);
    } catch (err) { error.textContent = `${t("school.loadError")} ${(err as Error).message}`; }
  })();
  return el;
}
