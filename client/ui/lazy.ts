import { t } from "../i18n/index.js";
import type { Part } from "./context.js";
import { h } from "./dom.js";

/** A panel built from a chunk of its own: `load()` fetches and builds it once (tab opened, or prefetched after the first paint). */
export interface LazyPart extends Part {
  load: () => Promise<void>;
  tick: () => void;
}

/**
 * A panel that is not visible at first: its code is fetched (and the panel
 * built, from the view as it is then) the first time `load()` is called —
 * its tab opened, or the prefetch after the cell screen's first paint, so a
 * player never waits on a tab switch. Until then it says it is loading
 * (`aria-busy`); updates before that are nothing to apply, as the panel is
 * built from the current view. A failed fetch says so and is tried again on
 * the next `load()`.
 */
export function lazyPart(build: () => Promise<Part & { tick?: () => void }>, loadingText = t("cell.tabLoading")): LazyPart {
  const el = h("div", { class: "lazy-part", "aria-busy": "true" }, h("p", { class: "muted" }, loadingText));
  let part: (Part & { tick?: () => void }) | undefined;
  let loading: Promise<void> | undefined;
  let disposed = false;
  return {
    el,
    load: () => disposed ? Promise.resolve() : loading ??= build().then((p) => {
      if (disposed) { p.dispose?.(); return; }
      part = p;
      el.replaceChildren(p.el);
      el.removeAttribute("aria-busy");
    }, () => {
      loading = undefined;
      el.replaceChildren(h("p", { class: "error" }, t("app.loadError")));
    }),
    tick: () => part?.tick?.(),
    update: (changed) => part?.update(changed),
    dispose: () => { disposed = true; part?.dispose?.(); },
  };
}

/** Run `fn` when the browser is idle (soon after, where requestIdleCallback is missing). */
export function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}
