import { t } from "../i18n/index.js";
import { ApiError, type Role } from "../net/api.js";
import { schoolApi, type Share } from "../net/school-api.js";
import { announce } from "./announce.js";
import { h, newId } from "./dom.js";
import "./school.css";

/**
 * The sharing panel of a session or a class, for its owner: who else sees
 * it (co-instructors run it, evaluators replay, annotate, assess, export)
 * and a form to share with one more account, picked by username from the
 * active accounts (an evaluator account can only be shared with to assess).
 * Nobody else learns that the session or class exists.
 */
export function sharePanel(kind: "sessions" | "classes", id: string): HTMLElement {
  const ids = { user: newId(), access: newId() };
  const list = h("ul", { class: "share-list" });
  const error = h("p", { class: "form-error", role: "alert" });
  const user = h("select", { id: ids.user, name: "username", required: true });
  const access = h("select", { id: ids.access, name: "access" },
    h("option", { value: "run" }, t("school.access.run")), h("option", { value: "assess", selected: true }, t("school.access.assess")));
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
  const change = async (username: string, to: "run" | "assess" | "none") => {
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
    void change(user.value, picked?.role === "evaluator" ? "assess" : access.value as "run" | "assess");
  });
  const titleId = newId();
  const el = h("section", { class: "card share-panel", "aria-labelledby": titleId },
    h("h2", { id: titleId }, t("share.title")),
    h("p", { class: "hint" }, t("share.intro", { what: t(kind === "sessions" ? "share.thisSession" : "share.thisClass") })),
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
