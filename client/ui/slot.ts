import type { PlayCtx } from "./context.js";
import { h } from "./dom.js";

/**
 * A place for a composer that depends on the roles a player holds. The form
 * is rebuilt only when those roles change and the form holds no focus (its
 * text is safe anyway: drafts are in localStorage). Incoming updates never
 * touch it otherwise.
 */
export function composerSlot(ctx: PlayCtx, build: () => HTMLElement | null, empty: () => HTMLElement | string | null): { el: HTMLElement; refresh: () => void } {
  const el = h("div", { class: "composer-slot" });
  let key = "";
  const refresh = () => {
    const next = ctx.you.roles.join(",");
    if (next === key && el.childElementCount > 0) return;
    if (el.contains(document.activeElement) && el.childElementCount > 0) return;
    key = next;
    const form = build();
    const fallback = form ? null : empty();
    el.replaceChildren(...(form ? [form] : fallback ? [typeof fallback === "string" ? h("p", { class: "hint" }, fallback) : fallback] : []));
  };
  refresh();
  return { el, refresh };
}
