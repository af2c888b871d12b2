/**
 * A tiny DOM toolkit: `h()` builds elements, `keyedList()` updates a list in
 * place (keeping the focused node), `trapFocus`-free helpers for managed focus.
 * Panels render lists with it; composers are built once and never re-rendered.
 */
type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown> & { class?: string; text?: string };

const PROPS = new Set(["value", "checked", "disabled", "hidden", "selected", "tabIndex", "htmlFor", "open", "indeterminate"]);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = String(v);
      else if (k === "style") el.style.cssText = String(v); // CSSOM, not a style attribute: allowed by the CSP (no 'unsafe-inline')
      else if (k === "text") el.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
      else if (PROPS.has(k)) (el as unknown as Record<string, unknown>)[k] = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void { el.replaceChildren(); }

/** Replace `el`'s children, skipping null/false ones. */
export function fill(el: Element, ...children: Child[]): void { el.replaceChildren(); append(el, children); }

let uid = 0;
/** A unique id for label/aria wiring. */
export function newId(prefix = "sf"): string { return `${prefix}-${++uid}`; }

/**
 * Update `container`'s children to match `items`, reusing nodes by key and
 * rebuilding a node only when its signature changed. The focused node, and
 * any node holding user input, survives updates.
 */
export function keyedList<T>(container: HTMLElement, items: readonly T[], key: (item: T) => string, signature: (item: T) => string, render: (item: T) => HTMLElement): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children) as HTMLElement[]) if (child.dataset.key) existing.set(child.dataset.key, child);
  const active = document.activeElement;
  let prev: Element | null = null;
  const keep = new Set<string>();
  for (const item of items) {
    const k = key(item);
    keep.add(k);
    const sig = signature(item);
    let node = existing.get(k);
    if (!node || (node.dataset.sig !== sig && !node.contains(active))) {
      const fresh = render(item);
      fresh.dataset.key = k;
      fresh.dataset.sig = sig;
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    const want: Element | null = prev ? prev.nextElementSibling : container.firstElementChild;
    if (want !== node) container.insertBefore(node, want);
    prev = node;
  }
  for (const [k, node] of existing) if (!keep.has(k)) node.remove();
}

/** Move focus to `el` (made focusable if needed) without scrolling the page wildly. */
export function focusEl(el: HTMLElement | null | undefined): void {
  if (!el) return;
  if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: false });
}

/** True when the user asked the system for less motion. */
export function reducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * An accessible tab list (WAI-ARIA tabs pattern): arrows, Home and End move
 * between tabs, each tab controls one panel. Panels are built once and kept.
 */
export function tabs(label: string, items: { id: string; label: string | Node; panel: HTMLElement }[], onSelect?: (id: string) => void, initial?: string): { el: HTMLElement; select: (id: string, focus?: boolean) => void; setBadge: (id: string, text: string, srSuffix?: string) => void; current: () => string } {
  const list = h("div", { role: "tablist", "aria-label": label, class: "tablist" });
  const panels = h("div", { class: "tabpanels" });
  const buttons = new Map<string, HTMLButtonElement>();
  const badges = new Map<string, HTMLElement>();
  let current = "";
  const select = (id: string, focus = false) => {
    current = id;
    for (const it of items) {
      const on = it.id === id;
      const b = buttons.get(it.id)!;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      it.panel.hidden = !on;
      if (on && focus) b.focus();
    }
    onSelect?.(id);
  };
  for (const it of items) {
    const tabId = `tab-${it.id}`;
    const badge = h("span", { class: "badge" });
    badges.set(it.id, badge);
    const b = h("button", { type: "button", role: "tab", id: tabId, "aria-controls": `panel-${it.id}`, class: "tab", "data-tab": it.id,
      onclick: () => select(it.id) }, it.label, badge);
    b.addEventListener("keydown", (e) => {
      const i = items.findIndex((x) => x.id === it.id);
      let j = -1;
      if (e.key === "ArrowRight") j = (i + 1) % items.length;
      else if (e.key === "ArrowLeft") j = (i - 1 + items.length) % items.length;
      else if (e.key === "Home") j = 0;
      else if (e.key === "End") j = items.length - 1;
      if (j >= 0) { e.preventDefault(); select(items[j].id, true); }
    });
    buttons.set(it.id, b);
    list.append(b);
    it.panel.id = `panel-${it.id}`;
    it.panel.setAttribute("role", "tabpanel");
    it.panel.setAttribute("aria-labelledby", tabId);
    it.panel.tabIndex = 0;
    panels.append(it.panel);
  }
  select(initial ?? items[0].id);
  return {
    el: h("div", { class: "tabs" }, list, panels), select, current: () => current,
    setBadge: (id, text, srSuffix = "") => {
      const b = badges.get(id);
      if (!b) return;
      // Visible count plus screen-reader words; the visible text stays inside the accessible name (WCAG 2.5.3).
      b.replaceChildren(...(text ? [text, h("span", { class: "sr-only" }, ` ${srSuffix}`)] : []));
    },
  };
}

/** Scenario text with the light markup authors use: **bold** becomes <strong>; everything else stays text (never HTML). */
export function richText(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  text.split(/(\*\*[^*\n]+\*\*)/g).forEach((part) => {
    if (/^\*\*[^*\n]+\*\*$/.test(part)) frag.append(h("strong", null, part.slice(2, -2)));
    else if (part) frag.append(part);
  });
  return frag;
}

/**
 * Undo the hard line breaks of text written in a YAML block (`|`): a line
 * that runs on (long, followed by a non-empty line that does not start a
 * list item) joins the next one; paragraphs and lists stay as written.
 */
export function reflow(text: string): string {
  const lines = text.split("\n");
  return lines.map((line, i) => {
    if (i === lines.length - 1) return line;
    const next = lines[i + 1];
    const joins = line.trim().length >= 50 && next.trim() !== "" && !/^\s*([-•*–]|\d+[.)]|\p{Extended_Pictographic})/u.test(next);
    return line + (joins ? " " : "\n");
  }).join("");
}
