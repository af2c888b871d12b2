import { t } from "../i18n/index.js";
import type { Me } from "../net/api.js";
import { h } from "./dom.js";

/** The staff screens' navigation: console, classes, accounts (administrators), one's password; the current one marked. */
export function schoolNav(me: Me, current: "console" | "classes" | "accounts" | "password"): HTMLElement {
  const link = (id: typeof current, href: string, label: string) =>
    h("a", { href, class: `btn ${id === current ? "btn-primary" : "btn-secondary"}`, ...(id === current ? { "aria-current": "page" } : {}), "data-nav": id }, label);
  return h("nav", { class: "row school-nav", "aria-label": t("school.nav") },
    link("console", "#/staff", t("console.title")),
    link("classes", "#/staff/classes", t("school.classes")), // evaluators see the classes shared with them
    me.role === "admin" ? link("accounts", "#/staff/accounts", t("school.accounts")) : null,
    link("password", "#/staff/password", t("school.myAccount")));
}
